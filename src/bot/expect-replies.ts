import type { Activity, InvokeResponse, Request, Response } from 'botbuilder';
// Not re-exported by botbuilder's index; deep-imported so the activity is prepared by botbuilder's own code.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';

/** Authenticates `activity` and runs its turn, as CloudAdapter does once it has read a request: the answer to send. */
export type ActivityProcessor = (authHeader: string, activity: Activity) => Promise<InvokeResponse | undefined>;

/**
 * Whether a request to /api/messages takes the direct path: an activity whose replies go back in
 * the HTTP answer (CONTRACT §1). Invokes (Teams' card actions, rare here) stay on `process` with
 * everything else: the direct path is kept to the turns the transcript tests drive.
 */
export function takesDirectPath(body: unknown): boolean {
  const activity = body as Partial<Activity> | undefined;
  return activity?.deliveryMode === 'expectReplies' && activity.type !== 'invoke';
}

/**
 * Answers an expectReplies request as `CloudAdapter.process` does, without its checks of the
 * request: the server has already read the body as JSON and checked it against the activity
 * schema, which is stricter. Everything else is botbuilder's: `processActivity` authenticates,
 * runs the turn on a TurnContext (which buffers the replies of an expectReplies turn) through the
 * adapter's middleware and `onTurnError`, and returns `200 {"activities": [...]}`; the answer is
 * written with the same three calls as CloudAdapter's, so status, headers and body are the same.
 * What `process` spends on its own checks is saved: zod schemas built and run over the body on
 * every request, measured at about a fifth of a triage turn's allocation.
 */
export async function answerExpectReplies(req: Request, res: Response, run: ActivityProcessor): Promise<void> {
  const header = req.headers.authorization;
  const activity = validateAndFixActivity(req.body as unknown as Activity);
  const answer = await run(typeof header === 'string' ? header : '', activity);
  res.status(answer?.status ?? 200);
  if (answer?.body) res.send(answer.body);
  res.end();
}
