import { LANGUAGE_NAMES, STRINGS, format, localeFor, pickLanguage } from './strings.js';

const WebChat = window.WebChat;
const $ = (id) => document.getElementById(id);
const browserLanguages = navigator.languages ?? [navigator.language];
const state = {
  language: pickLanguage(new URLSearchParams(location.search).get('lang'), browserLanguages),
  /** The emergency number of the last emergency outcome; undefined until there is one. */
  emergency: undefined,
  status: 'connecting',
};

/** The `tel:` number of the call button the bot sent with an outcome, if any. */
function callNumber(activity) {
  for (const attachment of activity.attachments ?? []) {
    for (const button of attachment.content?.buttons ?? []) {
      if (button.type === 'call' && typeof button.value === 'string') return button.value.replace(/^tel:/, '');
    }
  }
  return undefined;
}

/** Puts the current language's words on the page. */
function renderPage() {
  const s = STRINGS[state.language];
  document.documentElement.lang = state.language;
  document.title = s.pageTitle;
  for (const el of document.querySelectorAll('[data-text]')) el.textContent = s[el.dataset.text];
  for (const el of document.querySelectorAll('[data-label]')) el.setAttribute('aria-label', s[el.dataset.label]);
  const status = $('status');
  status.hidden = !state.status;
  if (state.status) status.textContent = s[state.status];
  const banner = $('emergency');
  banner.hidden = state.emergency === undefined;
  if (state.emergency !== undefined) {
    $('emergency-body').textContent = state.emergency ? format(s.emergencyBody, { number: state.emergency }) : s.emergencyBodyNoNumber;
    const call = $('call');
    call.hidden = !state.emergency;
    call.href = `tel:${state.emergency}`;
    call.textContent = format(s.call, { number: state.emergency });
  }
}

/** Reacts to the bot's outcomes: an emergency shows the red banner with a call button. */
function onBotActivity(activity) {
  const triage = activity.channelData?.triage;
  if (!triage) return;
  document.body.dataset.triage = triage.disposition;
  if (triage.disposition === 'emergency') {
    state.emergency = callNumber(activity) ?? '';
    renderPage();
    $('emergency').focus();
  }
}

async function fetchToken() {
  const res = await fetch('/api/webchat/token', { method: 'POST' });
  if (res.status === 429) throw Object.assign(new Error('rate limited'), { status: 'busy' });
  if (!res.ok) throw new Error(`token: HTTP ${res.status}`);
  return res.json();
}

function start({ token }) {
  const directLine = WebChat.createDirectLine({ token, domain: `${location.origin}/v3/directline`, webSocket: true });
  let greeted = false;
  const store = WebChat.createStore({}, ({ dispatch }) => (next) => (action) => {
    if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !greeted) {
      greeted = true;
      state.status = '';
      renderPage();
      // The bot speaks when spoken to: greet it so it starts (in the chosen language).
      setTimeout(() => dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: STRINGS[state.language].hello } }), 0);
    } else if (action.type === 'DIRECT_LINE/CONNECT_REJECTED') {
      state.status = 'failed';
      renderPage();
    } else if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload.activity.from?.role === 'bot') {
      onBotActivity(action.payload.activity);
    }
    return next(action);
  });
  const styleOptions = {
    hideUploadButton: true,
    suggestedActionLayout: 'flow',
    bubbleBorderRadius: 12,
    bubbleFromUserBorderRadius: 12,
    accent: '#0f6cbd',
  };
  const render = () =>
    WebChat.renderWebChat({ directLine, store, styleOptions, locale: localeFor(state.language, browserLanguages), sendTypingIndicator: false }, $('webchat'));
  render();
  return render;
}

async function main() {
  const select = $('language');
  for (const [value, label] of Object.entries(LANGUAGE_NAMES)) select.append(new Option(label, value, false, value === state.language));
  renderPage();
  let rerender = () => {};
  select.addEventListener('change', () => {
    state.language = select.value;
    renderPage();
    rerender();
  });
  try {
    rerender = start(await fetchToken());
  } catch (err) {
    state.status = err.status ?? 'failed';
    renderPage();
  }
}

main();
