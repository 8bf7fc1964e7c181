import type { Activity } from './activity.js';
import type { RenderIntent } from './message.js';
import { composeMessages } from './compose.js';
import { channelKind, type OutMessage, type RenderContext } from './message.js';
import { renderSms } from './sms.render.js';
import { renderTeams } from './teams.render.js';
import { renderWebchat } from './webchat.render.js';

function channelData(m: OutMessage): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  if (m.question) data.question = m.question;
  if (m.triage) data.triage = m.triage;
  if (m.advice) data.advice = m.advice;
  if (m.centralization) data.centralization = m.centralization;
  if (m.exercise) data.exercise = m.exercise;
  return Object.keys(data).length ? data : undefined;
}

/** One message as the channel's activities; `channelData` per CONTRACT §3–4. */
function toActivities(m: OutMessage, channelId: string | undefined): Partial<Activity>[] {
  const kind = channelKind(channelId);
  const data = channelData(m);
  if (kind === 'sms') {
    const pieces = renderSms(m);
    // The outcome's data rides on the first piece (it carries the number); a question's on the
    // last piece, the one the user answers.
    return pieces.map((a, i) => {
      const cd = {
        ...(i === 0 && m.triage && { triage: m.triage }),
        ...(i === 0 && m.advice && { advice: m.advice }),
        ...(i === 0 && m.centralization && { centralization: m.centralization }),
        ...(i === pieces.length - 1 && m.question && { question: m.question }),
        ...(i === pieces.length - 1 && m.exercise && { exercise: m.exercise }),
      };
      return Object.keys(cd).length ? { ...a, channelData: cd } : a;
    });
  }
  const activity = kind === 'teams' ? renderTeams(m) : renderWebchat(m);
  return [data ? { ...activity, channelData: data } : activity];
}

/** Renders a turn's intents as activities for the channel, in the user's language. */
export function renderIntents(
  intents: readonly RenderIntent[],
  ctx: Omit<RenderContext, 'channel'> & { channelId: string | undefined },
): Partial<Activity>[] {
  return composeMessages(intents, { ...ctx, channel: channelKind(ctx.channelId) }).flatMap((m) =>
    toActivities(m, ctx.channelId),
  );
}
