import type { i18n as I18n, Resource, ResourceKey, ResourceLanguage } from 'i18next';
import { createI18n } from '../i18n.js';

/** Suffix of a locale key's SMS wording: `exercises:hold_sms` is said on SMS instead of `exercises:hold`. */
const SMS_SUFFIX = '_sms';

/** A copy of a locale tree where every `<key>_sms` string replaces `<key>`, at every depth. */
function withSmsWording(tree: ResourceKey): ResourceKey {
  if (typeof tree === 'string' || Array.isArray(tree)) return tree;
  const out: Record<string, ResourceKey> = {};
  for (const [key, value] of Object.entries(tree) as [string, ResourceKey][])
    out[key] = value && typeof value === 'object' ? withSmsWording(value) : value;
  for (const [key, value] of Object.entries(tree))
    if (key.endsWith(SMS_SUFFIX) && typeof value === 'string') out[key.slice(0, -SMS_SUFFIX.length)] = value;
  return out;
}

function languageWithSmsWording(namespaces: ResourceLanguage): ResourceLanguage {
  return Object.fromEntries(Object.entries(namespaces).map(([ns, tree]) => [ns, withSmsWording(tree)]));
}

const derived = new WeakMap<I18n, I18n>();

/**
 * The words of the SMS channel: an i18next instance over the same locales in which each key that
 * has an SMS wording (`<key>_sms`, e.g. "reply 1" where other channels say "tap Next") says that
 * instead. Built once per instance, so a turn pays nothing for it.
 */
export function smsWords(i18n: I18n): I18n {
  let sms = derived.get(i18n);
  if (!sms) {
    const resources: Resource = Object.fromEntries(
      Object.entries(i18n.options.resources ?? {}).map(([lng, namespaces]) => [
        lng,
        languageWithSmsWording(namespaces),
      ]),
    );
    sms = createI18n(resources);
    derived.set(i18n, sms);
  }
  return sms;
}
