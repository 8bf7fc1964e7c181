/**
 * Every word of the demo page (the bot's own words are in locales/). English and Spanish with
 * the same keys; `{number}` is the emergency number the bot gave.
 */
export const STRINGS = {
  en: {
    pageTitle: 'Back pain and sciatica check – Demo Clinic',
    clinic: 'Demo Clinic',
    title: 'Back pain and sciatica check',
    subtitle: 'Answer a few questions about your back and leg pain. The guide tells you where to get help.',
    language: 'Language',
    chatLabel: 'Chat with the back pain guide',
    connecting: 'Connecting…',
    failed: 'We could not connect. Reload the page to try again. In an emergency call your local emergency number.',
    busy: 'Too many attempts from this network. Wait a minute, then reload the page.',
    reconnecting: 'Reconnecting…',
    startOver: 'Start again as someone else',
    emergencyTitle: 'Emergency: get help now',
    emergencyBody:
      'Your answers point to a problem that needs urgent care. Call {number} now or go to the nearest emergency department.',
    emergencyBodyNoNumber:
      'Your answers point to a problem that needs urgent care. Call your local emergency number now.',
    call: 'Call {number}',
    disclaimer:
      'This guide gives general information. It is not a doctor and does not diagnose. In an emergency call your local emergency number.',
  },
  es: {
    pageTitle: 'Revisión de dolor de espalda y ciática – Clínica de demostración',
    clinic: 'Clínica de demostración',
    title: 'Revisión de dolor de espalda y ciática',
    subtitle: 'Responde unas preguntas sobre tu dolor de espalda y pierna. La guía te dice dónde pedir ayuda.',
    language: 'Idioma',
    chatLabel: 'Chat con la guía del dolor de espalda',
    connecting: 'Conectando…',
    failed:
      'No hemos podido conectar. Vuelve a cargar la página. En una emergencia llama al número de emergencias de tu país.',
    busy: 'Demasiados intentos desde esta red. Espera un minuto y vuelve a cargar la página.',
    reconnecting: 'Reconectando…',
    startOver: 'Empezar de nuevo como otra persona',
    emergencyTitle: 'Emergencia: pide ayuda ahora',
    emergencyBody:
      'Tus respuestas indican un problema que necesita atención urgente. Llama al {number} ahora o ve al servicio de urgencias más cercano.',
    emergencyBodyNoNumber:
      'Tus respuestas indican un problema que necesita atención urgente. Llama ahora al número de emergencias de tu país.',
    call: 'Llamar al {number}',
    disclaimer:
      'Esta guía da información general. No es un médico y no hace diagnósticos. En una emergencia llama al número de emergencias de tu país.',
  },
};

/** Languages the page offers, as `<option>` labels in their own language. */
export const LANGUAGE_NAMES = { en: 'English', es: 'Español' };

/** The page language: `?lang=` if supported, else the browser's first supported language, else English. */
export function pickLanguage(requested, browserLanguages) {
  const supported = Object.keys(STRINGS);
  const candidates = [requested, ...(browserLanguages ?? [])]
    .filter(Boolean)
    .map((l) => String(l).toLowerCase().split('-')[0]);
  return candidates.find((l) => supported.includes(l)) ?? 'en';
}

/**
 * The locale Web Chat sends for a language: the browser's own tag for it when there is one
 * ("en-GB" tells the bot the country), else the bare language (the bot then asks the country).
 */
export function localeFor(language, browserLanguages) {
  return (browserLanguages ?? []).find((l) => String(l).toLowerCase().split('-')[0] === language) ?? language;
}

/** A string with `{name}` placeholders filled. */
export function format(text, values) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}
