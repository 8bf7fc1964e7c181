import { describe, expect, it } from 'vitest';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { initialTransition, transition } from 'xstate';
import { conversationMachine } from '../../dialogs/conversation.machine.js';
import type { ConversationEvent } from '../../dialogs/conversation.setup.js';
import { allQuestionIds, questionSpec } from '../../dialogs/questions.js';
import { EMERGENCY_FLAGS } from '../../dialogs/triage/red-flags.js';
import { SCREEN_ORDER } from '../../dialogs/triage/intake.states.js';
import { intentsOf, type ConversationSnapshot } from '../../src/bot/snapshot.js';
import type { Intent } from '../../dialogs/intents.js';

/**
 * Every path of the intake, walked with XState's graph utilities. Answers are chosen per question
 * so that each kind of outcome is reachable: all three answers to emergency questions, none / the
 * first flag of each group, two pain levels per side, an age either side of 16.
 */
function eventsFor(snapshot: ConversationSnapshot): ConversationEvent[] {
  const id = snapshot.context.asking;
  const commands: ConversationEvent[] = [{ type: 'COMMAND', command: 'exercises' }, { type: 'COMMAND', command: 'help' }];
  // The intake walk ends at the outcome; what may follow it is walked from there (below).
  if (snapshot.context.outcome) return [];
  if (!id) return commands;
  const spec = questionSpec(id);
  const answers = Object.values(snapshot.context.answers);
  // Once a kind of answer has been given, giving it again reaches no new kind of state:
  // offering it only the first time keeps the walk to a few thousand paths.
  const seenUnsure = answers.includes('unsure');
  const seenYes = answers.includes('yes');
  let values: (string | number | string[])[];
  if (id === 'age') values = [15, 40];
  else if (id === 'pain.left' || id === 'pain.right') values = ['back', 'foot'];
  else if (id === 'pain.weeks') values = [2, 13];
  else if (spec.kind === 'number') values = [spec.max ?? 1];
  else if (spec.kind === 'multi') values = seenYes ? [[]] : [[], [spec.choices![0]!.value]];
  else if (id === 'country') values = ['GB'];
  else if (id.startsWith('redflag.')) values = seenUnsure ? ['yes', 'no'] : ['yes', 'no', 'unsure'];
  else values = spec.choices!.map((c) => c.value);
  return [...values.map((value): ConversationEvent => ({ type: 'ANSWER', questionId: id, value })), { type: 'UNREADABLE' }, ...commands];
}

/** Anything that offers or walks through exercises. */
const isExerciseOffer = (i: Intent) => i.type === 'planSession' || (i.type === 'say' && i.id === 'exercises_ready') || (i.type === 'ask' && i.questionId.startsWith('exercise.'));

/** Abstracts a snapshot to what matters for the invariants, so the walk stays finite and small. */
function serialize(s: ConversationSnapshot): string {
  const a = Object.entries(s.context.answers);
  return JSON.stringify({
    v: s.value,
    emergencyYes: a.some(([f, v]) => v === 'yes' && SCREEN_ORDER.includes(`redflag.${f}` as never)),
    unsure: a.some(([, v]) => v === 'unsure'),
    anyYes: a.filter(([, v]) => v === 'yes').length > 0,
    under: (s.context.age ?? 99) < 16,
    left: s.context.painLeft,
    chronic: (s.context.weeks ?? 0) > 12,
    outcome: s.context.outcome?.disposition ?? null,
  });
}

const paths = getSimplePaths(conversationMachine, {
  input: { country: null },
  events: (s: unknown) => eventsFor(s as ConversationSnapshot),
  serializeState: (s: unknown) => serialize(s as ConversationSnapshot),
} as never);

/** Replays a path's events with the pure transition, collecting the intents of each step. */
function replay(events: readonly ConversationEvent[]): { steps: { event: ConversationEvent | null; intents: Intent[]; snapshot: ConversationSnapshot }[] } {
  let [snapshot, actions] = initialTransition(conversationMachine, { country: null });
  const steps = [{ event: null as ConversationEvent | null, intents: intentsOf(actions), snapshot: snapshot as ConversationSnapshot }];
  for (const event of events) {
    [snapshot, actions] = transition(conversationMachine, snapshot, event);
    steps.push({ event, intents: intentsOf(actions), snapshot: snapshot as ConversationSnapshot });
  }
  return { steps };
}

const replays = paths.map((p) => replay(p.steps.map((s) => s.event as ConversationEvent).filter((e) => !e.type.startsWith('xstate.'))));

