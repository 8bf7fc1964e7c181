import type { Attachment } from './activity.js';
import type { OutMessage } from './message.js';

/** Content type of an Adaptive Card attachment. */
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** The schema version Teams renders fully. */
export const CARD_VERSION = '1.5';

type CardElement = Record<string, unknown>;

/**
 * The message's words as TextBlocks, one per line: a TextBlock's Markdown joins single line
 * breaks, which ran an exercise's steps together. Only a short heading line is bold (a question's
 * first line, an exercise's name); the steps themselves are in normal weight.
 */
function textBlocks(text: string, opts: { heading?: boolean } = {}): CardElement[] {
  const blocks: CardElement[] = [];
  text.split('\n\n').forEach((para, p) => {
    para.split('\n').forEach((line, l) => {
      if (!line.trim()) return;
      const bold = opts.heading !== false && p === 0 && l === 0 && (para.includes('\n') || line.length <= 160);
      blocks.push({
        type: 'TextBlock',
        text: line,
        wrap: true,
        ...(bold && { weight: 'Bolder' }),
        ...(l > 0 && { spacing: 'Small' }),
      });
    });
  });
  return blocks;
}

/** Choices up to this many sit side by side; more become a vertical list. */
const MAX_SIDE_BY_SIDE = 3;

/** Choices up to this many are tappable boxes; a longer list (the countries) is a labelled radio list with a submit. */
export const MAX_CHOICE_BOXES = 8;

/**
 * What a choice submits: its answer bound to its question (CONTRACT §3). On Teams it is a
 * messageBack whose `displayText` puts the choice in the chat, as if the user had typed it.
 */
function choiceData(
  questionId: string,
  choice: { value: string; title: string },
  teams: boolean,
): Record<string, unknown> {
  const value = { answer: choice.value, question: questionId };
  return teams ? { ...value, msteams: { type: 'messageBack', displayText: choice.title, value } } : value;
}

/**
 * One choice as a tappable box whose words wrap: a host's action buttons cut long titles with
 * "…" (Teams at 480 px cut "Pelvis" and "I'm done"), a TextBlock never does.
 */
function choiceBox(questionId: string, choice: { value: string; title: string }, teams: boolean): CardElement {
  return {
    type: 'Container',
    style: 'emphasis',
    bleed: false,
    selectAction: { type: 'Action.Submit', title: choice.title, data: choiceData(questionId, choice, teams) },
    items: [
      {
        type: 'TextBlock',
        text: choice.title,
        wrap: true,
        weight: 'Bolder',
        color: 'Accent',
        horizontalAlignment: 'Center',
      },
    ],
  };
}

/** The choices as wrapping boxes: side by side up to three, else one under another. */
function choiceList(
  questionId: string,
  choices: readonly { value: string; title: string }[],
  teams: boolean,
): CardElement[] {
  if (choices.length <= MAX_SIDE_BY_SIDE) {
    return [
      {
        type: 'ColumnSet',
        spacing: 'Medium',
        columns: choices.map((c) => ({ type: 'Column', width: 'stretch', items: [choiceBox(questionId, c, teams)] })),
      },
    ];
  }
  return choices.map((c, i) => ({ ...choiceBox(questionId, c, teams), spacing: i === 0 ? 'Medium' : 'Small' }));
}

/**
 * The question's answer controls. A single choice: wrapping boxes that submit at once (a long
 * list: a labelled radio list and a submit). A multi-select: a labelled list whose options wrap, a submit for the ticked ones and an explicit
 * "None of these" (which sends `[]` without reading the ticks). A number: a labelled box with
 * its range. Every submit names the question, so an older card's button answers nothing now.
 */
function answerParts(m: OutMessage, teams: boolean): { body: CardElement[]; actions: CardElement[] } {
  const q = m.question!;
  const choices = q.choices ?? [];
  if (q.kind === 'choice' && choices.length <= MAX_CHOICE_BOXES)
    return { body: choiceList(q.id, choices, teams), actions: [] };
  const label = m.cardWords?.label;
  const submit = { type: 'Action.Submit', title: m.submitTitle ?? 'OK', data: { question: q.id } };
  if (q.kind === 'number') {
    const input = {
      type: 'Input.Number',
      id: 'answer',
      ...(label && { label }),
      ...(q.min !== undefined && q.max !== undefined && { placeholder: `${q.min}–${q.max}` }),
      ...(q.min !== undefined && { min: q.min }),
      ...(q.max !== undefined && { max: q.max }),
    };
    return { body: [input], actions: [submit] };
  }
  const input = {
    type: 'Input.ChoiceSet',
    id: 'answer',
    ...(label && { label }),
    isMultiSelect: q.kind === 'multi',
    style: 'expanded',
    wrap: true,
    choices: choices.map((c) => ({ title: c.title, value: c.value })),
  };
  if (q.kind !== 'multi') return { body: [input], actions: [submit] };
  const none = {
    type: 'Action.Submit',
    title: m.cardWords?.none ?? 'None of these',
    associatedInputs: 'none',
    data: { answer: [], question: q.id },
  };
  return { body: [input], actions: [submit, none] };
}

/** The image element of a card: the whole picture, described by its alt text. */
function imageElement(image: NonNullable<OutMessage['image']>): CardElement {
  return { type: 'Image', url: image.contentUrl, altText: image.name, size: 'Stretch' };
}

/** An Adaptive Card 1.5 for a question (every submit sends `{ answer, question }`, CONTRACT §3); `teams` for Teams' messageBack. */
export function questionCard(m: OutMessage, opts: { teams?: boolean } = {}): Attachment {
  const { body, actions } = answerParts(m, opts.teams === true);
  const image = m.image ? [imageElement(m.image)] : [];
  return {
    contentType: ADAPTIVE_CARD,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: CARD_VERSION,
      body: [...image, ...textBlocks(m.text), ...body],
      actions,
    },
  };
}

/**
 * An Adaptive Card 1.5 for an outcome; an emergency one stands out. The emergency number is
 * always in the text; a call button (`tel:`) is added only when `call` says the host opens it
 * (Teams desktop and web do not: AdaptiveCards#3905).
 */
export function outcomeCard(m: OutMessage, opts: { call?: boolean } = {}): Attachment {
  const emergency = m.triage?.disposition === 'emergency';
  const body = textBlocks(m.text, { heading: false }).map((b, i) =>
    i === 0 ? { ...b, weight: 'Bolder', ...(emergency && { color: 'Attention', size: 'Large' }) } : b,
  );
  const actions =
    m.call && opts.call ? [{ type: 'Action.OpenUrl', title: m.call.title, url: `tel:${m.call.number}` }] : [];
  return {
    contentType: ADAPTIVE_CARD,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: CARD_VERSION,
      body,
      actions,
    },
  };
}
