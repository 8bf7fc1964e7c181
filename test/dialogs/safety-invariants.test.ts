import { beforeAll, describe, expect, it } from 'vitest';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { conversationMachine } from '../../dialogs/conversation.machine.js';
import type { AnswerValue, ConversationEvent, ConversationInput } from '../../dialogs/conversation.setup.js';
import { allQuestionIds, flowQuestions, questionSpec, type QuestionId } from '../../dialogs/questions.js';
import { EMERGENCY_FLAGS } from '../../dialogs/triage/red-flags.js';
import { start, step, type ConversationSnapshot } from '../../src/bot/snapshot.js';
import type { Intent } from '../../dialogs/intents.js';

/** One step of a replayed path: its event (null at the start), the intents it emitted and the snapshot after it. */
interface Step {
  event: ConversationEvent | null;
  intents: Intent[];
  snapshot: ConversationSnapshot;
}

/** A path of the graph, replayed from its start with the bot's pure step (the same as xstate's `transition`). */
interface Replay {
  steps: Step[];
}

/** What a graph walk offers in each state, and how it abstracts a snapshot (to keep the graph finite and small). */
interface Walk {
  events: (s: ConversationSnapshot) => ConversationEvent[];
  serialize: (s: ConversationSnapshot) => string;
}

const begin = (input: ConversationInput): Step => ({ event: null, ...start(input) });

/** xstate/graph's options for a walk from `from`. */
const traversal = (from: Step, walk: Walk) => ({
  fromState: from.snapshot,
  events: walk.events,
  serializeState: walk.serialize,
});

/** Every intent emitted along a path. */
const intentsAlong = (r: Replay): Intent[] => r.steps.flatMap((s) => s.intents);

/**
 * Every simple path (no abstract state twice) from `from`, each replayed: the paths xstate/graph's
 * `getSimplePaths` returns, to every state of the same adjacency map. `getSimplePaths` walks the whole
 * graph once per target state, and replaying each path from the start repeats every shared prefix:
 * seconds per walk. One depth-first walk finds the same paths, stepping each prefix once.
 */
function simplePaths(from: Step, walk: Walk): Replay[] {
  const adjacency = getAdjacencyMap(conversationMachine, traversal(from, walk));
  const edges = new Map<string, { event: ConversationEvent; next: string }[]>();
  for (const { state, event, nextState } of adjacencyMapToArray(adjacency)) {
    const key = walk.serialize(state);
    edges.set(key, [...(edges.get(key) ?? []), { event, next: walk.serialize(nextState) }]);
  }
  const replays: Replay[] = [];
  const onPath = new Set<string>();
  const visit = (key: string, steps: Step[]): void => {
    replays.push({ steps });
    onPath.add(key);
    for (const { event, next } of edges.get(key) ?? []) {
      if (onPath.has(next)) continue;
      visit(next, [...steps, { event, ...step(steps[steps.length - 1]!.snapshot, event) }]);
    }
    onPath.delete(key);
  };
  visit(walk.serialize(from.snapshot), [from]);
  return replays;
}

/**
 * One shortest path to every state from `from` (xstate/graph), each replayed. The paths form a tree: a
 * prefix they share is stepped once.
 */
function shortestPaths(from: Step, walk: Walk): Replay[] {
  const paths = getShortestPaths(conversationMachine, traversal(from, walk));
  interface Node {
    step: Step;
    next: Map<string, Node>;
  }
  const root: Node = { step: from, next: new Map() };
  return paths.map((p) => {
    let node = root;
    const steps = [from];
    for (const { event } of p.steps.slice(1)) {
      const key = JSON.stringify(event);
      let child = node.next.get(key);
      if (!child) {
        child = { step: { event, ...step(node.step.snapshot, event) }, next: new Map() };
        node.next.set(key, child);
      }
      steps.push(child.step);
      node = child;
    }
    return { steps };
  });
}

/**
 * The intake's events. Answers are chosen per question so that each kind of outcome is reachable: all
 * three answers to emergency questions, none / the first flag of each group, two pain levels per side,
 * an age either side of 16.
 */
