import { describe, expect, it } from 'vitest';
import { start, step, type ConversationSnapshot } from '../../src/bot/snapshot.js';
import type { AnswerValue, ConversationEvent, ConversationInput } from '../../dialogs/conversation.setup.js';
import { historyFromRecords, needsHistory, withHistory, type StoredRecord } from '../../dialogs/checkin/history.js';
import { questionSpec } from '../../dialogs/questions.js';

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 2, 1 + d, h)).toISOString();

/**
 * A history that changes every decision made from it: phase 3 with a walk-run stage given (so
 * the walking questions are asked), and an exercise resting after a spread an hour ago.
 */
const HISTORY = historyFromRecords(
  [
    {
      kind: 'triage',
      at: day(0),
      data: { disposition: 'self_care', flags: [], painLeft: 3, painRight: 0, score: 2, weeks: 2 },
    },
    ...[1, 2].map((d): StoredRecord => ({
      kind: 'checkin',
      at: day(d),
      data: { left: 3, right: 0, score: 2, flags: [] },
    })),
    { kind: 'checkin', at: day(3), data: { left: 3, right: 0, score: 2, flags: [], walk: 'yes', nextRun: 1 } },
    {
      kind: 'exercise',
      at: day(4, 8),
      data: { exerciseId: 'pelvic_tilt', before: 2, after: 3, outcome: 'peripheralized' },
    },
  ],
  new Date(day(4, 10)),
);

/** A few answers per question: enough to reach every state where the history is read. */
function answers(s: ConversationSnapshot): AnswerValue[] {
  const id = s.context.asking;
  if (!id) return [];
  const spec = questionSpec(id);
  if (id === 'exercise.pick') return s.context.exercise ? ['done'] : [s.context.session[0] ?? 'done', 'done'];
  if (id === 'exercise.step') return ['next', 'stop'];
  if (id === 'pain.now') return ['thigh', 'foot'];
  if (id === 'pain.left') return ['thigh'];
  if (id === 'pain.right') return ['none'];
  if (id.startsWith('redflag.')) return ['no'];
  if (spec.kind === 'multi') return [[]];
  if (spec.kind === 'number') return [spec.min ?? 0];
  if (id === 'consent') return ['agree'];
  return spec.choices!.map((c) => c.value);
}

const COMMANDS: ConversationEvent[] = (['exercises', 'progress', 'checkin', 'help'] as const).map((command) => ({
  type: 'COMMAND',
  command,
}));
const eventsFor = (s: ConversationSnapshot): ConversationEvent[] => [
  ...answers(s).map((value): ConversationEvent => ({ type: 'ANSWER', questionId: s.context.asking!, value })),
  { type: 'UNREADABLE' },
  ...COMMANDS,
];
const key = (s: ConversationSnapshot) =>
  JSON.stringify([
    s.value,
    s.context.asking,
    s.context.outcome?.disposition,
    s.context.exercise,
    s.context.session,
    s.context.walk,
    s.context.run,
  ]);
const same = (a: ReturnType<typeof step>, b: ReturnType<typeof step>) =>
  JSON.stringify([a.snapshot.value, a.snapshot.context, a.intents]) ===
  JSON.stringify([b.snapshot.value, b.snapshot.context, b.intents]);

describe('the bot loads the history for every turn whose decision depends on it', () => {
  it.each<[string, ConversationInput]>([
    ['a returning user', { country: 'GB', returning: true, canRemind: true }],
    ['a new user', { country: 'GB' }],
  ])('holds on every state reachable by %s', (_name, input) => {
    const first = step(start(input).snapshot, { type: 'DAY', today: HISTORY.at.slice(0, 10) }).snapshot;
    const queue = [first];
    const seen = new Set([key(first)]);
    const reachedWith = new Set<string>();
    let compared = 0;
    while (queue.length && seen.size < 4000) {
      const s = queue.shift()!;
      for (const event of eventsFor(s)) {
        const loaded = step(s, withHistory(event, HISTORY));
        const bare = step(s, event);
        compared++;
        if (!same(loaded, bare)) {
          const command = event.type === 'COMMAND' ? event.command : undefined;
          expect(needsHistory(s.context.place, command), `${JSON.stringify(s.value)} ${JSON.stringify(event)}`).toBe(
            true,
          );
          reachedWith.add(command ?? String(s.context.place));
        }
        const k = key(loaded.snapshot);
        if (!seen.has(k)) {
          seen.add(k);
          queue.push(loaded.snapshot);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Where the history changed a decision: the end of a check-in, its walking questions, the plans and progress.
    const expected = input.returning
      ? [
          'checkin.pain_score',
          'checkin.checkin_walk',
          'checkin.checkin_run',
          'exercises.after',
          'exercises',
          'progress',
        ]
      : ['exercises.after', 'exercises', 'progress'];
    for (const place of expected) expect([...reachedWith]).toContain(place);
  });
});
