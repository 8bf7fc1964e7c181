import { LANGUAGE_NAMES, STRINGS, format, localeFor, pickLanguage } from './strings.js';

const WebChat = window.WebChat;
const $ = (id) => document.getElementById(id);
const browserLanguages = navigator.languages ?? [navigator.language];
/** Where the page keeps its visitor's signed user id (CONTRACT §2). */
const VISITOR_KEY = 'sciatica-bot.visitor';
/** Direct Line connection statuses that mean the token or the conversation is gone. */
const LOST = new Set([3 /* ExpiredToken */, 4 /* FailedToConnect */, 5 /* Ended */]);

const state = {
  language: pickLanguage(new URLSearchParams(location.search).get('lang'), browserLanguages),
  /** The emergency number of the last emergency outcome; undefined until there is one. */
  emergency: undefined,
  status: 'connecting',
  /** The language the picker asked the bot to switch to, until the bot asks which one. */
  switchingTo: undefined,
  /** The question the bot is waiting for (CONTRACT §3), if any. */
  pending: undefined,
};

function storedVisitor() {
  try {
    return localStorage.getItem(VISITOR_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function keepVisitor(visitor) {
  try {
    if (visitor) localStorage.setItem(VISITOR_KEY, visitor);
    else localStorage.removeItem(VISITOR_KEY);
  } catch {
    // Storage refused (private mode): the visitor is then new on every visit.
  }
}

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
  status.dataset.state = state.status;
  if (state.status) status.textContent = s[state.status];
  const banner = $('emergency');
  banner.hidden = state.emergency === undefined;
  if (state.emergency !== undefined) {
    $('emergency-body').textContent = state.emergency
      ? format(s.emergencyBody, { number: state.emergency })
      : s.emergencyBodyNoNumber;
    const call = $('call');
    call.hidden = !state.emergency;
    call.href = `tel:${state.emergency}`;
    call.textContent = format(s.call, { number: state.emergency });
  }
}

function setStatus(status) {
  state.status = status;
  renderPage();
}

/** Reacts to the bot's outcomes: an emergency shows the red banner with a call button. */
function onBotActivity(activity) {
  const question = activity.channelData?.question;
  if (question) state.pending = question;
  const triage = activity.channelData?.triage;
  if (!triage) return;
  document.body.dataset.triage = triage.disposition;
  if (triage.disposition === 'emergency') {
    state.emergency = callNumber(activity) ?? '';
    renderPage();
    $('emergency').focus();
  }
}

/**
 * Web Chat's Markdown joins lines separated by a single line break (an exercise's steps ran
 * together): make each one a hard break. Paragraphs (blank lines) stay as they are.
 */
function keepLineBreaks(activity) {
  if (typeof activity.text !== 'string' || activity.textFormat === 'plain' || !activity.text.includes('\n'))
    return activity;
  return { ...activity, text: activity.text.replace(/([^\n])\n(?=[^\n])/g, '$1  \n') };
}

async function fetchToken() {
  const visitor = storedVisitor();
  const res = await fetch('/api/webchat/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(visitor ? { visitor } : {}),
  });
  if (res.status === 429) throw Object.assign(new Error('rate limited'), { status: 'busy' });
  if (!res.ok) throw new Error(`token: HTTP ${res.status}`);
  const body = await res.json();
  keepVisitor(body.visitor);
  return body;
}

/**
 * Marks what the page sends or receives on the patient's behalf (the start, a language switch):
 * not shown in the transcript, and muted for screen readers (Web Chat's fallback text).
 */
const HIDDEN = { pageHidden: true, 'webchat:fallback-text': '' };

/** Hides the activities marked `HIDDEN`. */
const activityMiddleware =
  () =>
  (next) =>
  (...args) => {
    const [card] = args;
    if (card?.activity?.channelData?.pageHidden) return false;
    return next(...args);
  };

let session;

/**
 * One Direct Line conversation shown in Web Chat. A lost connection (a 401/403, a server
 * restart) gets a new token for the same visitor and a new conversation, with a "Reconnecting…"
 * note meanwhile.
 */
function start({ token }) {
  const directLine = WebChat.createDirectLine({ token, domain: `${location.origin}/v3/directline`, webSocket: true });
  let started = false;
  const me = { directLine, store: undefined, dispatch: undefined, ended: false };
  const store = WebChat.createStore({}, ({ dispatch }) => (next) => (action) => {
    me.dispatch = dispatch;
    if (me.ended) return next(action);
    if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !started) {
      started = true;
      setStatus('');
      // The page tells the bot the chat has opened; the bot greets (once per conversation).
      setTimeout(() => dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: {} } }), 0);
    } else if (
      action.type === 'DIRECT_LINE/CONNECTION_STATUS_UPDATE' &&
      LOST.has(action.payload?.connectionStatus) &&
      started
    ) {
      reconnect();
    } else if (action.type === 'DIRECT_LINE/CONNECT_REJECTED' || action.type === 'DIRECT_LINE/RECONNECT_REJECTED') {
      if (started) reconnect();
      else setStatus('failed');
    } else if (action.type === 'DIRECT_LINE/POST_ACTIVITY_REJECTED') {
      reconnect();
    } else if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
      let activity = action.payload.activity;
      if (activity.from?.role === 'bot') {
        const question = activity.channelData?.question;
        if (question?.id === 'language' && state.switchingTo) {
          // The bot asks which language after the picker's "language" command: answer for the patient.
          const value = state.switchingTo;
          state.switchingTo = undefined;
          activity = { ...activity, channelData: { ...activity.channelData, ...HIDDEN } };
          setTimeout(
            () =>
              dispatch({
                type: 'WEB_CHAT/SEND_POST_BACK',
                payload: { value: { answer: value, question: 'language' } },
              }),
            0,
          );
        } else {
          onBotActivity(activity);
        }
        activity = keepLineBreaks(activity);
        return next({ ...action, payload: { ...action.payload, activity } });
      }
    }
    return next(action);
  });
  me.store = store;
  const styleOptions = {
    hideUploadButton: true,
    suggestedActionLayout: 'flow',
    bubbleBorderRadius: 12,
    bubbleFromUserBorderRadius: 12,
    // Images (the progress chart, the exercise drawings) are shown whole.
    bubbleImageHeight: 360,
    bubbleMaxWidth: 520,
    richCardWrapTitle: true,
    accent: '#0f6cbd',
    subtle: '#55585e',
  };
  // Each conversation gets its own element: Web Chat does not switch a mounted chat to a new store.
  const element = document.createElement('div');
  element.className = 'chat';
  $('webchat').replaceChildren(element);
  me.render = () =>
    WebChat.renderWebChat(
      {
        directLine,
        store,
        styleOptions,
        activityMiddleware,
        locale: localeFor(state.language, browserLanguages),
        sendTypingIndicator: false,
      },
      element,
    );
  me.render();
  return me;
}

