import type { NoticedEvent } from '../../dialogs/conversation.setup.js';
import type { Detection } from '../understand/red-flag-detector.js';

/** The red flags of a detection as one event for the machine, or undefined when there are none. */
export function noticedEvent(d: Detection | undefined): NoticedEvent | undefined {
  const asked = d?.asked ?? [];
  if (
    !d ||
    !(
      d.emergency.length ||
      d.possible.length ||
      d.urgent.length ||
      d.routine.length ||
      d.crisis ||
      asked.length ||
      d.breathless
    )
  )
    return undefined;
  return {
    type: 'NOTICED',
    emergency: d.emergency,
    possible: d.possible,
    others: [...d.urgent, ...d.routine],
    crisis: d.crisis,
    ...(asked.length && { asked }),
    ...(d.carer && { carer: true }),
    ...(d.breathless && { breathless: true }),
  };
}

/** Every flag of a detection, to tell whether the message speaks only of the pending question's own flags. */
export function noticedFlags(e: NoticedEvent | undefined): string[] {
  return e
    ? [...e.emergency, ...e.possible, ...e.others, ...(e.asked ?? []), ...(e.breathless ? ['breathless'] : [])]
    : [];
}

/** Ids for `channelData.noticed` (CONTRACT §4). */
export function noticedIds(e: NoticedEvent | undefined): string[] {
  return e ? [...e.emergency, ...e.possible, ...e.others, ...(e.breathless ? ['breathless'] : [])] : [];
}
