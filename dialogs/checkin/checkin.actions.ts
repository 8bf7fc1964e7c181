import { base } from '../conversation.base.js';
import { decideCheckin } from '../conversation.setup.js';
import { foldEarlier } from '../triage/facts.js';
import { programmeMessages, withConsequence } from './report.js';

/**
 * A check-in is a fresh screen: earlier answers don't carry over (CES can develop at any time),
 * but what was affirmed still counts for the combination rules 2–4 (`earlier`). It doesn't ask
 * `pain.weeks`: only an intake's record holds it, which is how the intake's pain map is told
 * from a check-in's (the baseline of the trend).
 */
export const startCheckin = base.assign(({ context }) => ({
  answers: {},
  earlier: foldEarlier(context),
  painLeft: null,
  painRight: null,
  score: null,
  weeks: null,
  walk: null,
  run: null,
  report: null,
  outcome: null,
  clarify: [],
  age: context.age,
}));

/** The check-in's record and its report (the trend, CONTRACT §4), as decided by `reportCheckin`. */
export const recordCheckin = base.enqueueActions(({ context, enqueue }) => {
  if (!context.report) return;
  enqueue({ type: 'record', params: { kind: 'checkin', data: context.report.record } });
  enqueue({ type: 'checkin', params: { centralization: context.report.centralization } });
});

/**
 * The check-in's outcome: the screen's decision, raised to `routine` by a sustained
 * peripheralization (CLINICAL §3), which is then given and recorded as an outcome; then what the
 * check-in changed in the programme (phase, walk-run stage).
 */
export const settleCheckin = base.enqueueActions(({ context, enqueue }) => {
  const screen = decideCheckin(context);
  const report = context.report;
  const outcome = report ? withConsequence(screen, report.consequence) : screen;
  enqueue.assign({ outcome, outcomeDay: context.today });
  if (report && outcome !== screen) {
    enqueue({ type: 'outcome', params: outcome });
    const { disposition, flags, unsure } = outcome;
    enqueue({
      type: 'record',
      params: {
        kind: 'triage',
        data: {
          disposition,
          flags,
          unsure,
          reason: 'sustained_peripheralization',
          stepBack: report.consequence.stepBack,
        },
      },
    });
  }
  for (const id of report ? programmeMessages(report) : []) enqueue({ type: 'say', params: { id } });
});
