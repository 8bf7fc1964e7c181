/**
 * The brisk-walk test shared by the phase 2 → 3 gate and running readiness (CLINICAL.md §5):
 * 30 minutes of brisk walking without spread of symptoms, and no worse the next morning.
 */
import { HOUR_MS, ms } from './calendar.js';
import { mostDistal } from '../checkin/trend.js';
import type { CheckinPoint } from './distal-trend.js';

/** A self-reported walk (`walkBriskMinutes` and what happened). */
export interface BriskWalk {
  /** When the walk ended (ISO 8601). */
  at: string;
  /** Minutes of brisk walking. */
  minutes: number;
  /** Leg symptoms spread during or after the walk. */
  spread: boolean;
  /** Asked the next morning; when left out, the next morning's check-in decides. */
  nextMorningWorse?: boolean;
}

const BRISK_WALK_MINUTES = 30;

/** Values of `checkin.walk` (CONTRACT §3): the §5 walking test passed, not passed, not tried since the last check-in. */
export const WALK_ANSWERS = ['yes', 'no', 'not_tried'] as const;
export type WalkAnswer = (typeof WALK_ANSWERS)[number];

/** Type guard for a walk answer read back from a stored check-in. */
export function isWalkAnswer(value: unknown): value is WalkAnswer {
  return typeof value === 'string' && (WALK_ANSWERS as readonly string[]).includes(value);
}

/**
 * The walk a `checkin.walk` answer reports, dated at the check-in. The question asks for the
 * whole §5 test (30 minutes brisk, no spread, the next morning no worse), so "yes" is a walk that
 * passed it and "no" one that did not (a later failed test outweighs an earlier pass); "not
 * tried" reports no walk.
 */
export function walkFromAnswer(answer: WalkAnswer | null, at: string): BriskWalk[] {
  if (answer === 'yes') return [{ at, minutes: BRISK_WALK_MINUTES, spread: false, nextMorningWorse: false }];
  if (answer === 'no') return [{ at, minutes: BRISK_WALK_MINUTES, spread: true }];
  return [];
}

/**
 * "Next morning" without knowing the user's clock: the first check-in from 6 h to 36 h after the
 * walk (an evening walk and a check-in the same night doesn't count) [P].
 */
const NEXT_MORNING_HOURS = { from: 6, to: 36 } as const;

export type WalkResult = 'qualifies' | 'fails' | 'pending';

/** The check-in that stands for the next morning after `at`, if any. */
function nextMorningCheckin(checkins: readonly CheckinPoint[], at: string): CheckinPoint | undefined {
  const t = ms(at);
  return checkins.find(
    (c) => ms(c.at) > t + NEXT_MORNING_HOURS.from * HOUR_MS && ms(c.at) <= t + NEXT_MORNING_HOURS.to * HOUR_MS,
  );
}

/**
 * Whether a walk passes the test, judged from check-ins up to now. "No worse" is strict: the
 * next-morning check-in may not reach further nor score higher than the last one before the walk.
 * Without a check-in before the walk, only the user's own `nextMorningWorse` answer can pass it.
 */
function walkResult(walk: BriskWalk, checkins: readonly CheckinPoint[]): WalkResult {
  if (walk.minutes < BRISK_WALK_MINUTES || walk.spread || walk.nextMorningWorse === true) return 'fails';
  if (walk.nextMorningWorse === false) return 'qualifies';
  const before = checkins.filter((c) => ms(c.at) <= ms(walk.at)).at(-1);
  const morning = nextMorningCheckin(checkins, walk.at);
  if (!morning) return 'pending';
  if (!before) return 'fails';
  return mostDistal(morning) <= mostDistal(before) && morning.score <= before.score ? 'qualifies' : 'fails';
}

/**
 * The latest walk of at least 30 minutes in `[from, to]` (epoch ms), with its result; `null`
 * when there is none. Only the latest counts, and any later walk with a spread (however short)
 * fails it: a good walk last week doesn't outweigh a spread today.
 */
export function latestBriskWalk(
  walks: readonly BriskWalk[],
  checkins: readonly CheckinPoint[],
  from: number,
  to: number,
): { walk: BriskWalk; result: WalkResult } | null {
  const inRange = walks.filter((w) => ms(w.at) >= from && ms(w.at) <= to).sort((a, b) => ms(a.at) - ms(b.at));
  const walk = inRange.filter((w) => w.minutes >= BRISK_WALK_MINUTES).at(-1);
  if (!walk) return null;
  const spreadAfter = inRange.some((w) => ms(w.at) > ms(walk.at) && w.spread);
  return {
    walk,
    result: spreadAfter
      ? 'fails'
      : walkResult(
          walk,
          checkins.filter((c) => ms(c.at) <= to),
        ),
  };
}
