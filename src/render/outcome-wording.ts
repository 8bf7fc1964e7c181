/**
 * Which words an outcome uses (CLINICAL §6): what to tell the staff, by the findings that gave
 * the emergency, and the same-day route of an urgent outcome, by country. Pure: ids and locale
 * keys in, locale keys out; the words are in locales/<lng>/outcomes.json.
 */
import { CES_FLAGS } from '../../dialogs/triage/red-flags.js';
import type { Finding } from '../../dialogs/triage/decide.js';
import { sameDayRoute } from '../../dialogs/countries.js';

/** The lines under `outcomes:tell.*`, one per kind of emergency. */
export type TellId =
  | 'aaa_symptoms'
  | 'calf_chest_pain'
  | 'chest_pain'
  | 'major_trauma'
  | 'ces'
  | 'cancer_weakness'
  | 'cancer_new_deficit'
  | 'fever_weakness'
  | 'calf_breathless';

/**
 * The one line to tell the staff for an emergency's findings. When several apply, the one that
 * can't wait a minute comes first [P]: a possible burst aneurysm, chest pain (with a swollen calf,
 * both), a big accident, then cauda equina (every CES finding named), then rules 2–4.
 */
export function tellId(flags: readonly Finding[]): TellId | undefined {
  const has = (f: Finding) => flags.includes(f);
  if (has('aaa_symptoms')) return 'aaa_symptoms';
  if (has('chest_pain')) return has('calf_swelling') ? 'calf_chest_pain' : 'chest_pain';
  if (has('major_trauma')) return 'major_trauma';
  if (CES_FLAGS.some(has)) return 'ces';
  if (has('cancer_history') && has('progressive_weakness')) return 'cancer_weakness';
  if (has('cancer_history') && has('new_leg_deficit')) return 'cancer_new_deficit';
  if (has('fever') && has('progressive_weakness')) return 'fever_weakness';
  if (has('calf_swelling') && has('breathless')) return 'calf_breathless';
  return undefined;
}

/** The cauda equina findings to name in the `ces` line, in catalog order. */
export function cesFindings(flags: readonly Finding[]): Finding[] {
  return CES_FLAGS.filter((f) => flags.includes(f));
}

/** The locale key of the same-day route for a country (never another country's service). */
export function routeKey(country: string | null): string {
  return `outcomes:route.${sameDayRoute(country)}`;
}

/** "a", "a and b", "a, b and c", with the language's word for "and". */
export function joinList(items: readonly string[], and: string): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}
