import { conversationSetup } from './machine.setup.js';
import { askActions } from './conversation.base.js';
import { flowQuestions, type DueGuard, type Flow, type QuestionId, type QuestionSpec } from './questions.js';
import { EMERGENCY_FLAGS, type EmergencyFlag } from './triage/red-flags.js';

const c = conversationSetup;
type StateConfig = ReturnType<typeof c.createStateConfig>;
const OUTCOME = '#outcome';
const EMERGENCY: readonly string[] = EMERGENCY_FLAGS;

/** State name of a question (dots would be read as state paths). */
const stateOf = (id: QuestionId): string => id.replace(/\./g, '_');

/** Where the flow goes after question `i`: each next question that is due only `when` its guard holds, then the first always due, else `end`. */
function onward(specs: readonly QuestionSpec[], i: number, end: string): { when?: DueGuard; target: string }[] {
  const branches: { when?: DueGuard; target: string }[] = [];
  for (const next of specs.slice(i + 1)) {
    if (!next.when) return [...branches, { target: stateOf(next.id) }];
    branches.push({ when: next.when, target: stateOf(next.id) });
  }
  return [...branches, { target: end }];
}

/** What the question's rule decides before the flow goes on (CLINICAL §2d): the outcome at once, or a question first. */
function ruled(spec: QuestionSpec, name: string) {
  const group = spec.fills && 'group' in spec.fills ? spec.fills.group : undefined;
  if (spec.rule === 'emergencyOnYes')
    return [{ guard: { type: 'answerIs', params: { value: 'yes' } }, target: OUTCOME, actions: 'fill' }] as const;
  if (spec.rule === 'bothLegs') return [{ guard: 'bothLegsWith', target: OUTCOME, actions: 'fill' }] as const;
  if (spec.rule === 'group' && group) {
    return [
      { guard: { type: 'groupEmergency', params: { group } }, target: OUTCOME, actions: 'fill' },
      // A swollen calf: `redflag.breathless` first (rule 4), then on from `<name>_then`.
      { guard: 'groupNeedsBreathless', target: `${name}_then`, actions: ['fill', 'queueBreathless'] },
    ] as const;
  }
  return [];
}

const isEmergency = (spec: QuestionSpec): spec is QuestionSpec & { fills: { flag: EmergencyFlag } } =>
  !!spec.fills && 'flag' in spec.fills && EMERGENCY.includes(spec.fills.flag);

/**
 * A flow's questions as sibling states, from the question table (`in`, `fills`, `rule`, `when`):
 * each asks its question, fills its field, applies its rule and goes on to the next question due,
 * then to `end`. With `skipAnswered`, an emergency question already answered in a clarifying
 * question is not asked twice.
 */
export function questionStates(flow: Flow, end: string, skipAnswered: boolean): Record<string, StateConfig> {
  const specs = flowQuestions(flow);
  const states: Record<string, StateConfig> = {};
  specs.forEach((spec, i) => {
    const name = stateOf(spec.id);
    const place = `${flow}.${name}`;
    const next = onward(specs, i, end);
    // An answer to another question, or an invalid one, changes nothing: the question again (CONTRACT §3).
    const on = {
      ANSWER: [
        { guard: 'invalidAnswer' as const, actions: 'reaskWithHint' as const },
        ...ruled(spec, name),
        ...next.map(({ when, target }) =>
          when ? ({ guard: when, target, actions: 'fill' } as const) : ({ target, actions: 'fill' } as const),
        ),
      ],
    };
    if (skipAnswered && isEmergency(spec)) {
      const flag = spec.fills.flag;
      states[name] = c.createStateConfig({
        always: { guard: { type: 'flagAnswered', params: { flag } }, target: next[0]!.target },
        entry: { type: 'askUnlessAnswered', params: { flag, place } },
        on,
      });
    } else states[name] = c.createStateConfig({ entry: askActions(spec.id, place), on });
    if (spec.rule === 'group') {
      states[`${name}_then`] = c.createStateConfig({
        always: [
          { guard: 'clarifyPending', target: '#clarify' },
          ...next.map(({ when, target }) => (when ? { guard: when, target } : { target })),
        ],
      });
    }
  });
  return states;
}

/** The state of a flow's first question. */
export function firstState(flow: Flow): string {
  return stateOf(flowQuestions(flow)[0]!.id);
}
