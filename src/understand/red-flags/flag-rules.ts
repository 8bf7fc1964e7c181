/**
 * Each red flag as combinations of concepts (CLINICAL.md §2a–§2c), the same in every language: the
 * words of each concept live in `locales/<lng>/redflags.json`. A rule reads
 * `saddle + numb` (a mention of each, close together), `belly + faint @message` (anywhere in the
 * message; also `@clause`, `@sentence`), `buttock + numb - left|right` (unless a side word is close:
 * one buttock is sciatica),
 * `left|right + joined` (either concept), `pee + leak - ^no_output` (unless a mention lies inside a
 * mention of that concept: "comes out" in "nothing comes out"), `unbearable - ~eases` (unless that concept
 * is anywhere in the sentence: "… but it eases lying down"). `!absent`: the first concept must be
 * negated right before it and the negation is the symptom ("hasn't peed since last night").
 */
import type { FlagId } from '../../../dialogs/triage/red-flags.js';
import type { RuleTier, SignalId } from './rule-syntax.js';

type Table = Partial<Record<FlagId, Partial<Record<RuleTier, readonly string[]>>>>;

const SYMPTOM = 'pain|numb|nofeel|sciatic|radiate';
/**
 * Any sign that something about a body function changed: the backstop of the clarifying question.
 * A message that names a function or region of an emergency flag with one of these asks the flag's
 * catalog question (the screen asks it anyway), so wording the lexicons miss still gets asked.
 */
const TROUBLE =
  'cant|difficulty|strange|not_working|no_output|nofeel|numb|unaware|no_urge|leak|lose_control|accident|strain|weak|new|since|now';

