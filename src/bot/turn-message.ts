import type { Activity } from 'botbuilder';
import type { IncomingMessage } from '../understand/understand.js';

/** A message as a turn reads it. */
export interface TurnMessage extends IncomingMessage {
  /**
   * The question typed text was written for, when the client says so (web chat's
   * `channelData.forQuestion`, CONTRACT §3): text written for another question than the one pending
   * now (a message sent again after a lost connection) changes nothing, like an older card's button.
   */
  writtenFor?: string;
}

/** The question id typed text says it answers (`channelData.forQuestion`); undefined for a button (its value says). */
function writtenFor(activity: Activity): string | undefined {
  const question: unknown = (activity.channelData as { forQuestion?: unknown } | undefined)?.forQuestion;
  return activity.value === undefined && typeof question === 'string' && question.length <= 100 ? question : undefined;
}

/** The message of a `message` activity, as the turn reads it. */
export function turnMessage(activity: Activity): TurnMessage {
  return { text: activity.text, value: activity.value as unknown, writtenFor: writtenFor(activity) };
}

/** The locale of Teams' `clientInfo` entity, for activities that carry no `locale`. */
function clientInfoLocale(entities: Activity['entities']): string | undefined {
  const locale: unknown = entities?.find((e) => e.type === 'clientInfo')?.locale;
  return typeof locale === 'string' ? locale : undefined;
}

/** The locale the client asks for: the activity's, or Teams' `clientInfo` one when the activity carries none. */
export function turnLocale(activity: Activity): string | undefined {
  return activity.locale ?? clientInfoLocale(activity.entities);
}
