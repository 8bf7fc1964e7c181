import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n, type Resource, type ResourceKey } from 'i18next';
import { LANGUAGES } from './understand/language.js';

/** Reads every `locales/<lng>/<ns>.json` once, at start-up. */
export function loadLocaleResources(localesDir: string): Resource {
  const resources: Resource = {};
  for (const lng of LANGUAGES) {
    resources[lng] = {};
    for (const file of readdirSync(path.join(localesDir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.replace(/\.json$/, '')] = JSON.parse(
        readFileSync(path.join(localesDir, lng, file), 'utf8'),
      ) as ResourceKey;
    }
  }
  return resources;
}

/**
 * A private i18next instance. Turns use `getFixedT(lng)`; `changeLanguage` is never called on it,
 * so concurrent turns in different languages can't mix words.
 */
export function createI18n(resources: Resource): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    ns: Object.keys(resources.en ?? {}),
    defaultNS: 'messages',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}