/** The rules, by flag and tier. */
export const FLAG_RULES: Table = {
  saddle_anaesthesia: {
    emergency: [
      'saddle + numb|nofeel - radiate',
      'wipe + numb|nofeel',
      'saddle_named',
      'buttock + numb|nofeel - left|right|one_side|radiate',
      // "The nurse asked if I could feel it when I wipe. I can't.": asked about, unless a reply says so.
      'saddle|wipe|buttock|toilet + feel_asked @sentence',
    ],
    possible: [
      'saddle|buttock|wipe + strange',
      'buttock + numb|nofeel',
      'toilet + numb|nofeel - leg|legs|feet',
      `saddle|wipe + ${TROUBLE} @sentence`,
    ],
  },
  urinary_retention: {
    emergency: [
      'cant + pee',
      'pee|bladder|toilet + no_output @sentence',
      'pee|no_output + strain @sentence',
      'pee|bladder + nofeel|numb|no_urge|unaware',
      'bladder + not_working',
      'bladder + full + cant @sentence',
      'urge + no_output|cant @sentence',
      'toilet + no_urge|unaware @sentence',
      'urge + unaware @sentence',
      'retention_named',
      'pee + since !absent',
      // "I can't go. Not to work I mean, to the toilet, for a wee.": a bare "can't go" told as peeing.
      'cant_go + pee|toilet|bladder @message',
      // "Can you feel when you need to pee? I can't": asked about, unless a reply says so.
      'pee|urge|bladder + feel_asked @sentence',
      'pee + now - difficulty @clause !absent',
    ],
    possible: [
      'cant + toilet',
      // "I can't go, not since last night": a bare "can't go" told with an onset may be peeing.
      'cant_go + now|since @sentence',
      // "tried to go four times, not even a drop": trying to go with nothing to show may be peeing (or bowels).
      'tried_go + no_output @sentence',
      'pee|bladder + strange|difficulty',
      'bladder + full',
      'catheter',
      'urge !absent',
      'belly + full + since|no_output @sentence',
      `pee|bladder + ${TROUBLE} @sentence`,
      `toilet + cant|no_output|no_urge|unaware|strain|nofeel @sentence`,
    ],
  },
  urinary_incontinence: {
    emergency: [
      'wet_self',
      'pee|bladder + leak|lose_control|incontinent|unaware|damp - ^no_output',
      'accident + pee|bladder',
      'urine_incontinence_named',
      'incontinent',
      'leak + pads|clothes|new @sentence',
      'pads + new|now @sentence',
      'leak|damp + unaware @sentence',
      'accident + clothes',
      'pee + clothes + leak|damp|lose_control|unaware @sentence',
      'damp + clothes + unaware @message',
    ],
    possible: [
      'damp + clothes',
      'accident + toilet',
      'pads',
      'leak - ^no_output',
      'pee|bladder + damp|clothes @sentence',
    ],
  },
  bowel_incontinence: {
    emergency: [
      'soil_self',
      'poo|wind + leak|lose_control|nofeel|unaware|no_urge|incontinent',
      'accident + poo',
      'bowel_incontinence_named',
      'buttock + lose_control - ^walk_fail',
      'poo + clothes + damp|leak|lose_control|unaware|accident @sentence',
    ],
    possible: ['poo + strange', 'incontinent', 'accident + toilet', `poo|wind + ${TROUBLE} @sentence`],
  },
  sexual_dysfunction: {
    emergency: [
      'cant + erection|orgasm',
      'erection_loss',
      'erection|sex + not_working',
      'erection + lose',
      'sex + nofeel|numb @sentence',
      'erection + nofeel|numb @sentence',
      // "can't finish" is sexual beside sex or an erection; beside a partner only perhaps ("a film with my wife").
      'cant + climax + sex|erection @clause',
      // "Algo que me da pena: no puedo acabar": told as a delicate matter, finishing is sexual.
      'cant + climax + delicate @sentence',
      // "Something I didn't want to mention: with my husband I can't feel anything there any more".
      'partner + nofeel|numb + delicate - ~leg|legs|foot|feet|calf|knees @sentence',
      // "no puedo acabar y la tengo como dormida": finishing fails and something is numb, no leg named.
      'cant + climax + numb|nofeel - ~leg|legs|foot|feet|poo|wind|pee @sentence',
      // "can't finish anymore, nothing comes out": an orgasm that fails, without the word sex.
      'cant + climax + no_output|not_working @sentence',
      'erection + not_working @clause',
      'ed_named',
    ],
    possible: [
      'sex|erection|orgasm + strange|difficulty',
      'cant + climax + partner @clause',
      // "since the sciatica I can't finish": a failure to finish dated to the sciatica or told as new.
      'cant + climax + since|new|sciatic - ^cant_move + ~work @clause',
      `sex|erection|orgasm + ${TROUBLE} @sentence`,
    ],
  },
  bilateral_sciatica: {
    emergency: [
      `bilateral + ${SYMPTOM}|spread|joined`,
      'legs + numb|nofeel|sciatic|radiate - ^saddle',
      'second_leg',
      'other_leg + spread|joined|additive|now',
      'left|right + joined',
      'left|right + additive + now @sentence',
      'left + right + additive|joined|now @message',
    ],
    possible: [
      'bilateral',
      'legs + pain - ^saddle',
      `other_leg + ${SYMPTOM}`,
      'left|right + additive',
      'feet + numb|nofeel',
    ],
  },
  bilateral_leg_weakness: {
    emergency: [
      'bilateral|legs|knees + weak|walk_fail - ^saddle',
      'legs_weak',
      'cant + tiptoe + bilateral|feet @clause',
      // "hoy arrastro las dos piernas", "dragging both legs": both legs that drag are weak.
      'bilateral + drag @clause',
    ],
    possible: ['walk_fail + sudden', 'feet + weak', 'legs|knees|feet + weak|walk_fail|strange @sentence'],
  },
  major_trauma: {
    emergency: [
      'vehicle + crash|hit_by|rolled|fall',
      'vehicle + accident',
      'crash_named',
      'hit_by',
      'fall + height @message',
      'big_injury',
      'hit_hard + tackle|fall|vehicle',
    ],
    possible: ['accident', 'fall + stairs', 'tackle', 'assault', 'hit_hard'],
  },
  aaa_symptoms: {
    emergency: [
      'belly + faint @message',
      'back + faint + severe|sudden @message',
      'belly + pulsing',
      'tearing + back|belly',
      'belly + sudden + severe @sentence',
      'burst + belly',
    ],
    possible: ['faint + pain|back @sentence', 'aneurysm', 'belly + severe|sudden @sentence', 'faint + sudden @message'],
  },
  chest_pain: {
    emergency: ['chest + pain', 'chest + arm_jaw', 'chest_named'],
    possible: ['chest + strange', 'heart_attack', 'chest'],
  },
  fever: { urgent: ['fever', 'fever_num'] },
  infection_risk: { urgent: ['drugs', 'immune', 'spine_procedure + recent @sentence', 'infection_named'] },
  cancer_history: { urgent: ['cancer'] },
  weight_loss: { urgent: ['lose + weight', 'weight_loss_named'] },
  constant_night_pain: {
    urgent: ['night + constant|wakes - ~eases @sentence', 'constant + rest - ~eases @message', 'night_pain_named'],
  },
  progressive_weakness: {
    urgent: [
      'foot_drop',
      'leg|foot + weakening|drag',
      // "el pie se me queda colgando, cada día lo levanto menos": a foot told weakening anywhere in the sentence.
      'foot + weakening @sentence',
      'leg|foot + weak|drag|trip + worsening @clause',
      'leg|foot + weak + new|now|sudden @clause',
      'cant + lift + foot',
      'cant + tiptoe',
      'trip + foot',
    ],
  },
  upper_back_pain: { urgent: ['upper_back'] },
  back_deformity: { urgent: ['lump + back', 'back + deformity', 'deformity_named'] },
  fragility_fracture: { urgent: ['osteo', 'steroids + minor_trigger @message', 'fracture_named'] },
  calf_swelling: { urgent: ['calf + swollen - ^simile', 'clot'] },
  uncontrolled_pain: { urgent: ['unbearable - ~eases', 'painkillers + not_helping @sentence', 'cant_move - ~eases'] },
  not_improving: { routine: ['not_better', 'cant + work'] },
  inflammatory_pattern: { routine: ['morning_stiff', 'eases_moving'] },
};

