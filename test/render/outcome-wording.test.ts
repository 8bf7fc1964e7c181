import { describe, expect, it } from 'vitest';
import { LOCALES_DIR } from '../../src/app.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { renderIntents } from '../../src/render/render.js';
import { tellId } from '../../src/render/outcome-wording.js';
import type { OutcomeIntent } from '../../dialogs/intents.js';
import type { Finding } from '../../dialogs/triage/decide.js';
import { ALL_FLAGS, CES_FLAGS, FLAG_GROUP_ORDER } from '../../dialogs/triage/red-flags.js';
import { questionSpec, type QuestionId } from '../../dialogs/questions.js';
import { COUNTRY_CHOICES } from '../../dialogs/countries.js';

/** CLINICAL §6: what to tell the staff by flag, the same-day route by country, carers (§2f). */

const i18n = createI18n(loadLocaleResources(LOCALES_DIR));
type Lng = 'en' | 'es';

interface Rendered {
  text: string;
  advice?: { tell?: string; route?: string; carer?: boolean };
  triage?: unknown;
}

function outcome(
  flags: Finding[],
  opts: {
    disposition?: OutcomeIntent['disposition'];
    country?: string | null;
    lng?: Lng;
    carer?: boolean;
    channelId?: string;
    unsure?: Finding[];
  } = {},
): Rendered {
  const intent: OutcomeIntent = {
    type: 'outcome',
    disposition: opts.disposition ?? 'emergency',
    flags,
    unsure: opts.unsure ?? [],
    underAge: false,
  };
  const [a] = renderIntents([intent], {
    t: i18n.getFixedT(opts.lng ?? 'en'),
    country: opts.country === undefined ? 'GB' : opts.country,
    channelId: opts.channelId ?? 'webchat',
    ...(opts.carer && { carer: true }),
  });
  const data = a!.channelData as { advice?: Rendered['advice']; triage?: unknown } | undefined;
  return { text: a!.text ?? '', ...(data?.advice && { advice: data.advice }), triage: data?.triage };
}

const t = (lng: Lng, key: string, opts: Record<string, unknown> = {}) => i18n.getFixedT(lng)(key, opts);

describe('what to tell the staff, by the flag that gave the emergency (CLINICAL §6)', () => {
  const cases: [Finding[], string][] = [
    [['saddle_anaesthesia'], 'outcomes:tell.ces'],
    [['urinary_retention', 'bilateral_sciatica'], 'outcomes:tell.ces'],
    [['aaa_symptoms'], 'outcomes:tell.aaa_symptoms'],
    [['chest_pain'], 'outcomes:tell.chest_pain'],
    [['major_trauma'], 'outcomes:tell.major_trauma'],
    [['cancer_history', 'progressive_weakness'], 'outcomes:tell.cancer_weakness'],
    [['cancer_history', 'new_leg_deficit'], 'outcomes:tell.cancer_new_deficit'],
    [['fever', 'progressive_weakness'], 'outcomes:tell.fever_weakness'],
    [['calf_swelling', 'breathless'], 'outcomes:tell.calf_breathless'],
    [['chest_pain', 'calf_swelling'], 'outcomes:tell.calf_chest_pain'],
  ];

  it.each(cases)('%j → %s, in both languages', (flags, key) => {
    for (const lng of ['en', 'es'] as const) {
      const r = outcome(flags, { lng });
      expect(r.advice?.tell).toBe(key);
      const symptoms = flags.map((f) => t(lng, `flags:${f}.staff`)).join(` ${t(lng, 'outcomes:and')} `);
      expect(r.text).toContain(t(lng, key, key === 'outcomes:tell.ces' ? { symptoms } : {}));
    }
  });

  it('says a different line for each kind of emergency', () => {
    for (const lng of ['en', 'es'] as const) {
      const lines = cases
        .filter(([, k], i) => cases.findIndex(([, k2]) => k2 === k) === i)
        .map(([flags]) => outcome(flags, { lng }).text);
      expect(new Set(lines).size).toBe(lines.length);
    }
  });

  it('never speaks of cauda equina for chest pain, a possible aneurysm, an accident or rules 2–4', () => {
    const ces = t('en', 'outcomes:tell.ces', { symptoms: '' });
    const worry = ces.slice(ces.lastIndexOf('.', ces.length - 3) + 1).trim();
    for (const [flags, key] of cases) if (key !== 'outcomes:tell.ces') expect(outcome(flags).text).not.toContain(worry);
  });

  it('names every cauda equina finding in the CES line', () => {
    for (const lng of ['en', 'es'] as const) {
      const r = outcome([...CES_FLAGS], { lng });
      for (const f of CES_FLAGS) expect(r.text).toContain(t(lng, `flags:${f}.staff`));
    }
  });

  it('has a line for every emergency flag, and none for an urgent outcome', () => {
    for (const f of CES_FLAGS) expect(tellId([f])).toBe('ces');
    for (const f of ALL_FLAGS.slice(0, 10)) expect(tellId([f])).toBeDefined();
    expect(outcome(['fever'], { disposition: 'urgent' }).advice?.tell).toBeUndefined();
  });

  it('puts the line in the third person for a carer, keeping the emergency number', () => {
    for (const lng of ['en', 'es'] as const) {
      for (const [flags, key] of cases) {
        const self = outcome(flags, { lng });
        const carer = outcome(flags, { lng, carer: true });
        expect(carer.advice).toMatchObject({ tell: key, carer: true });
        expect(carer.text).not.toBe(self.text);
        expect(carer.text).toContain(t(lng, `outcomes:emergency.headline`, { number: '999', context: 'carer' }));
        expect(i18n.exists(`${key}_carer`, { lng })).toBe(true);
        expect(carer.text).toContain('999');
      }
    }
  });
});