describe('safety invariants over every path of the intake', () => {
  it('walks a meaningful number of paths, reaching every disposition', () => {
    expect(paths.length).toBeGreaterThan(100);
    const outcomes = new Set(replays.flatMap((r) => r.steps.flatMap((s) => s.intents.filter((i) => i.type === 'outcome').map((i) => (i as { disposition: string }).disposition))));
    expect([...outcomes].sort()).toEqual(['emergency', 'routine', 'self_care', 'urgent']);
  });

  it('ends in the emergency outcome on every path where an emergency flag is answered yes', () => {
    let checked = 0;
    for (const r of replays) {
      const i = r.steps.findIndex((s) => s.event?.type === 'ANSWER' && s.event.questionId.startsWith('redflag.') && s.event.value === 'yes');
      if (i < 0) continue;
      checked++;
      const outcome = r.steps[i]!.intents.find((x) => x.type === 'outcome');
      expect(outcome).toMatchObject({ disposition: 'emergency' });
      for (const later of r.steps.slice(i + 1)) {
        expect(later.snapshot.context.outcome?.disposition).toBe('emergency');
        expect(later.intents.some(isExerciseOffer)).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('never offers exercises before the whole screen has been answered', () => {
    for (const r of replays) {
      const answered = new Set<string>();
      for (const s of r.steps) {
        if (s.event?.type === 'ANSWER') answered.add(s.event.questionId);
        if (s.intents.some(isExerciseOffer)) {
          for (const q of SCREEN_ORDER) expect(answered.has(q), `offer before ${q}`).toBe(true);
          expect(['self_care', 'routine']).toContain(s.snapshot.context.outcome?.disposition);
        }
      }
    }
  });

  it('gives every ask intent a known question id', () => {
    const known = new Set<string>(allQuestionIds());
    for (const r of replays) for (const s of r.steps) for (const x of s.intents) if (x.type === 'ask') expect(known.has(x.questionId)).toBe(true);
  });

  it('asks the emergency tier one flag per question, before any lower tier', () => {
    const r = replays.find((x) => x.steps.some((s) => s.intents.some((i) => i.type === 'outcome' && i.disposition === 'self_care')))!;
    const asked = r.steps.flatMap((s) => s.intents.filter((i): i is Extract<Intent, { type: 'ask' }> => i.type === 'ask').map((i) => i.questionId));
    const firstGroup = asked.findIndex((q) => q.startsWith('redflags.'));
    const lastSingle = asked.map((q) => q.startsWith('redflag.')).lastIndexOf(true);
    expect(lastSingle).toBeLessThan(firstGroup);
    expect(asked.filter((q) => q.startsWith('redflag.'))).toHaveLength(10);
  });
});

describe('an emergency flag in free text wins in every state', () => {
  const commands: ConversationEvent[] = [{ type: 'COMMAND', command: 'stop' }, { type: 'COMMAND', command: 'restart' }];
  const reach = getShortestPaths(conversationMachine, {
    input: { country: null },
    events: (s: unknown) => [...eventsFor(s as ConversationSnapshot), ...commands, { type: 'NOTICED', emergency: [], possible: ['saddle_anaesthesia'], others: ['fever'], crisis: true }],
    serializeState: (s: unknown) => serialize(s as ConversationSnapshot) + JSON.stringify((s as ConversationSnapshot).context.clarify),
  } as never);

  it('reaches every kind of state, clarifying and stopped included', () => {
    const values = new Set(reach.map((p) => JSON.stringify((p.state as ConversationSnapshot).value)));
    for (const v of ['"consent"', '"declined"', '"stopped"', '"clarify"', '"outcome"', '"q_pain_weeks"']) expect(values).toContain(v);
  });

  it.each(EMERGENCY_FLAGS)('goes to the emergency outcome at once on %s from every reachable state', (flag) => {
    for (const p of reach) {
      const s = p.state as ConversationSnapshot;
      const [next, actions] = transition(conversationMachine, s, { type: 'NOTICED', emergency: [flag], possible: [], others: [], crisis: false });
      const outcome = intentsOf(actions).find((i) => i.type === 'outcome');
      expect(outcome, `from ${JSON.stringify(s.value)}`).toMatchObject({ disposition: 'emergency' });
      expect((outcome as { flags: string[] }).flags).toContain(flag);
      expect(next.context.emergencyLock).toBe(true);
    }
  });
});

/**
 * After an outcome: exercises, check-ins and reminders, walked from one snapshot of each
 * outcome (the intake walk above stops at the outcome, to stay small).
 */
describe('after the outcome: exercises only after a self-care or routine screen of today', () => {
  function afterEvents(s: ConversationSnapshot): ConversationEvent[] {
    const id = s.context.asking;
    const commands: ConversationEvent[] = [{ type: 'COMMAND', command: 'exercises' }, { type: 'COMMAND', command: 'checkin' }];
    if (s.value === 'ex_plan') return [{ type: 'SESSION', ids: ['pelvic_tilt', 'knee_to_chest'], smallerRange: [], physioReview: false }];
    if (!id) return commands;
    const spec = questionSpec(id);
    const ex = s.context.exercise;
    let values: (string | number | string[])[];
    if (id === 'exercise.pick') values = ex ? ['done'] : ['pelvic_tilt', 'done'];
    else if (id === 'pain.now') values = ex?.before == null ? ['thigh'] : ['thigh', 'foot'];
    else if (id === 'exercise.step') values = ex?.step === 0 ? ['next', 'stop'] : ['next'];
    else if (id.startsWith('redflag.')) values = ['no', 'yes'];
    else if (spec.kind === 'multi') values = [[], [spec.choices![0]!.value]];
    else if (id === 'pain.left' || id === 'pain.right') values = ['thigh'];
    else if (spec.kind === 'number') values = [spec.min ?? 0];
    else values = spec.choices!.map((c) => c.value);
    return [...values.map((value): ConversationEvent => ({ type: 'ANSWER', questionId: id, value })), ...commands];
  }
  const serializeAfter = (s: ConversationSnapshot) =>
    JSON.stringify({ v: s.value, o: s.context.outcome?.disposition ?? null, ex: s.context.exercise, a: s.context.answers, lock: s.context.emergencyLock, u: s.context.urgentDay });

  const start = (answers: Record<string, unknown>): ConversationSnapshot => {
    let [s] = initialTransition(conversationMachine, { country: 'GB' });
    [s] = transition(conversationMachine, s, { type: 'DAY', today: '2026-01-01' });
    for (let guard = 0; guard < 40 && !(s as ConversationSnapshot).context.outcome; guard++) {
      const c = (s as ConversationSnapshot).context;
      const id = c.asking!;
      const value = id in answers ? answers[id] : id === 'consent' ? 'agree' : id === 'age' ? 40 : id.startsWith('redflags.') ? [] : id.startsWith('redflag.') ? 'no' : id.startsWith('pain.') && questionSpec(id).kind === 'choice' ? 'thigh' : 2;
      [s] = transition(conversationMachine, s, { type: 'ANSWER', questionId: id, value } as ConversationEvent);
    }
    return s as ConversationSnapshot;
  };
  const walks = {
    self_care: start({ 'pain.right': 'none' }),
    routine: start({ 'pain.right': 'none', 'pain.weeks': 20 }),
    urgent: start({ 'redflags.infection': ['fever'], 'pain.right': 'none' }),
    emergency: start({ 'redflag.chest_pain': 'yes' }),
  };

  it.each(Object.keys(walks) as (keyof typeof walks)[])('after a %s outcome', (kind) => {
    const from = walks[kind];
    expect(from.context.outcome?.disposition).toBe(kind);
    // Every path after an emergency or urgent outcome; after self care or routine (where exercises
    // do open, and the paths multiply) one shortest path to every state.
    const walk = kind === 'emergency' || kind === 'urgent' ? getSimplePaths : getShortestPaths;
    const paths = walk(conversationMachine, { fromState: from, events: (s: unknown) => afterEvents(s as ConversationSnapshot), serializeState: (s: unknown) => serializeAfter(s as ConversationSnapshot) } as never);
    let walked = 0;
    for (const p of paths) {
      let last: string = kind;
      let snapshot = from;
      for (const step of p.steps) {
        const event = step.event as ConversationEvent;
        if (event.type.startsWith('xstate.')) continue;
        const [next, actions] = transition(conversationMachine, snapshot, event);
        snapshot = next as ConversationSnapshot;
        for (const i of intentsOf(actions)) {
          if (i.type === 'outcome') last = i.disposition;
          if (i.type === 'ask' && i.questionId === 'exercise.step') {
            walked++;
            // Same day: after an urgent outcome nothing unlocks exercises; after an emergency never.
            expect(kind === 'emergency' || kind === 'urgent', `${kind} path reached an exercise`).toBe(false);
            expect(['self_care', 'routine']).toContain(last);
          }
        }
      }
    }
    if (kind === 'self_care' || kind === 'routine') expect(walked).toBeGreaterThan(0);
    expect(paths.length).toBeGreaterThan(3);
  });
});