let reconnecting;

/** Ends the current conversation and opens a new one for the same visitor. */
function reconnect() {
  if (reconnecting) return reconnecting;
  setStatus('reconnecting');
  const old = session;
  if (old) {
    old.ended = true;
    try {
      old.directLine.end();
    } catch {
      // Already ended.
    }
  }
  reconnecting = (async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        const token = await fetchToken();
        state.pending = undefined;
        session = start(token);
        return;
      } catch (err) {
        if (err.status === 'busy' || attempt >= 5) {
          setStatus(err.status ?? 'failed');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
  })().finally(() => {
    reconnecting = undefined;
  });
  return reconnecting;
}

/** The picker: the page's words at once, and the bot asked to say the pending question again in the new language. */
function changeLanguage(language) {
  state.language = language;
  renderPage();
  if (!session) return;
  session.render();
  if (state.pending && session.dispatch) {
    state.switchingTo = language;
    session.dispatch({ type: 'WEB_CHAT/SEND_POST_BACK', payload: { value: { command: 'language' } } });
  }
}

/** "Start again as someone else": forget the visitor on this browser and open a new conversation. */
function startOver() {
  keepVisitor(undefined);
  state.emergency = undefined;
  delete document.body.dataset.triage;
  renderPage();
  reconnect();
}

async function main() {
  const select = $('language');
  for (const [value, label] of Object.entries(LANGUAGE_NAMES))
    select.append(new Option(label, value, false, value === state.language));
  renderPage();
  select.addEventListener('change', () => changeLanguage(select.value));
  $('start-over').addEventListener('click', startOver);
  try {
    session = start(await fetchToken());
  } catch (err) {
    setStatus(err.status ?? 'failed');
  }
}

main();
