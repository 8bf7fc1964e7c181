import { offeredSpec } from '../../dialogs/questions.js';
import { stepChannelData, stepLines, type WalkStep } from '../../dialogs/exercise/walkthrough.js';
import { illustrationDataUrl } from './illustration.js';
import { crisisLine, emergencyInfo } from '../../dialogs/countries.js';
import type { AskIntent, Intent, OutcomeIntent, SayIntent } from '../../dialogs/intents.js';
import type { OutMessage, RenderContext, RenderIntent } from './message.js';
import type { CheckinPoint } from '../../dialogs/checkin/trend.js';
import { renderProgressPng, renderProgressSvg } from './progress-chart.js';
import { renderProgressSms, trendSentence } from './progress-text.js';

/** Interpolation values every message may use: the emergency numbers of the user's country. */
export function numberParams(country: string | null): Record<string, string> {
  const info = emergencyInfo(country);
  return { number: info.number, alt: info.alt ?? info.number, advice: info.advice ?? '' };
}

/** The emergency-number sentence: the country's number, or "your local number (112)". */
export function emergencyLine(ctx: RenderContext): string {
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

function composeAsk(intent: AskIntent, ctx: RenderContext): OutMessage {
  const spec = offeredSpec(intent.questionId, intent.offered ?? null);
  const choices = spec.choices?.map((c) => ({ value: c.value, title: ctx.t(`${c.labelKey}.title`) }));
  const hint = intent.hint ? `${ctx.t(`questions:hint.${spec.kind}`)}\n` : '';
  const step = intent.step;
  // The drawing comes with the first step, where channels can show images.
  const image = step && step.step === 1 && ctx.channel !== 'sms' ? { contentType: 'image/png', contentUrl: illustrationDataUrl(step.exerciseId), name: ctx.t(`exercises:${step.exerciseId}.name`) } : undefined;
  return {
    text: hint + (step ? stepText(step, ctx) : ctx.t(spec.textKey, numberParams(ctx.country))),
    ...(step && { exercise: stepChannelData(step) }),
    ...(image && { image }),
    question: { id: spec.id, kind: spec.kind, ...(choices && { choices }), ...(spec.min !== undefined && { min: spec.min }), ...(spec.max !== undefined && { max: spec.max }) },
    howToAnswer: ctx.t(`questions:how.${spec.kind}`),
    submitTitle: ctx.t('questions:send'),
  };
}

function composeOutcome(intent: OutcomeIntent, ctx: RenderContext): OutMessage {
  const p = numberParams(ctx.country);
  const t = ctx.t;
  const parts = [t(`outcomes:${intent.disposition}.headline`, p), emergencyLine(ctx), t(`outcomes:${intent.disposition}.body`, p)];
  if (intent.disposition === 'emergency') {
    const symptom = intent.flags[0] ? t(`flags:${intent.flags[0]}.title`) : '';
    parts.push(t('outcomes:emergency.tell_staff', { symptom: symptom.toLowerCase() }));
  }
  if (intent.unsure.length && intent.disposition !== 'emergency') parts.push(t('outcomes:unsure_note', p));
  if (intent.underAge) parts.push(t('outcomes:under_age_note'));
  if (intent.disposition === 'routine' || intent.disposition === 'self_care') parts.push(t('outcomes:safety_net', p));
  return {
    text: parts.filter(Boolean).join('\n\n'),
    triage: { disposition: intent.disposition, flags: intent.flags },
    call: { number: p.number!, title: t('outcomes:call', p) },
  };
}

function composeSay(intent: SayIntent, ctx: RenderContext): OutMessage {
  const params: Record<string, string> = numberParams(ctx.country);
  if (intent.flags) params.items = intent.flags.map((f) => ctx.t(`flags:${f}.noted`)).join(', ');
  if (intent.id === 'crisis') params.crisisLine = crisisLine(ctx.country) ?? ctx.t('messages:crisis_line_unknown');
  return { text: ctx.t(intent.id.includes(':') ? intent.id : `messages:${intent.id}`, params) };
}

/** The check-in history: a chart where images show, else the short text trend (SMS). */
function composeProgress(history: CheckinPoint[], ctx: RenderContext): OutMessage {
  if (!history.length) return { text: ctx.t('progress:none') };
  const text = renderProgressSms(history, ctx.t);
  if (ctx.channel === 'sms') return { text };
  const png = renderProgressPng(renderProgressSvg(history, { t: ctx.t }));
  return { text: `${text}\n\n${ctx.t('progress:chart.caption')}`, image: { contentType: 'image/png', contentUrl: `data:image/png;base64,${png.toString('base64')}`, name: 'progress.png' } };
}

/** Turns intents into channel-neutral messages (profile, record and other effects say nothing). */
export function composeMessages(intents: readonly (RenderIntent | Intent)[], ctx: RenderContext): OutMessage[] {
  const out: OutMessage[] = [];
  for (const intent of intents) {
    if (intent.type === 'say') out.push(composeSay(intent, ctx));
    else if (intent.type === 'ask') out.push(composeAsk(intent, ctx));
    else if (intent.type === 'outcome') out.push(composeOutcome(intent, ctx));
    else if (intent.type === 'centralization') out.push({ text: trendSentence(intent.centralization, ctx.t), centralization: intent.centralization });
    else if (intent.type === 'progressView') out.push(composeProgress(intent.history, ctx));
  }
  return out;
}