describe('the same-day route of an urgent outcome, by country (CLINICAL §6)', () => {
  it('sends the UK to an urgent GP appointment or NHS 111', () => {
    for (const lng of ['en', 'es'] as const) {
      const r = outcome(['fever'], { disposition: 'urgent', country: 'GB', lng });
      expect(r.advice?.route).toBe('outcomes:route.gb');
      expect(r.text).toContain(t(lng, 'outcomes:route.gb'));
    }
  });

  it.each(COUNTRY_CHOICES.filter((c) => c !== 'GB'))('never names a UK service for %s', (country) => {
    for (const lng of ['en', 'es'] as const) {
      const r = outcome(['fever'], { disposition: 'urgent', country, lng });
      expect(r.advice?.route).toBe('outcomes:route.default');
      expect(r.text).toContain(t(lng, 'outcomes:route.default'));
      expect(r.text).not.toContain(t(lng, 'outcomes:route.gb'));
      expect(r.text).not.toMatch(/\bNHS\b/);
      // New Zealand's emergency number is 111: only there may the number appear.
      if (country !== 'NZ') expect(r.text).not.toContain('111');
    }
  });

  it('gives a US patient the general route and 911, never NHS 111', () => {
    const r = outcome(['calf_swelling'], { disposition: 'urgent', country: 'US' });
    expect(r.advice?.route).toBe('outcomes:route.default');
    expect(r.text).toContain('911');
    expect(r.text).not.toContain('111');
  });

  it('gives the general route when the country is unknown, with 112', () => {
    const r = outcome(['fever'], { disposition: 'urgent', country: null });
    expect(r.advice?.route).toBe('outcomes:route.default');
    expect(r.text).toContain('112');
  });

  it('addresses the route to a carer', () => {
    const r = outcome(['fever'], { disposition: 'urgent', country: 'GB', carer: true });
    expect(r.advice).toEqual({ route: 'outcomes:route.gb', carer: true });
    expect(r.text).toContain(t('en', 'outcomes:route.gb', { context: 'carer' }));
  });
});

describe('every outcome carries the emergency number of the user’s country (safety rule 5)', () => {
  it.each(['emergency', 'urgent', 'routine', 'self_care'] as const)(
    '%s, for every country, both languages, carer or not, on every channel',
    (disposition) => {
      const numbers: Record<string, string> = {
        US: '911',
        GB: '999',
        ES: '112',
        MX: '911',
        AU: '000',
        NZ: '111',
        CO: '123',
        CL: '131',
        AR: '107',
      };
      for (const [country, number] of Object.entries(numbers)) {
        for (const lng of ['en', 'es'] as const) {
          for (const carer of [false, true]) {
            for (const channelId of ['webchat', 'msteams', 'sms']) {
              const flags: Finding[] =
                disposition === 'emergency' ? ['saddle_anaesthesia'] : disposition === 'urgent' ? ['fever'] : [];
              const intent: OutcomeIntent = { type: 'outcome', disposition, flags, unsure: [], underAge: false };
              const acts = renderIntents([intent], { t: i18n.getFixedT(lng), country, channelId, carer });
              const text = acts.map((a) => a.text ?? JSON.stringify(a.attachments)).join(' ');
              expect(text, `${country} ${lng} ${channelId}`).toContain(number);
            }
          }
        }
      }
    },
  );
});

describe('carer wording in the locales (CLINICAL §2f)', () => {
  const screen: QuestionId[] = [
    'age',
    'pain.left',
    'pain.right',
    'pain.score',
    'pain.weeks',
    'clinician.cleared',
    'pain.now',
    'exercise.numbness',
    'redflag.breathless',
    ...ALL_FLAGS.map((f) => `redflag.${f}` as const),
    ...FLAG_GROUP_ORDER.map((g) => `redflags.${g}` as const),
  ];
  it('has a carer variant of every screening question and of every outcome, in both languages', () => {
    const keys = [
      ...screen.map((id) => questionSpec(id).textKey),
      ...ALL_FLAGS.flatMap((f) => [`flags:${f}.title`, `flags:${f}.noted`]),
      ...['emergency', 'urgent', 'routine', 'self_care'].flatMap((d) => [
        `outcomes:${d}.headline`,
        `outcomes:${d}.body`,
      ]),
      'outcomes:unsure_note',
      'outcomes:under_age_note',
      'outcomes:safety_net',
      'outcomes:route.gb',
      'outcomes:route.default',
      ...CES_FLAGS.map((f) => `flags:${f}.staff`),
    ];
    for (const lng of ['en', 'es'] as const)
      for (const key of keys) expect(i18n.exists(`${key}_carer`, { lng }), `${lng} ${key}_carer`).toBe(true);
  });

  it('has a plain answer for a question about every sign, in both languages', () => {
    for (const lng of ['en', 'es'] as const)
      for (const f of ALL_FLAGS) expect(i18n.exists(`messages:sign.${f}`, { lng }), `${lng} ${f}`).toBe(true);
  });

  it('asks the carer variant of a question when the user writes for someone else', () => {
    for (const lng of ['en', 'es'] as const) {
      const ask = (carer: boolean) =>
        renderIntents([{ type: 'ask', questionId: 'redflag.urinary_retention' }], {
          t: i18n.getFixedT(lng),
          country: 'GB',
          channelId: 'webchat',
          carer,
        })[0]!.text;
      expect(ask(true)).toBe(t(lng, 'flags:urinary_retention.question_carer'));
      expect(ask(false)).toBe(t(lng, 'flags:urinary_retention.question'));
    }
  });
});
