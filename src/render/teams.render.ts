import type { Activity } from './activity.js';
import { outcomeCard, questionCard } from './cards.js';
import type { OutMessage } from './message.js';

/**
 * Microsoft Teams: questions and outcomes as Adaptive Cards 1.5 with Action.Submit (choices as
 * messageBack showing the choice). No call button: Teams desktop and web do not open `tel:` links
 * from cards (AdaptiveCards#3905), so the outcome's text carries the number instead.
 */
export function renderTeams(m: OutMessage): Partial<Activity> {
  if (m.question) return { type: 'message', attachments: [questionCard(m, { teams: true })] };
  if (m.triage) return { type: 'message', attachments: [outcomeCard(m, { call: false })] };
  // Teams shows inline (base64) images in bot messages.
  if (m.image) return { type: 'message', text: m.text, attachments: [m.image] };
  return { type: 'message', text: m.text };
}