/**
 * Rules of the signals: breathlessness (rule 4), crisis talk, numbness or weakness in a leg told now
 * (rule 2: with a cancer history it counts as new unless the message says it is old, the cautious
 * reading where CLINICAL §2d is silent on how a patient says "new").
 */
export const SIGNAL_RULES: Record<SignalId, readonly string[]> = {
  breathless: ['breathless', 'breathing + difficulty|cant|strange'],
  crisis: ['crisis'],
  leg_deficit: ['leg|legs|foot|feet + numb|nofeel|weak|weakening|drag|trip'],
};

/**
 * Concepts that name a lack ("can't", "nothing comes out", "no feeling"): a symptom told with one
 * of them is already in the negative, so a bare denial after it stresses it ("I can't pee, nothing").
 */
export const LACK_CONCEPTS: ReadonlySet<string> = new Set([
  'cant',
  'nofeel',
  'no_output',
  'no_urge',
  'not_working',
  'erection_loss',
  'unaware',
  'lose_control',
  'walk_fail',
]);

/** Concepts the decision reads directly (whose person has the pain: the writer or someone else). */
export const DECISION_CONCEPTS = ['self_pain', 'back', 'sciatic', 'pain', 'leg', 'legs'] as const;

/** The concept that says another person's trouble is long-standing ("for years", "since her stroke"). */
export const CHRONIC_CONCEPT = 'chronic';

/** The concept that names a lasting condition of a person's that explains incontinence ("she has MS", "with dementia"). */
export const CONDITION_CONCEPT = 'condition';

/** The concept of an everyday ailment ("the headache", "la gripe") that a clause of its own may say has gone. */
export const AILMENT_CONCEPT = 'ailment';

/** The concept that tells a leg pain as one-sided ("only the right", "solo la izquierda"). */
export const ONE_LEG_CONCEPT = 'one_leg_only';
