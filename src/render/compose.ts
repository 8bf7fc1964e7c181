import { offeredSpec } from '../../dialogs/questions.js';
import { stepChannelData, stepLines, type WalkStep } from '../../dialogs/exercise/walkthrough.js';
import { illustrationDataUrl, illustrationTitle } from './illustration.js';
import { crisisLine, emergencyInfo } from '../../dialogs/countries.js';
import type { AskIntent, Intent, OutcomeIntent, SayIntent } from '../../dialogs/intents.js';
import type { OutMessage, RenderContext, RenderIntent } from './message.js';
import type { CheckinPoint } from '../../dialogs/checkin/trend.js';
import { renderProgressPng, renderProgressSvg } from './progress-chart.js';
import { renderProgressSms, trendSentence } from './progress-text.js';
import { cesFindings, joinList, routeKey, tellId } from './outcome-wording.js';
import { DEFAULT_RETENTION_DAYS } from '../config.js';

/** Interpolation values every message may use: the emergency numbers of the user's country. */
export function numberParams(country: string | null): Record<string, string> {
  const info = emergencyInfo(country);
  return { number: info.number, alt: info.alt ?? info.number, advice: info.advice ?? '' };
}

/** The emergency-number sentence: the country's number, or "your local number (112)". */
function emergencyLine(ctx: RenderContext): string {
  const info = emergencyInfo(ctx.country);
  return ctx.t(info.known ? 'outcomes:number.known' : 'outcomes:number.unknown', numberParams(ctx.country));
}

/** The words of an exercise step: side and set, the step, the hold, and the stop rule (CLINICAL §6). */
function stepText(step: WalkStep, ctx: RenderContext): string {
  const name = ctx.t(`exercises:${step.exerciseId}.name`);
  const lines = stepLines(step).map((l) => {
    const nested = Object.fromEntries(Object.entries(l.nested ?? {}).map(([k, key]) => [k, ctx.t(key)]));
    return ctx.t(l.key, { ...l.values, ...nested });
  });
  return [`${name} (${step.step}/${step.steps})`, ...lines].join('\n');
}

/** The consent question's sentence on how long answers are kept. */
function retentionParams(ctx: RenderContext): Record<string, string> {
  const days = ctx.retentionDays ?? DEFAULT_RETENTION_DAYS;
  return {
    retention: days > 0 ? ctx.t('questions:retention.days', { count: days }) : ctx.t('questions:retention.kept'),
  };
}

function composeAsk(intent: AskIntent, ctx: RenderContext): OutMessage {
  const spec = offeredSpec(intent.questionId, intent.offered ?? null);
  const choices = spec.choices?.map((c) => ({ value: c.value, title: words(ctx, `${c.labelKey}.title`) }));
  const hint = intent.hint ? `${ctx.t(`questions:hint.${spec.kind}`)}\n` : '';
  const step = intent.step;
  // The drawing comes with the first step, where channels can show images.
  const image =
    step && step.step === 1 && ctx.channel !== 'sms'
      ? {
          contentType: 'image/png',
          contentUrl: illustrationDataUrl(step.exerciseId),
          name: illustrationTitle(step.exerciseId) ?? ctx.t(`exercises:${step.exerciseId}.name`),
        }
      : undefined;
  return {
    text:
      hint +
      (step
        ? stepText(step, ctx)
        : words(ctx, spec.textKey, {
            ...numberParams(ctx.country),
            ...(spec.id === 'consent' && retentionParams(ctx)),
          })),
    ...(step && { exercise: stepChannelData(step) }),
    ...(image && { image }),
    question: {
      id: spec.id,
      kind: spec.kind,
      ...(choices && { choices }),
      ...(spec.min !== undefined && { min: spec.min }),
      ...(spec.max !== undefined && { max: spec.max }),
    },
    howToAnswer: ctx.t(`questions:how.${spec.kind}`),
    submitTitle: ctx.t('questions:send'),
    cardWords: {
      none: ctx.t('messages:card.none'),
      label:
        spec.kind === 'number' && spec.min !== undefined && spec.max !== undefined
          ? ctx.t('messages:card.number', { min: spec.min, max: spec.max })
          : ctx.t(`messages:card.${spec.kind}`),
    },
  };
}

/**
 * The words of a key for this user: its carer variant (`<key>_carer`, i18next's context) when the
 * user writes for someone else (CLINICAL §2f), else the key itself.
 */
