import type { Attachment } from 'botbuilder';
import type { OutMessage } from './message.js';

/** Content type of an Adaptive Card attachment. */
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** The schema version Teams renders fully. */
export const CARD_VERSION = '1.5';

type CardElement = Record<string, unknown>;

const textBlocks = (text: string): CardElement[] =>
  text.split('\n\n').map((para, i) => ({ type: 'TextBlock', text: para, wrap: true, ...(i === 0 && { weight: 'Bolder' }) }));

/** Adaptive Cards hosts (Teams among them) show at most this many actions. */
export const MAX_CARD_ACTIONS = 5;

/**
 * What a choice button submits: its answer bound to its question (CONTRACT §3). On Teams it is a
 * messageBack whose `displayText` puts the choice in the chat, as if the user had typed it.
 */
function choiceData(questionId: string, choice: { value: string; title: string }, teams: boolean): Record<string, unknown> {
  const value = { answer: choice.value, question: questionId };
  return teams ? { ...value, msteams: { type: 'messageBack', displayText: choice.title, value } } : value;
}

/**
 * The question's answer controls: a button per choice when they fit, else a list (single or
 * multi-select) or a number box, with one submit button. Every submit names the question, so an
 * older card's button answers nothing now.
 */
function answerParts(m: OutMessage, teams: boolean): { body: CardElement[]; actions: CardElement[] } {
  const q = m.question!;
  const choices = q.choices ?? [];
  if (q.kind === 'choice' && choices.length <= MAX_CARD_ACTIONS) {
    return { body: [], actions: choices.map((c) => ({ type: 'Action.Submit', title: c.title, data: choiceData(q.id, c, teams) })) };
  }
  const input =
    q.kind === 'number'
      ? { type: 'Input.Number', id: 'answer', ...(q.min !== undefined && { min: q.min }), ...(q.max !== undefined && { max: q.max }) }
      : { type: 'Input.ChoiceSet', id: 'answer', isMultiSelect: q.kind === 'multi', style: 'expanded', choices: choices.map((c) => ({ title: c.title, value: c.value })) };
  return { body: [input], actions: [{ type: 'Action.Submit', title: m.submitTitle ?? 'OK', data: { question: q.id } }] };
}

/** An Adaptive Card 1.5 for a question (Action.Submit sends `{ answer, question }`, CONTRACT §3); `teams` for Teams' messageBack. */
export function questionCard(m: OutMessage, opts: { teams?: boolean } = {}): Attachment {
  const { body, actions } = answerParts(m, opts.teams === true);
  const image = m.image ? [{ type: 'Image', url: m.image.contentUrl, altText: m.image.name, size: 'Stretch' }] : [];
  return { contentType: ADAPTIVE_CARD, content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: CARD_VERSION, body: [...image, ...textBlocks(m.text), ...body], actions } };
}

/** An Adaptive Card 1.5 for an outcome; an emergency one stands out and has a call button. */
export function outcomeCard(m: OutMessage): Attachment {
  const emergency = m.triage?.disposition === 'emergency';
  const body = textBlocks(m.text).map((b, i) => (i === 0 && emergency ? { ...b, color: 'Attention', size: 'Large' } : b));
  const actions = m.call ? [{ type: 'Action.OpenUrl', title: m.call.title, url: `tel:${m.call.number}` }] : [];
  return { contentType: ADAPTIVE_CARD, content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: CARD_VERSION, body, actions } };
}
