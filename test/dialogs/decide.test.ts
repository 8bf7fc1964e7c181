import { describe, expect, it } from 'vitest';
import { decide, type TriageFacts } from '../../dialogs/triage/decide.js';
import { EMERGENCY_FLAGS, ROUTINE_FLAGS, URGENT_FLAGS } from '../../dialogs/triage/red-flags.js';

type Row = [name: string, facts: TriageFacts, disposition: string, flags?: string[]];

const rows: Row[] = [
  // Rule 1: any emergency flag
  ...EMERGENCY_FLAGS.map((f): Row => [`rule 1: ${f} yes`, { answers: { [f]: 'yes' } }, 'emergency', [f]]),
  [
    'rule 1 wins over urgent and routine flags',
    { answers: { fever: 'yes', not_improving: 'yes', chest_pain: 'yes' } },
    'emergency',
    ['chest_pain'],
  ],
  [
    'rule 1 via both legs ≥ thigh (invariant both_legs ⇒ bilateral_sciatica)',
    { answers: {}, painLeft: 3, painRight: 3 },
    'emergency',
    ['bilateral_sciatica'],
  ],
  [
    'both legs boundary: left thigh, right buttock is not both legs',
    { answers: {}, painLeft: 3, painRight: 2 },
    'self_care',
    [],
  ],
  ['both legs: foot and below knee', { answers: {}, painLeft: 5, painRight: 4 }, 'emergency', ['bilateral_sciatica']],
  // Rule 2: cancer + progressive weakness
  [
    'rule 2: cancer history and progressive weakness',
    { answers: { cancer_history: 'yes', progressive_weakness: 'yes' } },
    'emergency',
    ['cancer_history', 'progressive_weakness'],
  ],
  [
    'rule 2 boundary: cancer history alone is urgent',
    { answers: { cancer_history: 'yes', progressive_weakness: 'no' } },
    'urgent',
    ['cancer_history'],
  ],
  // Rule 3: fever + progressive weakness
  [
    'rule 3: fever and progressive weakness',
    { answers: { fever: 'yes', progressive_weakness: 'yes' } },
    'emergency',
    ['fever', 'progressive_weakness'],
  ],
  ['rule 3 boundary: fever alone is urgent', { answers: { fever: 'yes' } }, 'urgent', ['fever']],
  [
    'rule 2: cancer history and new leg numbness or weakness (after an exercise)',
    { answers: { cancer_history: 'yes', new_leg_deficit: 'yes' } },
    'emergency',
    ['cancer_history', 'new_leg_deficit'],
  ],
  [
    'rule 2 over the conversation: cancer told before a check-in, weakness now',
    { answers: { progressive_weakness: 'yes' }, earlier: ['cancer_history'] },
    'emergency',
    ['cancer_history', 'progressive_weakness'],
  ],
  [
    'rule 2 boundary: weakness "not sure" with cancer history is urgent',
    { answers: { cancer_history: 'yes', progressive_weakness: 'unsure' } },
    'urgent',
    ['cancer_history', 'progressive_weakness'],
  ],
  [
    'earlier findings count for rules 2–4 only, never on their own',
    { answers: {}, earlier: ['cancer_history', 'saddle_anaesthesia'] },
    'self_care',
    [],
  ],
  [
    'a pair told before a fresh screen gave its emergency then; alone it does not again',
    { answers: {}, earlier: ['cancer_history', 'progressive_weakness'] },
    'self_care',
    [],
  ],
  // Rule 4: calf swelling with breathlessness or chest pain
  [
    'rule 4: calf swelling with chest pain (the staff hear both)',
    { answers: { calf_swelling: 'yes', chest_pain: 'yes' } },
    'emergency',
    ['chest_pain', 'calf_swelling'],
  ],
  [
    'rule 4: calf swelling and breathless',
    { answers: { calf_swelling: 'yes', breathless: 'yes' } },
    'emergency',
    ['calf_swelling', 'breathless'],
  ],
  [
    'rule 4 over the conversation: breathless told before a check-in, calf now',
    { answers: { calf_swelling: 'yes' }, earlier: ['breathless'] },
    'emergency',
    ['calf_swelling', 'breathless'],
  ],
  [
    'rule 4: breathless "not sure" with a swollen calf is urgent with the note',
    { answers: { calf_swelling: 'yes', breathless: 'unsure' } },
    'urgent',
    ['calf_swelling', 'breathless'],
  ],
  ['rule 4 boundary: breathless alone is self care', { answers: { breathless: 'yes' } }, 'self_care', []],
  [
    'rule 4 boundary: calf swelling alone is urgent',
    { answers: { calf_swelling: 'yes', chest_pain: 'no', breathless: 'no' } },
    'urgent',
    ['calf_swelling'],
  ],
  // Rule 5: any urgent flag
  ...URGENT_FLAGS.map((f): Row => [`rule 5: ${f} yes`, { answers: { [f]: 'yes' } }, 'urgent', [f]]),
  [
    '"not sure" on an emergency flag is at least urgent',
    { answers: { saddle_anaesthesia: 'unsure' } },
    'urgent',
    ['saddle_anaesthesia'],
  ],
  [
    '"not sure" plus a yes emergency flag is emergency',
    { answers: { saddle_anaesthesia: 'unsure', chest_pain: 'yes' } },
    'emergency',
    ['chest_pain'],
  ],
  ['"not sure" on an urgent flag (asked on its own) is urgent', { answers: { fever: 'unsure' } }, 'urgent', ['fever']],
  ['"not sure" on a routine flag is routine', { answers: { not_improving: 'unsure' } }, 'routine', ['not_improving']],
  // Rule 6: routine flags, age < 16, weeks > 12
  ...ROUTINE_FLAGS.map((f): Row => [`rule 6: ${f} yes`, { answers: { [f]: 'yes' } }, 'routine', [f]]),
  ['rule 6: age 15 is routine', { answers: {}, age: 15 }, 'routine', []],
  ['rule 6 boundary: age 16 is self care', { answers: {}, age: 16 }, 'self_care', []],
  ['rule 6: 13 weeks is routine (chronic)', { answers: {}, weeks: 13 }, 'routine', []],
  ['rule 6 boundary: 12 weeks is self care', { answers: {}, weeks: 12 }, 'self_care', []],
  [
    'rule 5 wins over rule 6',
    { answers: { weight_loss: 'yes', not_improving: 'yes' }, age: 10 },
    'urgent',
    ['weight_loss'],
  ],
  // Rule 7
  [
    'rule 7: nothing true is self care',
    {
      answers: Object.fromEntries([...EMERGENCY_FLAGS, ...URGENT_FLAGS, ...ROUTINE_FLAGS].map((f) => [f, 'no'])),
      age: 40,
      weeks: 2,
      painLeft: 4,
      painRight: 0,
    },
    'self_care',
    [],
  ],
];

describe('decision rules (CLINICAL §2d)', () => {
  it.each(rows)('%s', (_name, facts, disposition, flags) => {
    const d = decide(facts);
    expect(d.disposition).toBe(disposition);
    if (flags) expect(d.flags).toEqual(flags);
  });

  it('never changes the disposition because of the pain score alone', () => {
    // TriageFacts has no score: the type itself keeps the score out of the decision.
    const facts: TriageFacts & { score?: number } = { answers: {}, score: 10 };
    expect(decide(facts).disposition).toBe('self_care');
  });

  it('marks under-16s whatever the disposition', () => {
    expect(decide({ answers: { chest_pain: 'yes' }, age: 12 }).underAge).toBe(true);
    expect(decide({ answers: {}, age: 30 }).underAge).toBe(false);
  });

  it('lists the emergency flags answered "not sure"', () => {
    expect(decide({ answers: { urinary_retention: 'unsure', fever: 'yes' } }).unsure).toEqual(['urinary_retention']);
    expect(decide({ answers: { calf_swelling: 'yes', breathless: 'unsure', fever: 'unsure' } }).unsure).toEqual([
      'breathless',
    ]);
  });
});
