/**
 * The exercise library of CLINICAL.md §4 as raw data (validated in library.ts).
 * Doses are typical values inside §4's ranges [P], chosen at the lower or middle end while the
 * nerve is irritable; every one needs physio sign-off before real patients use it.
 */
import type { Exercise } from './library.schema.js';

const LADDER_CAUTIONS = ['extension_caution', 'back_stays_worse', 'pregnancy'] as const;
// Trauma and fragility fractures are urgent or emergency flags (no exercise at all), but stay
// listed so the ladder remains excluded after a clinician clears the user for other exercises.
const LADDER_EXCLUDED = ['major_trauma', 'fragility_fracture', 'pregnancy', 'stenosis'] as const;
// A swollen calf may be a clot in the leg veins: no stroking along that leg at all.
const LEG_MASSAGE_EXCLUDED = ['calf_swelling', 'bleeding_risk', 'skin_problem', 'varicose_veins'] as const;

export const LIBRARY_DATA: readonly Exercise[] = [
  {
    id: 'knee_to_chest', kind: 'mobility', direction: 'flexion', phases: [1, 2, 3],
    steps: ['setup', 'lift', 'hold', 'lower'], repeatFrom: 1, holdStep: 'hold', holdSeconds: 30,
    sets: 3, sides: 'alternate',
    cautions: ['flexion_preference', 'hip_replacement'], excludedBy: ['hip_replacement'],
  },
  {
    // It tensions the sciatic nerve: 20 s and 2 sets, the low end of §4's range.
    id: 'standing_hamstring_stretch', kind: 'stretch', direction: 'flexion', phases: [2, 3],
    steps: ['hold_chair', 'heel_on_step', 'hinge', 'hold', 'step_down'], repeatFrom: 1, holdStep: 'hold', holdSeconds: 20,
    sets: 2, sides: 'alternate',
    // Standing on one leg with a foot that may drop is a fall risk.
    cautions: ['nerve_tension', 'balance'], excludedBy: ['progressive_weakness'],
  },
  {
    id: 'figure4_stretch', kind: 'stretch', direction: 'flexion', phases: [2, 3],
    steps: ['setup', 'cross_ankle', 'pull', 'hold', 'release'], repeatFrom: 1, holdStep: 'hold', holdSeconds: 30,
    sets: 2, sides: 'alternate',
    cautions: ['groin_pinch', 'hip_replacement'], excludedBy: ['hip_replacement'],
  },
  {
    id: 'prone_lying', kind: 'mobility', direction: 'extension', ladder: 1, phases: [1, 2, 3],
    steps: ['lie_down', 'relax'], repeatFrom: 0, holdStep: 'relax', holdSeconds: 60,
    sets: 1, sides: 'none',
    cautions: [...LADDER_CAUTIONS], excludedBy: [...LADDER_EXCLUDED],
  },
  {
    id: 'modified_cobra', kind: 'mobility', direction: 'extension', ladder: 2, phases: [1, 2, 3],
    steps: ['lie_down', 'forearms', 'hold', 'lower'], repeatFrom: 1, holdStep: 'hold', holdSeconds: 30,
    sets: 2, sides: 'none',
    cautions: [...LADDER_CAUTIONS], excludedBy: [...LADDER_EXCLUDED],
  },
  {
    id: 'prone_press_up', kind: 'mobility', direction: 'extension', ladder: 3, phases: [1, 2, 3],
    steps: ['lie_down', 'hands', 'press', 'pause', 'lower'], repeatFrom: 2, holdStep: 'pause', holdSeconds: 2,
    reps: 10, sets: 1, sides: 'none',
    cautions: [...LADDER_CAUTIONS], excludedBy: [...LADDER_EXCLUDED],
  },
  {
    // A small posterior tilt: motor control, not a directional exercise in §5 (all of phase 1).
    id: 'pelvic_tilt', kind: 'mobility', direction: 'neutral', phases: [1, 2],
    steps: ['setup', 'tilt', 'hold', 'relax'], repeatFrom: 1, holdStep: 'hold', holdSeconds: 5,
    reps: 10, sets: 2, sides: 'none',
    cautions: [], excludedBy: [],
  },
  {
    id: 'glute_bridge', kind: 'strength', direction: 'neutral', phases: [2, 3],
    steps: ['setup', 'brace', 'lift', 'hold', 'lower'], repeatFrom: 1, holdStep: 'hold', holdSeconds: 3,
    reps: 10, sets: 2, sides: 'none',
    cautions: ['no_over_arch', 'cramp'], excludedBy: [],
  },
  {
    id: 'clamshell', kind: 'strength', direction: 'neutral', phases: [2, 3],
    steps: ['setup', 'brace', 'lift', 'lower'], repeatFrom: 1,
    reps: 12, sets: 2, sides: 'both',
    cautions: ['hip_pinch'], excludedBy: [],
  },
  {
    id: 'bird_dog', kind: 'strength', direction: 'neutral', phases: [2, 3],
    steps: ['setup', 'brace', 'reach', 'hold', 'return'], repeatFrom: 1, holdStep: 'hold', holdSeconds: 5,
    reps: 6, sets: 2, sides: 'alternate',
    cautions: ['pad_knees'], excludedBy: [],
  },
  {
    // Two spots of 30 s per side: well inside §4's "≤ 2 min per side".
    id: 'tennis_ball_glute_release', kind: 'massage', direction: 'neutral', phases: [1, 2, 3],
    steps: ['setup', 'place_ball', 'lean'], repeatFrom: 1, holdStep: 'lean', holdSeconds: 30,
    sets: 2, sides: 'both',
    cautions: ['ball_placement', 'move_if_tingling', 'moderate_pressure'], excludedBy: ['bleeding_risk', 'skin_problem'],
  },
  {
    id: 'hamstring_self_massage', kind: 'massage', direction: 'neutral', phases: [1, 2, 3],
    steps: ['setup', 'stroke'], repeatFrom: 1, holdStep: 'stroke', holdSeconds: 60,
    sets: 1, sides: 'both',
    cautions: ['not_behind_knee', 'stop_if_tingling'], excludedBy: [...LEG_MASSAGE_EXCLUDED],
  },
  {
    id: 'calf_self_massage', kind: 'massage', direction: 'neutral', phases: [1, 2, 3],
    steps: ['setup', 'stroke'], repeatFrom: 1, holdStep: 'stroke', holdSeconds: 60,
    sets: 1, sides: 'both',
    cautions: ['calf_swelling', 'varicose_veins'], excludedBy: [...LEG_MASSAGE_EXCLUDED],
  },
];