function eventsFor(snapshot: ConversationSnapshot): ConversationEvent[] {
  const id = snapshot.context.asking;
  const commands: ConversationEvent[] = [
    { type: 'COMMAND', command: 'exercises' },
    { type: 'COMMAND', command: 'help' },
  ];
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
  const answerEvents = values.map((value): ConversationEvent => ({ type: 'ANSWER', questionId: id, value }));
  return [...answerEvents, { type: 'UNREADABLE' }, ...commands];
}

/** Anything that offers or walks through exercises. */
const isExerciseOffer = (i: Intent) =>
  (i.type === 'say' && i.id === 'exercises_ready') || (i.type === 'ask' && i.questionId.startsWith('exercise.'));

/** The intake's red-flag screen (every `redflag.*` and `redflags.*` question), from the question table. */
const SCREEN_ORDER: readonly QuestionId[] = flowQuestions('intake')
  .map((q) => q.id)
  .filter((id) => id.startsWith('redflag'));
const screenQuestions: readonly string[] = SCREEN_ORDER;

/**
 * Where a detour or a clarifying question returns to (XState's history values), while the
 * conversation is outside the flow: two such snapshots with different places to return to are
 * different states. Back in the flow, the next detour records them afresh.
 */
const returnsTo = (s: ConversationSnapshot) =>
  s.matches({ main: 'flow' })
    ? null
    : Object.fromEntries(Object.entries(s.historyValue).map(([k, nodes]) => [k, nodes.map((n) => n.id)]));

/** Abstracts a snapshot to what matters for the invariants, so the walk stays finite and small. */
function serialize(s: ConversationSnapshot): string {
  const a = Object.entries(s.context.answers);
  return JSON.stringify({
    v: s.value,
    back: returnsTo(s),
    emergencyYes: a.some(([f, v]) => v === 'yes' && screenQuestions.includes(`redflag.${f}`)),
    unsure: a.some(([, v]) => v === 'unsure'),
    anyYes: a.filter(([, v]) => v === 'yes').length > 0,
    under: (s.context.age ?? 99) < 16,
    left: s.context.painLeft,
    chronic: (s.context.weeks ?? 0) > 12,
    outcome: s.context.outcome?.disposition ?? null,
  });
}

