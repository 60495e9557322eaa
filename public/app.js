// The page's script: gets a Direct Line token from the server (or resumes this tab's conversation),
// renders Web Chat styled from the design system's tokens, and switches the page and the chat between
// English and French. No secrets here: the server hands out short-lived tokens, one conversation each.
//
// Inside embed.js's frame (?embed=1) it also talks to the host page: the host page keeps the
// conversation for the tab, the frame says when the bot replies (the launcher shows an unread badge
// while closed), focuses the send box when asked, and asks the launcher to close on Escape.
import * as tokens from '/gcds/tokens.js';

const strings = await (await fetch('/page-strings.json')).json();
const params = new URLSearchParams(location.search);
const embedded = params.get('embed') === '1';
if (embedded) document.body.classList.add('embedded');
let language =
  params.get('lang') === 'fr' || (!params.get('lang') && (navigator.language || '').startsWith('fr')) ? 'fr' : 'en';
const status = document.getElementById('status');
const header = document.querySelector('gcds-header');
const launcherMessage = (type) => window.parent.postMessage({ source: 'canada-us-assistant', type }, '*');

function applyStrings() {
  const s = strings[language];
  const other = language === 'en' ? 'fr' : 'en';
  document.documentElement.lang = language;
  document.title = s.title;
  document.getElementById('title').textContent = s.title;
  document.getElementById('about-title').textContent = s.aboutTitle;
  document.getElementById('intro').textContent = s.intro;
  document.getElementById('privacy').setAttribute('notice-title', s.privacyTitle);
  document.getElementById('privacy-text').textContent = s.privacy;
  document.getElementById('source').textContent = s.source;
  document.getElementById('webchat').setAttribute('aria-label', s.chatLabel);
  // The design system's components read their own lang attribute (their labels and links).
  for (const element of document.querySelectorAll('gcds-header, gcds-footer, gcds-notice'))
    element.setAttribute('lang', language);
  // Without this script the toggle is a plain link to the page in the other language.
  header.setAttribute('lang-href', `?lang=${other}`);
}

/** A saved conversation, or null when it is not one. */
const conversationIn = (value) =>
  value && typeof value.token === 'string' && typeof value.conversationId === 'string' ? value : null;

/** This tab's conversation in the page's own sessionStorage (a new tab starts afresh). */
const pageStorage = {
  key: 'canada-us-assistant:conversation',
  async load() {
    try {
      return conversationIn(JSON.parse(sessionStorage.getItem(this.key) ?? 'null'));
    } catch {
      return null; // storage blocked or unreadable: a new conversation
    }
  },
  save(conversation) {
    try {
      if (conversation) sessionStorage.setItem(this.key, JSON.stringify(conversation));
      else sessionStorage.removeItem(this.key);
    } catch {
      // storage blocked or full: the conversation simply will not survive a reload
    }
  },
};

/**
 * In a frame on another site, this tab's conversation is kept by embed.js in the host page's
 * sessionStorage: browsers deny storage to a frame from another site when they block third-party
 * cookies. The frame asks for it when it starts and hands it over as it changes.
 */
function hostStorage() {
  let hostOrigin = null;
  return {
    load: () =>
      new Promise((resolve) => {
        const answer = (event) => {
          if (event.source !== window.parent || event.data?.source !== 'canada-us-assistant') return;
          if (event.data.type !== 'conversation') return;
          removeEventListener('message', answer);
          hostOrigin = event.origin;
          resolve(conversationIn(event.data.conversation));
        };
        addEventListener('message', answer);
        launcherMessage('hello');
        // Framed without embed.js: no one keeps the conversation, start one.
        setTimeout(() => resolve(null), 1000);
      }),
    save(conversation) {
      if (hostOrigin)
        window.parent.postMessage({ source: 'canada-us-assistant', type: 'save', conversation }, hostOrigin);
    },
  };
}

const conversationStore = embedded ? hostStorage() : pageStorage;

async function newConversation() {
  const response = await fetch('/api/directline/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale: strings[language].locale }),
  });
  if (!response.ok) throw new Error(`token: ${response.status}`);
  const session = await response.json();
  return {
    token: session.token,
    domain: session.domain ? new URL(session.domain, location.href).href.replace(/\/$/, '') : undefined,
  };
}

const rem = (value) => Math.round(parseFloat(value) * 16);
/** Web Chat styled with the design system's tokens, so that the chat matches the page. */
const styleOptions = {
  accent: tokens.GcdsBgPrimary,
  primaryFont: tokens.GcdsFontFamiliesBody,
  monospaceFont: tokens.GcdsFontFamiliesMonospace,
  subtle: tokens.GcdsTextSecondary,
  backgroundColor: tokens.GcdsBgWhite,
  bubbleBackground: tokens.GcdsBgLight,
  bubbleTextColor: tokens.GcdsTextPrimary,
  bubbleBorderRadius: rem(tokens.GcdsBorderRadiusMd),
  bubbleFromUserBackground: tokens.GcdsColorBlue100,
  bubbleFromUserTextColor: tokens.GcdsTextPrimary,
  bubbleFromUserBorderRadius: rem(tokens.GcdsBorderRadiusMd),
  bubbleMaxWidth: 720,
  cardEmphasisBackgroundColor: tokens.GcdsBgLight,
  hyperlinkTextColor: tokens.GcdsLinkDefault,
  sendBoxButtonColor: tokens.GcdsButtonPrimaryDefaultBackground,
  sendBoxButtonColorOnHover: tokens.GcdsLinkHover,
  sendBoxButtonColorOnFocus: tokens.GcdsFocusBorder,
  sendBoxBorderTop: `${tokens.GcdsBorderWidthSm} solid ${tokens.GcdsBorderDefault}`,
  sendBoxTextWrap: true,
  suggestedActionBackgroundColor: tokens.GcdsBgWhite,
  suggestedActionBorderColor: tokens.GcdsButtonSecondaryDefaultText,
  suggestedActionBorderRadius: rem(tokens.GcdsButtonBorderRadius),
  suggestedActionBorderWidth: rem(tokens.GcdsButtonBorderWidth),
  suggestedActionTextColor: tokens.GcdsButtonSecondaryDefaultText,
  suggestedActionBackgroundColorOnHover: tokens.GcdsButtonSecondaryHoverBackground,
  transcriptVisualKeyboardIndicatorColor: tokens.GcdsFocusBorder,
  transcriptActivityVisualKeyboardIndicatorColor: tokens.GcdsFocusBorder,
  hideUploadButton: true,
};