function words(ctx: RenderContext, key: string, params: Record<string, unknown> = {}): string {
  return ctx.t(key, ctx.carer ? { ...params, context: 'carer' } : params);
}

/** What to tell the staff (CLINICAL §6), by the findings that gave the emergency; its key, and the line. */
function staffLine(flags: OutcomeIntent['flags'], ctx: RenderContext): { key: string; line: string } | undefined {
  const id = tellId(flags);
  if (!id) return undefined;
  const key = `outcomes:tell.${id}`;
  const symptoms = joinList(
    cesFindings(flags).map((f) => words(ctx, `flags:${f}.staff`)),
    ctx.t('outcomes:and'),
  );
  return { key, line: words(ctx, key, { symptoms }) };
}

/**
 * An outcome (CLINICAL §1, §6): the headline, the emergency number of the user's country (every
 * outcome), what to do; for an emergency what to tell the staff, for an urgent outcome the
 * same-day route of the user's country; the notes and the safety net. Addressed to a carer when
 * the user writes for someone else.
 */
function composeOutcome(intent: OutcomeIntent, ctx: RenderContext): OutMessage {
  const p = numberParams(ctx.country);
  const route = intent.disposition === 'urgent' ? routeKey(ctx.country) : undefined;
  const parts = [
    words(ctx, `outcomes:${intent.disposition}.headline`, p),
    emergencyLine(ctx),
    words(ctx, `outcomes:${intent.disposition}.body`, { ...p, route: route ? words(ctx, route) : '' }),
  ];
  const staff = intent.disposition === 'emergency' ? staffLine(intent.flags, ctx) : undefined;
  if (staff) parts.push(staff.line);
  if (intent.unsure.length && intent.disposition !== 'emergency') parts.push(words(ctx, 'outcomes:unsure_note', p));
  if (intent.underAge) parts.push(words(ctx, 'outcomes:under_age_note'));
  if (intent.disposition === 'routine' || intent.disposition === 'self_care')
    parts.push(words(ctx, 'outcomes:safety_net', p));
  const advice = { ...(staff && { tell: staff.key }), ...(route && { route }), ...(ctx.carer && { carer: true }) };
  return {
    text: parts.filter(Boolean).join('\n\n'),
    triage: { disposition: intent.disposition, flags: intent.flags },
    ...(Object.keys(advice).length && { advice }),
    call: { number: p.number!, title: ctx.t('outcomes:call', p) },
  };
}

function composeSay(intent: SayIntent, ctx: RenderContext): OutMessage {
  const params: Record<string, string> = numberParams(ctx.country);
  if (intent.flags) params.items = intent.flags.map((f) => words(ctx, `flags:${f}.noted`)).join(', ');
  if (intent.id === 'crisis') params.crisisLine = crisisLine(ctx.country) ?? ctx.t('messages:crisis_line_unknown');
  return { text: words(ctx, intent.id.includes(':') ? intent.id : `messages:${intent.id}`, params) };
}

/** The check-in history: a chart where images show, else the short text trend (SMS). */
function composeProgress(history: CheckinPoint[], ctx: RenderContext): OutMessage {
  if (!history.length) return { text: ctx.t('progress:none') };
  const text = renderProgressSms(history, ctx.t);
  if (ctx.channel === 'sms') return { text };
  const png = renderProgressPng(renderProgressSvg(history, { t: ctx.t }));
  // The caption is drawn in the chart; the image's name is its alt text (the SVG's own title and description).
  return {
    text,
    image: {
      contentType: 'image/png',
      contentUrl: `data:image/png;base64,${png.toString('base64')}`,
      name: `${ctx.t('progress:chart.title')}. ${ctx.t('progress:chart.description')}`,
    },
  };
}

/** Turns intents into channel-neutral messages (profile, record and other effects say nothing). */
export function composeMessages(intents: readonly (RenderIntent | Intent)[], ctx: RenderContext): OutMessage[] {
  const out: OutMessage[] = [];
  for (const intent of intents) {
    if (intent.type === 'say') out.push(composeSay(intent, ctx));
    else if (intent.type === 'ask') out.push(composeAsk(intent, ctx));
    else if (intent.type === 'outcome') out.push(composeOutcome(intent, ctx));
    else if (intent.type === 'centralization')
      out.push({ text: trendSentence(intent.centralization, ctx.t), centralization: intent.centralization });
    else if (intent.type === 'progressView') out.push(composeProgress(intent.history, ctx));
  }
  return out;
}
