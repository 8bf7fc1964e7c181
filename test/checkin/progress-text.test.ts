import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { PROGRESS_SMS_MAX, renderProgressSms, trendKey, trendSentence } from '../../src/render/progress-text.js';
import { trend, type Centralization, type CheckinPoint } from '../../dialogs/checkin/trend.js';

const i18n = createI18n(loadLocaleResources(fileURLToPath(new URL('../../locales', import.meta.url))));
const en = i18n.getFixedT('en');
const es = i18n.getFixedT('es');

function at(day: number): string {
  return new Date(Date.UTC(2024, 2, 1 + day, 9)).toISOString();
}

/** foot → foot → thigh → buttock over 12 days, with the score falling. */
const improving: CheckinPoint[] = [
  { at: at(0), left: 5, right: 0, score: 7 },
  { at: at(4), left: 5, right: 1, score: 6 },
  { at: at(8), left: 3, right: 0, score: 5 },
  { at: at(12), left: 2, right: 0, score: 3 },
];

describe('SMS progress text', () => {
  it('writes the path with repeats merged, the days, and the latest score', () => {
    const text = renderProgressSms(improving, en);
    expect(text).toContain('foot → thigh → buttock over 12 days');
    expect(text.split('\n')).toEqual([
      'How far your pain reaches: foot → thigh → buttock over 12 days.',
      'Latest pain score: 3/10.',
    ]);
  });

  it('speaks Spanish', () => {
    expect(renderProgressSms(improving, es)).toBe(
      'Hasta dónde llega tu dolor: pie → muslo → nalga en 12 días.\nÚltimo nivel de dolor: 3/10.',
    );
  });

  it('handles one check-in, one day, the same day and none', () => {
    expect(renderProgressSms(improving.slice(0, 1), en)).toBe(
      'How far your pain reaches: foot.\nLatest pain score: 7/10.',
    );
    const twoDays = [improving[0]!, { ...improving[2]!, at: at(1) }];
    expect(renderProgressSms(twoDays, en)).toContain('foot → thigh over 1 day.');
    const sameDay = [improving[0]!, { ...improving[2]!, at: at(0) }];
    expect(renderProgressSms(sameDay, es)).toContain('hoy: pie → muslo.');
    expect(renderProgressSms([], en)).toMatch(/^No check-ins yet/);
  });

  it.each(['en', 'es'])('stays within %s SMS length for 50 check-ins, keeping the start and the latest', (lng) => {
    const t = i18n.getFixedT(lng);
    const many: CheckinPoint[] = Array.from({ length: 50 }, (_, i) => ({
      at: at(i),
      left: i % 6,
      right: 4 - (i % 5),
      score: i % 11,
    }));
    const text = renderProgressSms(many, t);
    expect(text.length).toBeLessThanOrEqual(PROGRESS_SMS_MAX);
    expect(PROGRESS_SMS_MAX).toBe(320);
    expect(text).toContain('…');
    expect(text).toContain(lng === 'en' ? 'over 49 days' : 'en 49 días');
    expect(text.split('\n')[1]).toBe(lng === 'en' ? 'Latest pain score: 5/10.' : 'Último nivel de dolor: 5/10.');
  });
});

describe('trend sentence', () => {
  const c = (trend: Centralization['trend'], sustained: boolean, level = 3): Centralization => ({
    level,
    previous: 4,
    trend,
    sustained,
  });

  it.each([
    [c('first', false), 'progress:trend.first'],
    [c('centralizing', false), 'progress:trend.centralizing'],
    [c('centralizing', true), 'progress:trend.centralizing_sustained'],
    [c('centralizing', false, 0), 'progress:trend.resolved'],
    [c('stable', false), 'progress:trend.stable'],
    [c('peripheralizing', false), 'progress:trend.peripheralizing'],
    [c('peripheralizing', true), 'progress:trend.peripheralizing_sustained'],
  ] as const)('%o → %s', (cz, key) => {
    expect(trendKey(cz)).toBe(key);
    for (const lng of ['en', 'es']) expect(i18n.exists(key, { lng }), `${lng} ${key}`).toBe(true);
  });

  it('is calm about spreading and says what to do', () => {
    expect(trendSentence(trend(improving), en)).toMatch(/^Good news/);
    const worse = trendSentence(c('peripheralizing', true), en);
    expect(worse).toContain('1 to 2 weeks');
    expect(worse).toContain('get seen today');
    expect(trendSentence(c('peripheralizing', false), es)).toContain('pide que te vean hoy');
    expect(trendSentence(null, es)).toMatch(/^Aún no/);
  });
});
