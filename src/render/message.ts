import type { TFunction } from 'i18next';
import type { Disposition } from '../../dialogs/triage/red-flags.js';
import type { Finding } from '../../dialogs/triage/decide.js';
import type { Centralization, CheckinPoint } from '../../dialogs/checkin/trend.js';
import type { Intent } from '../../dialogs/intents.js';
import type { ExerciseChannelData } from '../../dialogs/exercise/walkthrough.js';

/**
 * What the renderer takes: the machine's intents, plus what the bot adds from stored history
 * (a check-in's trend, the progress view), which the machine doesn't hold.
 */
export type RenderIntent =
  | Intent
  | { type: 'centralization'; centralization: Centralization }
  | { type: 'progressView'; history: CheckinPoint[] };

/** `channelData.question` of CONTRACT §3. */
export interface QuestionData {
  id: string;
  kind: 'choice' | 'multi' | 'number';
  choices?: { value: string; title: string }[];
  min?: number;
  max?: number;
}

/** A reply before channel rendering: words already chosen, layout not yet. */
export interface OutMessage {
  text: string;
  question?: QuestionData;
  /** Localised hint on how to answer (used where the channel shows no buttons). */
  howToAnswer?: string;
  triage?: { disposition: Disposition; flags: Finding[] };
  /** `channelData.advice` of an outcome: which wording it used (CLINICAL §6). */
  advice?: OutcomeAdvice;
  /** A call button (`tel:`) for the emergency number. */
  call?: { number: string; title: string };
  /** Label of a card's submit button. */
  submitTitle?: string;
  /** Localised words of a question card: its "None of these" button and its input's label. */
  cardWords?: { none: string; label: string };
  /** `channelData.centralization` of CONTRACT §4. */
  centralization?: Centralization;
  /** `channelData.exercise` of CONTRACT §4. */
  exercise?: ExerciseChannelData;
  /** An image (the progress chart), for channels that show images. */
  image?: { contentType: string; contentUrl: string; name: string };
}

/**
 * Which wording an outcome used, machine-readably: the locale keys of what to tell the staff
 * (emergency) and of the same-day route (urgent), and `carer` when it is addressed to someone
 * writing for another person.
 */
export interface OutcomeAdvice {
  tell?: string;
  route?: string;
  carer?: boolean;
}

/** The channels the bot renders for. */
export type ChannelKind = 'webchat' | 'teams' | 'sms';

/** Which renderer serves a Bot Framework `channelId`. */
export function channelKind(channelId: string | undefined): ChannelKind {
  if (channelId === 'msteams') return 'teams';
  if (channelId === 'sms') return 'sms';
  return 'webchat';
}

/** What a renderer needs for one turn: a `t` fixed to the user's language, and the country. */
export interface RenderContext {
  t: TFunction;
  country: string | null;
  /** The channel: images are drawn only where they can be shown. */
  channel: ChannelKind;
  /** The user writes for someone else: questions and outcomes speak of "the person with the pain" (CLINICAL §2f). */
  carer?: boolean;
  /** RETENTION_DAYS, which the consent question states (0: kept until the user asks to delete it). */
  retentionDays?: number;
}
