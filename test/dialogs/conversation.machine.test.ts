import { describe, expect, it } from 'vitest';
import { start, step, persist, restore, type ConversationSnapshot } from '../../src/bot/snapshot.js';
import type { ConversationEvent } from '../../dialogs/conversation.setup.js';
import { MACHINE_VERSION } from '../../dialogs/conversation.machine.js';
import type { Intent } from '../../dialogs/intents.js';

const ans = (questionId: string, value: unknown) => ({ type: 'ANSWER', questionId, value }) as ConversationEvent;

function run(
  events: ConversationEvent[],
  country: string | null = null,
): { s: ConversationSnapshot; intents: Intent[][] } {
  let { snapshot: s, intents } = start({ country });
  const all = [intents];
  for (const e of events) {
    ({ snapshot: s, intents } = step(s, e));
    all.push(intents);
  }
  return { s, intents: all };
}

const asks = (intents: Intent[]) =>
  intents.filter((i) => i.type === 'ask').map((i) => (i as { questionId: string }).questionId);

describe('conversation machine', () => {
  it('starts with the welcome and the consent question', () => {
    const { s, intents } = run([]);
    expect(s.matches({ main: { flow: { onboarding: 'consent' } } })).toBe(true);
    expect(intents[0]).toEqual([
      { type: 'say', id: 'welcome' },
      { type: 'ask', questionId: 'consent' },
    ]);
  });

  it('records consent in the profile and asks the age next', () => {
    const { s, intents } = run([ans('consent', 'agree')]);
    expect(s.context.asking).toBe('age');
    expect(intents[1]).toContainEqual({ type: 'profile', patch: { consent: 'agree' } });
  });

  it('skips the country question when the country is known', () => {
    const { s } = run([ans('consent', 'agree'), ans('age', 30)], 'ES');
    expect(s.context.asking).toBe('redflag.saddle_anaesthesia');
  });

  it('asks the country when unknown and remembers the answer', () => {
    const { s, intents } = run([ans('consent', 'agree'), ans('age', 30), ans('country', 'MX')]);
    expect(asks(intents[2]!)).toEqual(['country']);
    expect(s.context.country).toBe('MX');
    expect(intents[3]).toContainEqual({ type: 'profile', patch: { country: 'MX' } });
  });

  it('tells an under-16 to see a clinician but still screens them', () => {
    const { s, intents } = run([ans('consent', 'agree'), ans('age', 12)], 'GB');
    expect(intents[2]).toContainEqual({ type: 'say', id: 'age_under16' });
    expect(s.context.asking).toBe('redflag.saddle_anaesthesia');
  });

  it('ends politely on a declined consent and asks nothing more', () => {
    const { s, intents } = run([ans('consent', 'decline'), { type: 'UNREADABLE' }]);
    expect(s.matches({ main: { flow: { onboarding: 'declined' } } })).toBe(true);
    expect(s.context.asking).toBeNull();
    expect(asks(intents.flat())).toEqual(['consent']);
  });

  it('rejects an answer to another question, or an invalid value, and asks again with a hint', () => {
    const { s, intents } = run([ans('consent', 'agree'), ans('consent', 'agree'), ans('age', 300)]);
    expect(s.context.asking).toBe('age');
    expect(intents[2]).toEqual([{ type: 'ask', questionId: 'age', hint: true }]);
    expect(intents[3]).toEqual([{ type: 'ask', questionId: 'age', hint: true }]);
  });

  it('goes to the emergency outcome at once and records it', () => {
    const { s, intents } = run(
      [ans('consent', 'agree'), ans('age', 40), ans('redflag.saddle_anaesthesia', 'yes')],
      'GB',
    );
    expect(s.matches({ main: { flow: 'outcome' } })).toBe(true);
    expect(s.context.emergencyLock).toBe(true);
    expect(intents[3]).toContainEqual({
      type: 'outcome',
      disposition: 'emergency',
      flags: ['saddle_anaesthesia'],
      unsure: [],
      underAge: false,
    });
    expect(intents[3]!.find((i) => i.type === 'record')).toMatchObject({
      kind: 'triage',
      data: { disposition: 'emergency' },
    });
  });

  it('keeps the emergency lock through a restart', () => {
    const { s } = run(
      [
        ans('consent', 'agree'),
        ans('age', 40),
        ans('redflag.chest_pain', 'no'),
        { type: 'COMMAND', command: 'restart' },
      ],
      'GB',
    );
    expect(s.context.emergencyLock).toBe(false);
    const locked = run(
      [
        ans('consent', 'agree'),
        ans('age', 40),
        ans('redflag.saddle_anaesthesia', 'yes'),
        { type: 'COMMAND', command: 'restart' },
      ],
      'GB',
    );
    expect(locked.s.matches({ main: { flow: { onboarding: 'consent' } } })).toBe(true);
    expect(locked.s.context.emergencyLock).toBe(true);
  });

  it('answers help with the help text and the pending question again', () => {
    const { intents } = run([ans('consent', 'agree'), { type: 'COMMAND', command: 'help' }]);
    expect(intents[2]).toEqual([
      { type: 'say', id: 'help' },
      { type: 'ask', questionId: 'age' },
    ]);
  });

  it('shows progress without losing the question', () => {
    const { s, intents } = run([ans('consent', 'agree'), { type: 'COMMAND', command: 'progress' }]);
    expect(intents[2]).toEqual([
      { type: 'progress', points: [] },
      { type: 'ask', questionId: 'age' },
    ]);
    expect(s.context.asking).toBe('age');
  });

  it('survives persist and restore, and refuses a snapshot of another machine version', () => {
    const { s } = run([ans('consent', 'agree'), ans('age', 40)], 'GB');
    const stored = JSON.parse(JSON.stringify(persist(s))) as Record<string, unknown>;
    const back = restore(MACHINE_VERSION, stored)!;
    expect(back.value).toEqual(s.value);
    expect(step(back, ans('redflag.saddle_anaesthesia', 'no')).snapshot.context.asking).toBe(
      'redflag.urinary_retention',
    );
    expect(restore(MACHINE_VERSION + 1, stored)).toBeUndefined();
    expect(restore(MACHINE_VERSION, { ...stored, value: 'no_such_state' })).toBeUndefined();
  });

  it('comes back from a detour to the question it left, also after the snapshot was stored and read back', () => {
    const { s } = run([ans('consent', 'agree'), ans('age', 40), ans('redflag.saddle_anaesthesia', 'no')], 'GB');
    const detour = step(s, { type: 'COMMAND', command: 'language' }).snapshot;
    const stored = restore(MACHINE_VERSION, JSON.parse(JSON.stringify(persist(detour))))!;
    const back = step(stored, ans('language', 'es'));
    expect(back.intents).toEqual([
      { type: 'profile', patch: { language: 'es' } },
      { type: 'say', id: 'language_set' },
      { type: 'ask', questionId: 'redflag.urinary_retention' },
    ]);
    expect(back.snapshot.matches({ main: { flow: { intake: 'redflag_urinary_retention' } } })).toBe(true);
  });
});
