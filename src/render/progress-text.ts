import type { TFunction } from 'i18next';
import { PAIN_LEVELS, type PainLevelId } from '../../dialogs/pain.js';
import { spanDays, summarize, type Centralization, type CheckinPoint } from '../../dialogs/checkin/trend.js';

/** One SMS (CONTRACT §6); kept here so the progress text never needs splitting. */
export const PROGRESS_SMS_MAX = 320;

/** The `PAIN_LEVELS` id of a level, clamped to 0–5 so bad data can't miss a word. */
function levelId(level: number): PainLevelId {
  const i = Math.min(PAIN_LEVELS.length - 1, Math.max(0, Math.round(level)));
  return PAIN_LEVELS[i] ?? 'none';
}

/** Drops repeats in a row: 5,5,3,3,2 → 5,3,2. */
function dedupe(levels: readonly number[]): number[] {
  return levels.filter((l, i) => i === 0 || l !== levels[i - 1]);
}

/**
 * The SMS progress text: where the pain reached over time, with repeats in a row merged
 * ("How far your pain reaches: foot → thigh → buttock over 12 days."), then the latest score on
 * its own line. Never longer than `PROGRESS_SMS_MAX`: a long path keeps its start and its most
 * recent levels and drops the middle ("foot → … → thigh → buttock").
 */
export function renderProgressSms(history: readonly CheckinPoint[], t: TFunction): string {
  const latest = history[history.length - 1];
  if (!latest) return t('progress:none');
  const score = t('progress:sms.score', { score: latest.score });
  const names = dedupe(summarize(history)).map((l) => t(`progress:path.${levelId(l)}`));
  const days = spanDays(history);
  const line = (path: string) =>
    names.length === 1
      ? t('progress:sms.single', { level: path })
      : days === 0
        ? t('progress:sms.same_day', { path })
        : t('progress:sms.path', { path, count: days });
  const sep = t('progress:sms.separator');
  const compose = (path: string) => `${line(path)}\n${score}`;

  let text = compose(names.join(sep));
  // Keep the first level (where it started) and as many of the latest as fit.
  for (let keep = names.length - 2; text.length > PROGRESS_SMS_MAX && keep >= 1; keep--) {
    text = compose([names[0], '…', ...names.slice(-keep)].join(sep));
  }
  return text.length > PROGRESS_SMS_MAX ? text.slice(0, PROGRESS_SMS_MAX - 1) + '…' : text;
}

/** The `progress:trend.*` key for a check-in's trend. */
export function trendKey(c: Centralization): string {
  if (c.trend === 'centralizing' && c.level === 0) return 'progress:trend.resolved';
  const sustained = c.sustained && (c.trend === 'centralizing' || c.trend === 'peripheralizing');
  return `progress:trend.${c.trend}${sustained ? '_sustained' : ''}`;
}

/**
 * The plain-words sentence for a check-in's trend, the same on every channel; the "no
 * check-ins yet" text when there is none.
 */
export function trendSentence(c: Centralization | null, t: TFunction): string {
  return c ? t(trendKey(c)) : t('progress:none');
}
