import { ActionTypes, type Activity } from './activity.js';
import type { TFunction } from 'i18next';
import { ADAPTIVE_CARD, CARD_VERSION } from './cards.js';
import { numberParams } from './compose.js';
import { channelKind } from './message.js';

/**
 * The proactive check-in reminder: a short message with a button that sends the `checkin`
 * command (CONTRACT §5 `value.command`); on SMS, text only.
 */
export function renderReminder(t: TFunction, country: string | null, channelId: string | undefined): Partial<Activity> {
  const text = t('messages:reminder_due', numberParams(country));
  const button = t('messages:checkin_button');
  const kind = channelKind(channelId);
  if (kind === 'sms') return { type: 'message', text };
  if (kind === 'teams') {
    const content = {
      type: 'AdaptiveCard',
      version: CARD_VERSION,
      body: [{ type: 'TextBlock', text, wrap: true }],
      actions: [
        {
          type: 'Action.Submit',
          title: button,
          data: {
            command: 'checkin',
            msteams: { type: 'messageBack', displayText: button, value: { command: 'checkin' } },
          },
        },
      ],
    };
    return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, content }] };
  }
  return {
    type: 'message',
    text,
    suggestedActions: {
      to: [],
      actions: [
        {
          type: ActionTypes.MessageBack,
          title: button,
          displayText: button,
          text: button,
          value: { command: 'checkin' },
        },
      ],
    },
  };
}
