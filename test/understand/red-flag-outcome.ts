/**
 * The outcome a detection leads to at once, by the decision rules of CLINICAL.md §2d over what was
 * noticed in the message (rules 1–4, rule 4 with the `breathless` signal), for the corpus tests.
 */
import type { Detection } from '../../src/understand/red-flag-detector.js';

/** What a message leads to, before any question is asked. */
export type Outcome = 'emergency' | 'possible' | 'urgent' | 'none';

/** Rules 1–4 (emergency), then a clarifying question, then rule 5 (urgent). */
export function outcomeOf(d: Detection): Outcome {
  const urgent = new Set(d.urgent);
  const weaker = urgent.has('progressive_weakness');
  const rule2 = urgent.has('cancer_history') && weaker;
  const rule3 = urgent.has('fever') && weaker;
  const rule4 = urgent.has('calf_swelling') && (d.breathless || d.emergency.includes('chest_pain'));
  if (d.emergency.length || rule2 || rule3 || rule4) return 'emergency';
  if (d.possible.length) return 'possible';
  return d.urgent.length ? 'urgent' : 'none';
}