describe('safety invariants over every path of the intake', () => {
  let replays: Replay[] = [];
  beforeAll(() => {
    replays = simplePaths(begin({ country: null }), { events: eventsFor, serialize });
  });

  it('walks a meaningful number of paths, reaching every disposition', () => {
    expect(replays.length).toBeGreaterThan(100);
    const outcomes = new Set(replays.flatMap(intentsAlong).flatMap((i) => (i.type === 'outcome' ? i.disposition : [])));
    expect([...outcomes].sort()).toEqual(['emergency', 'routine', 'self_care', 'urgent']);
  });

  it('ends in the emergency outcome on every path where an emergency flag is answered yes', () => {
    let checked = 0;
    for (const r of replays) {
      const i = r.steps.findIndex(
        (s) => s.event?.type === 'ANSWER' && s.event.questionId.startsWith('redflag.') && s.event.value === 'yes',
      );
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
    const asked = new Set(replays.flatMap(intentsAlong).flatMap((i) => (i.type === 'ask' ? i.questionId : [])));
    expect([...asked].filter((id) => !known.has(id))).toEqual([]);
    expect(asked.size).toBeGreaterThan(10);
  });

  it('asks the emergency tier one flag per question, before any lower tier, on every path to self care', () => {
    const isSelfCare = (i: Intent) => i.type === 'outcome' && i.disposition === 'self_care';
    const selfCare = replays.filter((r) => intentsAlong(r).some(isSelfCare));
    expect(selfCare.length).toBeGreaterThan(0);
    for (const r of selfCare) {
      const asked = intentsAlong(r).flatMap((i) => (i.type === 'ask' ? i.questionId : []));
      const firstGroup = asked.findIndex((q) => q.startsWith('redflags.'));
      const lastSingle = asked.map((q) => q.startsWith('redflag.')).lastIndexOf(true);
      expect(lastSingle).toBeLessThan(firstGroup);
      expect(asked.filter((q) => q.startsWith('redflag.'))).toHaveLength(10);
    }
  });
});

describe('an emergency flag in free text wins in every state', () => {
  const commands: ConversationEvent[] = [
    { type: 'COMMAND', command: 'stop' },
    { type: 'COMMAND', command: 'restart' },
  ];
  const detours: ConversationEvent[] = [
    { type: 'COMMAND', command: 'language' },
    { type: 'COMMAND', command: 'forget_me' },
  ];
  /** A detour from the flow or a clarifying question (one from another detour returns the same way, and only multiplies the walk). */
  const detoursFrom = (s: ConversationSnapshot) =>
    s.matches({ main: 'language' }) || s.matches({ main: 'forget' }) ? [] : detours;
  const noticed: ConversationEvent = {
    type: 'NOTICED',
    emergency: [],
    possible: ['saddle_anaesthesia'],
    others: ['fever'],
    crisis: true,
  };
  /** One snapshot of every reachable state (the states themselves: what happens next is what is checked). */
  let reach: ConversationSnapshot[] = [];
  beforeAll(() => {
    const paths = getShortestPaths(conversationMachine, {
      input: { country: null },
      events: (s) => [...eventsFor(s), ...commands, ...detoursFrom(s), noticed],
      serializeState: (s) => serialize(s) + JSON.stringify(s.context.clarify),
    });
    reach = paths.map((p) => p.state);
  });

  it('reaches every kind of state, clarifying, stopped and the detours included', () => {
    const kinds = [
      { main: { flow: { onboarding: 'consent' } } },
      { main: { flow: { onboarding: 'declined' } } },
      { main: { flow: 'stopped' } },
      'clarify',
      { main: { flow: 'outcome' } },
      { main: { flow: { intake: 'pain_weeks' } } },
      { main: 'language' },
      { main: 'forget' },
      { main: 'forgotten' },
    ] as const;
    for (const k of kinds)
      expect(
        reach.some((s) => s.matches(k)),
        JSON.stringify(k),
      ).toBe(true);
    // A clarifying question reached from a detour, and a detour from a clarifying question: both ways back are walked.
    expect(reach.some((s) => s.matches('clarify') && JSON.stringify(s.historyValue).includes('language'))).toBe(true);
  });

  it.each(EMERGENCY_FLAGS)('goes to the emergency outcome at once on %s from every reachable state', (flag) => {
    for (const s of reach) {
      const next = step(s, { type: 'NOTICED', emergency: [flag], possible: [], others: [], crisis: false });
      const outcome = next.intents.find((i) => i.type === 'outcome');
      expect(outcome, `from ${JSON.stringify(s.value)}`).toMatchObject({ disposition: 'emergency' });
      expect(outcome?.type === 'outcome' && outcome.flags).toContain(flag);
      expect(next.snapshot.context.emergencyLock).toBe(true);
    }
  });
});

/**
 * After an outcome: exercises, check-ins and reminders, walked from one snapshot of each
 * outcome (the intake walk above stops at the outcome, to stay small).
 */
describe('after the outcome: exercises only after a self-care or routine screen of today', () => {
  type Answers = Partial<Record<QuestionId, AnswerValue>>;
  function afterEvents(s: ConversationSnapshot): ConversationEvent[] {
    const id = s.context.asking;
    const commands: ConversationEvent[] = [
      { type: 'COMMAND', command: 'exercises' },
      { type: 'COMMAND', command: 'checkin' },
    ];
    if (!id) return commands;
    const spec = questionSpec(id);
    const ex = s.context.exercise;
    // Where exercises must stay off whatever a re-screen gives (locked after an emergency, or after an
    // urgent outcome today), a check-in may end with pain in one leg (self care or routine), not only in
    // both (an emergency again): then the lock or the day is all that keeps exercises off. A clinician's
    // clearance is given only while the outcome is still an emergency, and a re-screen after it stays in
    // both legs: past those, exercises rightly open, and the paths multiply beyond walking every one.
    const mustStayOff = s.context.emergencyLock || s.context.urgentDay === s.context.today;
    let values: (string | number | string[])[];
    if (id === 'exercise.pick') values = ex ? ['done'] : ['pelvic_tilt', 'done'];
    else if (id === 'pain.now') values = ex?.before == null ? ['thigh'] : ['thigh', 'foot'];
    else if (id === 'exercise.step') values = ex?.step === 0 ? ['next', 'stop'] : ['next'];
    else if (id.startsWith('redflag.')) values = ['no', 'yes'];
    else if (spec.kind === 'multi') values = [[], [spec.choices![0]!.value]];
    else if (id === 'pain.left') values = ['thigh'];
    else if (id === 'pain.right') values = mustStayOff ? ['thigh', 'none'] : ['thigh'];
    else if (id === 'clinician.cleared')
      values = s.context.outcome?.disposition === 'emergency' ? ['yes', 'no'] : ['no'];
    else if (spec.kind === 'number') values = [spec.min ?? 0];
    else values = spec.choices!.map((c) => c.value);
    return [...values.map((value): ConversationEvent => ({ type: 'ANSWER', questionId: id, value })), ...commands];
  }
  const serializeAfter = (s: ConversationSnapshot) =>
    JSON.stringify({
      v: s.value,
      back: returnsTo(s),
      o: s.context.outcome?.disposition ?? null,
      ex: s.context.exercise,
      a: s.context.answers,
      lock: s.context.emergencyLock,
      u: s.context.urgentDay,
    });

  /** What `screened` answers unless told otherwise: consent, an adult, no flags, pain to the thigh, 2. */
  const usualAnswer = (id: QuestionId): AnswerValue => {
    if (id === 'consent') return 'agree';
    if (id === 'age') return 40;
    if (id.startsWith('redflags.')) return [];
    if (id.startsWith('redflag.')) return 'no';
    if (id.startsWith('pain.') && questionSpec(id).kind === 'choice') return 'thigh';
    return 2;
  };
  /** A screen of today answered to its outcome: the usual answers, except for `answers`. */
  const screened = (answers: Answers): Step => {
    let s = step(start({ country: 'GB' }).snapshot, { type: 'DAY', today: '2026-01-01' }).snapshot;
    for (let guard = 0; guard < 40 && !s.context.outcome; guard++) {
      const id = s.context.asking!;
      s = step(s, { type: 'ANSWER', questionId: id, value: answers[id] ?? usualAnswer(id) }).snapshot;
    }
    return { event: null, intents: [], snapshot: s };
  };
  const outcomes = {
    self_care: { 'pain.right': 'none' },
    routine: { 'pain.right': 'none', 'pain.weeks': 20 },
    urgent: { 'redflags.infection': ['fever'], 'pain.right': 'none' },
    emergency: { 'redflag.chest_pain': 'yes' },
  } satisfies Record<string, Answers>;

  const kinds = Object.keys(outcomes) as (keyof typeof outcomes)[];
  it.each(kinds)('asks exercise steps only after self care or routine, on the paths after a %s outcome', (kind) => {
    const from = screened(outcomes[kind]);
    expect(from.snapshot.context.outcome?.disposition).toBe(kind);
    // Every path after an emergency or urgent outcome; after self care or routine (where exercises
    // do open, and the paths multiply) one shortest path to every state.
    const walk = kind === 'emergency' || kind === 'urgent' ? simplePaths : shortestPaths;
    const replays = walk(from, { events: afterEvents, serialize: serializeAfter });
    let walked = 0;
    for (const r of replays) {
      let last: string = kind;
      for (const s of r.steps) {
        for (const i of s.intents) {
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
    expect(replays.length).toBeGreaterThan(3);
  });
});