/** Focuses the send box, waiting a little for Web Chat to render it. */
function focusSendBox(attempts = 20) {
  const input = document.querySelector('[data-id="webchat-sendbox-input"]');
  if (input) input.focus();
  else if (attempts > 0) setTimeout(() => focusSendBox(attempts - 1), 100);
}

/**
 * Connects to this tab's conversation if there is one (the Direct Line reconnect replays it), else
 * starts one. A conversation that cannot be resumed (expired, or the server restarted) is replaced.
 */
async function connect() {
  const saved = await conversationStore.load();
  const session = saved ?? (await newConversation());
  const directLine = window.WebChat.createDirectLine({
    token: session.token,
    ...(saved ? { conversationId: saved.conversationId } : {}),
    ...(session.domain ? { domain: session.domain } : {}),
    webSocket: true,
  });
  // Saved as it changes: new activities move the watermark, a refresh of the token replaces it.
  let lastSaved = '';
  const save = () => {
    if (directLine.connectionStatus$.getValue() !== 2) return; // only a conversation that is online
    const { conversationId, token, watermark } = directLine;
    const conversation = { conversationId, token, watermark, domain: session.domain };
    if (!conversationId || JSON.stringify(conversation) === lastSaved) return;
    lastSaved = JSON.stringify(conversation);
    conversationStore.save(conversation);
  };
  const saving = setInterval(save, 30_000);
  // Activities at positions below the saved watermark were delivered to an earlier page: not new.
  const seenBefore = saved ? Number.parseInt(saved.watermark, 10) || 0 : 0;
  let position = 0;
  // Activities are watched through Web Chat's store, not by subscribing to the Direct Line: a second
  // subscriber would open the connection before Web Chat listens, and the first activities (the
  // welcome, the replayed conversation) could be gone by the time it does.
  const store = window.WebChat.createStore({}, () => (next) => (action) => {
    if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
      const { activity } = action.payload;
      save();
      if (position++ >= seenBefore && embedded && activity.type === 'message' && activity.from?.role === 'bot')
        launcherMessage('reply');
    }
    return next(action);
  });
  const failed = new Promise((resolve) => {
    let online = false;
    directLine.connectionStatus$.subscribe((value) => {
      if (value === 2) online = true;
      // 3 expired token, 4 failed to connect, 5 ended: before ever being online, a stale conversation.
      if (saved && !online && value >= 3) resolve(true);
    });
  });
  failed.then(() => clearInterval(saving));
  return { directLine, store, failed };
}

/** On a narrow screen (a phone, the launcher's panel) the next questions are one row that scrolls. */
const narrow = matchMedia('(width < 48em)');

/** Renders Web Chat on the connection, in the page's language (again after the language changes). */
function render({ directLine, store }) {
  window.WebChat.renderWebChat(
    {
      directLine,
      store,
      locale: strings[language].locale,
      styleOptions: { ...styleOptions, suggestedActionLayout: narrow.matches ? 'carousel' : 'flow' },
    },
    document.getElementById('webchat'),
  );
}

/** Connects and renders; false when the chat service cannot be reached (the page says so). */
async function start() {
  try {
    connection = await connect();
  } catch {
    status.textContent = strings[language].unavailable;
    return false;
  }
  render(connection);
  return true;
}

// The design system's language toggle is a link to the other language; here it switches in place,
// keeping the conversation, and Web Chat's locale with it.
header.addEventListener('gcdsClick', (event) => {
  if (!event.composedPath().some((element) => element.localName === 'gcds-lang-toggle')) return;
  event.preventDefault();
  language = language === 'en' ? 'fr' : 'en';
  history.replaceState(null, '', `?${new URLSearchParams({ ...Object.fromEntries(params), lang: language })}`);
  applyStrings();
  if (connection) render(connection);
  status.textContent = strings[language].switched;
});
narrow.addEventListener('change', () => connection && render(connection));

let connection;
applyStrings();
if (await start())
  connection.failed.then(() => {
    conversationStore.save(null);
    connection.directLine.end();
    return start();
  });

if (embedded) {
  addEventListener('message', (event) => {
    if (event.source !== window.parent || event.data?.source !== 'canada-us-assistant') return;
    if (event.data.type === 'focus') focusSendBox();
  });
  // Escape closes the launcher's panel, unless Web Chat used it (leaving a card, the transcript).
  addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) launcherMessage('close');
  });
  launcherMessage('ready');
}
