import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { conversationMachine } from '../../dialogs/conversation.machine.js';
import { COMMANDS, type ConversationEvent } from '../../dialogs/conversation.setup.js';
import { questionSpec } from '../../dialogs/questions.js';
import { intentsOf, persist, restore, start, step, type ConversationSnapshot } from '../../src/bot/snapshot.js';
import { MACHINE_VERSION } from '../../dialogs/conversation.machine.js';

/** A small deterministic generator, so a failing walk can be replayed from its seed. */
function lcg(seed: number): () => number {
  let s = seed + 1;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Plausible next events for a snapshot: answers to the pending question, commands, days, noticed words. */
function candidates(s: ConversationSnapshot): ConversationEvent[] {
  const events: ConversationEvent[] = [{ type: 'UNREADABLE' }, { type: 'REASK' }, { type: 'DAY', today: '2026-11-23' }];
  events.push(
    { type: 'COMMAND', command: COMMANDS[0] },
    { type: 'COMMAND', command: 'exercises' },
    { type: 'COMMAND', command: 'language' },
  );
  events.push({ type: 'NOTICED', emergency: [], possible: ['saddle_anaesthesia'], others: [], crisis: false });
  events.push({ type: 'NOTICED', emergency: [], possible: [], others: ['progressive_weakness'], crisis: false });
  const id = s.context.asking;
  if (!id) return events;
  const spec = questionSpec(id);
  if (spec.kind === 'number')
    events.push(
      { type: 'ANSWER', questionId: id, value: spec.min ?? 0 },
      { type: 'ANSWER', questionId: id, value: spec.max ?? 1 },
    );
  else if (spec.kind === 'multi')
    events.push(
      { type: 'ANSWER', questionId: id, value: [] },
      { type: 'ANSWER', questionId: id, value: [spec.choices![0]!.value] },
    );
  else for (const c of spec.choices ?? []) events.push({ type: 'ANSWER', questionId: id, value: c.value });
  // Answers weigh more than the rest, so walks get deep into the intake and past the outcome.
  return [...events, ...events.filter((e) => e.type === 'ANSWER'), ...events.filter((e) => e.type === 'ANSWER')];
}

const input = { country: null, language: null, canRemind: true };
/** Starts of a conversation: new, returning, locked after an emergency, a known language and country. */
const inputs = [
  input,
  { country: 'US', language: 'en', returning: true, canRemind: true },
  { country: 'ES', language: 'es', returning: true, emergencyLock: true, canRemind: false },
  { country: 'GB', language: null, returning: true, urgentDay: '2026-11-23', canRemind: true },
];

describe('snapshot.step', () => {
  it('gives the same state, context and intents as xstate transition() on 60 random walks', () => {
    let compared = 0;
    let reachedOutcome = 0;
    for (let seed = 0; seed < 60; seed++) {
      const random = lcg(seed);
      const given = inputs[seed % inputs.length]!;
      const [first, firstActions] = initialTransition(conversationMachine, given);
      const begun = start(given);
      expect(begun.snapshot.value).toEqual(first.value);
      expect(begun.snapshot.context).toEqual(first.context);
      expect(begun.intents).toEqual(intentsOf(firstActions));
      let ours: ConversationSnapshot = begun.snapshot;
      let theirs = first;
      for (let i = 0; i < 40; i++) {
        const options = candidates(ours);
        const event = options[Math.floor(random() * options.length)]!;
        const next = step(ours, event);
        const [expected, actions] = transition(conversationMachine, theirs, event);
        expect(
          { value: next.snapshot.value, context: next.snapshot.context, status: next.snapshot.status },
          `seed ${seed} step ${i}`,
        ).toEqual({ value: expected.value, context: expected.context, status: expected.status });
        expect(next.intents).toEqual(intentsOf(actions));
        // Where detours return to (history values) too, as they are stored.
        expect(persist(next.snapshot), `seed ${seed} step ${i}`).toEqual(persist(expected));
        ours = next.snapshot;
        theirs = expected;
        compared++;
      }
      if (ours.context.outcome) reachedOutcome++;
    }
    expect(compared).toBe(2400);
    // The walks must reach past the intake for the comparison to cover the outcome's states.
    expect(reachedOutcome).toBeGreaterThan(10);
  });

  it('continues the same way from a snapshot read back from the store as from the one kept in memory', () => {
    const random = lcg(7);
    let s = start(input).snapshot;
    for (let i = 0; i < 60; i++) {
      const options = candidates(s);
      const event = options[Math.floor(random() * options.length)]!;
      const roundTripped = restore(MACHINE_VERSION, structuredClone(persist(s)));
      expect(roundTripped).toBeDefined();
      const fromMemory = step(s, event);
      const fromStore = step(roundTripped!, event);
      expect(fromStore.snapshot.value).toEqual(fromMemory.snapshot.value);
      expect(fromStore.snapshot.context).toEqual(fromMemory.snapshot.context);
      expect(fromStore.intents).toEqual(fromMemory.intents);
      expect(persist(fromStore.snapshot)).toEqual(persist(fromMemory.snapshot));
      s = fromMemory.snapshot;
    }
  });
});
