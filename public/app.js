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
  /** The id of the question the bot's latest message asks (undefined when it asks nothing): what typed text answers. */
  asking: undefined,
  /** The visitor's signed user id, also when the browser's storage refuses to keep it. */
  visitor: undefined,
};

function storedVisitor() {
  try {
    return localStorage.getItem(VISITOR_KEY) ?? state.visitor;
  } catch {
    return state.visitor;
  }
}

function keepVisitor(visitor) {
  // Kept in memory too: without storage (private mode) the page can still resume its conversation.
  state.visitor = visitor;
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

/** Reacts to the bot's questions and outcomes: an emergency shows the red banner with a call button. */
function onBotActivity(activity) {
  const question = activity.channelData?.question;
  if (question) state.pending = question;
  if (activity.type === 'message') state.asking = question?.id;
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

/**
 * A token for a new conversation, or (with `resume`: `{ conversationId, watermark }`) for the
 * conversation the page had, which the server gives only to the visitor who owns it. Throws
 * with `status: 'busy'` when rate-limited, and with `refused` when the conversation can't be resumed.
 */
async function fetchToken(resume) {
  const visitor = storedVisitor();
  const res = await fetch('/api/webchat/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...(visitor && { visitor }), ...resume }),
  });
  if (res.status === 429) throw Object.assign(new Error('rate limited'), { status: 'busy' });
  if (resume && res.status >= 400 && res.status < 500)
    throw Object.assign(new Error(`resume: HTTP ${res.status}`), { refused: true });
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

/**
 * What the page adds to a message the patient sends: typed text says which question it was
 * written for (`channelData.forQuestion`, CONTRACT §3), so that the same text sent again later (its
 * Retry after a lost connection) is not taken for another question. A Retry carries what the
 * first attempt carried, and goes below what the bot has said since (the question put again),
 * not back to the failed message's place.
 */
function outgoing(action) {
  const activity = action.payload?.activity;
  if (activity?.channelData?.clientActivityID) {
    const channelData = { ...activity.channelData };
    delete channelData['webchat:sequence-id'];
    return { ...action, payload: { ...action.payload, activity: { ...activity, channelData } } };
  }
  if (activity?.type !== 'message' || !activity.text || activity.value !== undefined || !state.asking) return action;
  const channelData = { ...activity.channelData, forQuestion: state.asking };
  return { ...action, payload: { ...action.payload, activity: { ...activity, channelData } } };
}

/**
 * Removes a message that could not be sent once it is sent again with its Retry: Web Chat keeps
 * it with its "Send failed. Retry." (BotFramework-WebChat#3192), and a second Retry would send the
 * answer once more. Web Chat deletes only by id, which a message never sent has none of: it gets one first.
 */
function dropRetried(dispatch, failed) {
  const clientActivityID = failed.channelData.clientActivityID;
  const id = `retried|${clientActivityID}`;
  dispatch({
    type: 'DIRECT_LINE/POST_ACTIVITY_FULFILLED',
    meta: { clientActivityID },
    payload: { activity: { ...failed, id } },
  });
  dispatch({ type: 'DIRECT_LINE/DELETE_ACTIVITY', payload: { activityID: id } });
}

/** Times the same chat may resume its conversation without having been connected in between. */
const MAX_RESUMES = 2;

/** The chat on the page (see `createChat`). */
let chat;

/**
 * The chat on the page: one Web Chat (its store, in an element of its own) and the Direct Line
 * connection it uses now. After a lost connection (a 401/403, a server restart) the same chat
 * connects again to the same conversation: what was said stays on screen, a message that could
 * not be sent keeps its "Retry", and the bot puts the pending question again. Only a new
 * conversation gets a new chat, since Web Chat does not switch a mounted chat to a new store.
 */
function createChat() {
  const me = {
    store: undefined,
    dispatch: undefined,
    directLine: undefined,
    conversationId: undefined,
    /** The event to post once connected: `webchat/join` for a new conversation, `webchat/resume` for the same one. */
    opening: undefined,
    /** Web Chat is connected (between CONNECT_FULFILLED and DISCONNECT_FULFILLED). */
    connected: false,
    /** It has been connected once: a failure is then a lost connection, not a failed start. */
    started: false,
    /** Resumes since it was last connected. */
    resumes: 0,
    /** Called once Web Chat has let go of the connection. */
    disconnected: undefined,
    ended: false,
    render: undefined,
  };
  me.store = WebChat.createStore({}, ({ dispatch }) => (next) => (action) => {
    me.dispatch = dispatch;
    if (me.ended) return next(action);
    const mine = !action.payload?.directLine || action.payload.directLine === me.directLine;
    if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && mine) {
      me.connected = true;
      me.started = true;
      me.resumes = 0;
      setStatus('');
      // The page tells the bot the chat has opened (it greets once per conversation) or is back
      // (it puts the pending question again).
      const name = me.opening;
      me.opening = undefined;
      if (name) setTimeout(() => dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name, value: {} } }), 0);
    } else if (action.type === 'DIRECT_LINE/DISCONNECT_FULFILLED') {
      me.connected = false;
      const done = me.disconnected;
      me.disconnected = undefined;
      done?.();
    } else if (
      action.type === 'DIRECT_LINE/CONNECTION_STATUS_UPDATE' &&
      LOST.has(action.payload?.connectionStatus) &&
      me.connected
    ) {
      reconnect();
    } else if (
      (action.type === 'DIRECT_LINE/CONNECT_REJECTED' || action.type === 'DIRECT_LINE/RECONNECT_REJECTED') &&
      mine
    ) {
      if (me.started) reconnect();
      else setStatus('failed');
    } else if (action.type === 'DIRECT_LINE/POST_ACTIVITY') {
      const failed = action.payload?.activity;
      const result = next(outgoing(action));
      if (failed?.channelData?.clientActivityID) dropRetried(dispatch, failed);
      return result;
    } else if (action.type === 'DIRECT_LINE/POST_ACTIVITY_REJECTED') {
      // The message shows "Send failed. Retry."; its Retry works once the chat is back.
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
  const element = document.createElement('div');
  element.className = 'chat';
  $('webchat').replaceChildren(element);
  me.render = () =>
    WebChat.renderWebChat(
      {
        directLine: me.directLine,
        store: me.store,
        styleOptions,
        activityMiddleware,
        locale: localeFor(state.language, browserLanguages),
        sendTypingIndicator: false,
      },
      element,
    );
  return me;
}

/**
 * Connects a chat with a token: to a new conversation, or (`opening` is `webchat/resume`) again to
 * the conversation it had, from the watermark it has reached (Direct Line's reconnect,
 * `GET /conversations/{id}?watermark=`). Web Chat swaps the connection when its `directLine` changes.
 */
function connect(me, { token, conversationId }, opening, watermark) {
  const resuming = opening === 'webchat/resume';
  me.directLine = WebChat.createDirectLine({
    token,
    domain: `${location.origin}/v3/directline`,
    webSocket: true,
    ...(resuming && { conversationId, watermark }),
  });
  me.conversationId = conversationId;
  me.opening = opening;
  me.render();
}

/** How long Web Chat may take to let go of a connection before the page goes on regardless. */
const DISCONNECT_WAIT_MS = 3000;

/** Resolves once Web Chat has let go of the chat's connection (at once when it is not connected). */
function disconnect(me) {
  const old = me.directLine;
  const released = me.connected
    ? new Promise((resolve) => {
        me.disconnected = resolve;
        setTimeout(resolve, DISCONNECT_WAIT_MS);
        me.dispatch({ type: 'DIRECT_LINE/DISCONNECT' });
      })
    : Promise.resolve();
  return released.then(() => {
    try {
      old?.end();
    } catch {
      // Already ended.
    }
  });
}

/** Opens a new conversation in a new chat. */
function startNew(token) {
  if (chat) {
    chat.ended = true;
    try {
      chat.directLine?.end();
    } catch {
      // Already ended.
    }
  }
  state.pending = undefined;
  state.asking = undefined;
  chat = createChat();
  connect(chat, token, 'webchat/join');
}

let reconnecting;

/**
 * After a lost connection: the same conversation again in the same chat when the server lets
 * this visitor resume it, else a new conversation, with a "Reconnecting…" note meanwhile.
 */
function reconnect({ fresh = false } = {}) {
  if (reconnecting) return reconnecting;
  setStatus('reconnecting');
  const me = chat;
  reconnecting = (async () => {
    let resume =
      !fresh && me?.conversationId && me.resumes < MAX_RESUMES
        ? { conversationId: me.conversationId, watermark: me.directLine?.watermark ?? '' }
        : undefined;
    if (me) await disconnect(me);
    for (let attempt = 0; ; attempt++) {
      try {
        if (resume) {
          try {
            const token = await fetchToken(resume);
            me.resumes++;
            connect(me, token, 'webchat/resume', resume.watermark);
            return;
          } catch (err) {
            // Not this visitor's any more (a restart without a token key), ended, or forgotten: start anew.
            if (!err.refused) throw err;
            resume = undefined;
          }
        }
        startNew(await fetchToken());
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
  if (!chat?.directLine) return;
  chat.render();
  if (state.pending && chat.dispatch) {
    state.switchingTo = language;
    chat.dispatch({ type: 'WEB_CHAT/SEND_POST_BACK', payload: { value: { command: 'language' } } });
  }
}

/** "Start again as someone else": forget the visitor on this browser and open a new conversation. */
function startOver() {
  keepVisitor(undefined);
  state.emergency = undefined;
  delete document.body.dataset.triage;
  renderPage();
  reconnect({ fresh: true });
}

async function main() {
  const select = $('language');
  for (const [value, label] of Object.entries(LANGUAGE_NAMES))
    select.append(new Option(label, value, false, value === state.language));
  renderPage();
  select.addEventListener('change', () => changeLanguage(select.value));
  $('start-over').addEventListener('click', startOver);
  try {
    startNew(await fetchToken());
  } catch (err) {
    setStatus(err.status ?? 'failed');
  }
}

main();
