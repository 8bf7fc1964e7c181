import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR } from '../../src/app.js';
import { allQuestionIds, questionSpec } from '../../dialogs/questions.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';

function keys(lng: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const file of readdirSync(path.join(LOCALES_DIR, lng)).filter((f) => f.endsWith('.json'))) {
    const walk = (prefix: string, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v))
        for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
      else out.set(`${file}:${prefix}`, v);
    };
    walk('', JSON.parse(readFileSync(path.join(LOCALES_DIR, lng, file), 'utf8')));
  }
  return out;
}

describe('locales', () => {
  const en = keys('en');
  const es = keys('es');

  it('has the same keys in en and es', () => {
    expect([...es.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('has no empty strings and keeps the same interpolations', () => {
    for (const [k, v] of en) {
      const w = es.get(k);
      if (typeof v === 'string') {
        expect(v.trim(), k).not.toBe('');
        expect(typeof w, k).toBe('string');
        const vars = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
        expect(vars(w as string), k).toEqual(vars(v));
      }
    }
  });

  it('has the words of every question and choice in both languages', () => {
    const i18n = createI18n(loadLocaleResources(LOCALES_DIR));
    for (const lng of ['en', 'es']) {
      for (const id of allQuestionIds()) {
        const spec = questionSpec(id);
        expect(i18n.exists(spec.textKey, { lng }), `${lng} ${spec.textKey}`).toBe(true);
        for (const c of spec.choices ?? [])
          expect(i18n.exists(`${c.labelKey}.title`, { lng }), `${lng} ${c.labelKey}`).toBe(true);
      }
    }
  });
});
