import { ActionTypes, CardFactory, type Activity } from './activity.js';
import { questionCard } from './cards.js';
import type { OutMessage } from './message.js';

/**
 * Web Chat, Direct Line and the Emulator: choices as suggested actions (messageBack carrying
 * `value: { answer, question }`, showing the title); multi-select questions as an Adaptive Card
 * (the question's words stay in the message text, so the card holds only the list, "Send" and
 * "None of these", without the SMS hint); an outcome with a call button card (browsers open `tel:`).
 */
export function renderWebchat(m: OutMessage): Partial<Activity> {
  const activity: Partial<Activity> = { type: 'message', text: m.text };
  const q = m.question;
  if (q?.kind === 'choice') {
    activity.suggestedActions = {
      to: [],
      actions: (q.choices ?? []).map((c) => ({
        type: ActionTypes.MessageBack,
        title: c.title,
        displayText: c.title,
        text: c.title,
        value: { answer: c.value, question: q.id },
      })),
    };
  } else if (q?.kind === 'multi') {
    activity.attachments = [questionCard({ ...m, text: '' })];
  }
  if (m.image) activity.attachments = [...(activity.attachments ?? []), m.image];
  if (m.call) {
    activity.attachments = [
      CardFactory.heroCard('', undefined, [
        { type: ActionTypes.Call, title: m.call.title, value: `tel:${m.call.number}` },
      ]),
    ];
  }
  return activity;
}
