// One line adds the assistant to any page of a site:
//   <script src="https://YOUR-BOT-HOST/embed.js" async></script>
// Options, as attributes of that script tag:
//   data-mode="launcher"  (default) a round button in the bottom corner that opens the chat in a panel
//   data-mode="inline"    the chat in a frame where the script tag stands (or in the element whose id
//                         is data-target), data-width and data-height setting its size
//   data-lang="fr"        the chat's language; by default the page's own (<html lang>)
//   data-position="left"  the launcher in the bottom-left corner (default: right)
//
// The chat itself is this server's page in a frame (?embed=1): the host page only needs to allow this
// origin in its Content-Security-Policy's script-src and frame-src. The launcher's own styles are a
// constructed stylesheet in a shadow root, which a strict style-src does not block and the host's CSS
// cannot reach.
//
// The launcher's panel is a modal dialog: focus moves into the chat, Tab stays inside, Escape or the
// close button closes it and focus returns to the button. The conversation survives navigating to
// another page of the site in the same tab: this script keeps it (its Direct Line token, id and
// watermark) in the site's sessionStorage for the frame, which resumes it through the Direct Line
// reconnect; a new tab starts afresh. While the panel is closed, a badge counts the bot's new replies.
(function embed() {
  const script = document.currentScript;
  if (!script) return;
  const origin = new URL(script.src).origin;
  const strings = /* launcher strings */ {};
  const options = script.dataset;
  const lang = (options.lang || document.documentElement.lang || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const text = strings[lang] || strings.en;
  const chatUrl = `${origin}/?embed=1&lang=${lang}`;
  const side = options.position === 'left' ? 'left' : 'right';

  function chatFrame() {
    const frame = document.createElement('iframe');
    frame.src = chatUrl;
    frame.title = text.frameTitle;
    frame.setAttribute('allow', 'clipboard-write');
    return frame;
  }

  /**
   * What this tab remembers on the host's side (sessionStorage: a new tab starts afresh): the
   * conversation, which the frame hands over as it changes and asks for when it starts (a frame from
   * another site may not keep storage of its own), and the launcher's unread count.
   */
  const memory = {
    key: 'canada-us-assistant',
    read() {
      try {
        return JSON.parse(sessionStorage.getItem(this.key) ?? '{}') || {};
      } catch {
        return {};
      }
    },
    update(changes) {
      const state = { ...this.read(), ...changes };
      try {
        sessionStorage.setItem(this.key, JSON.stringify(state));
      } catch {
        // storage blocked: the chat still works on this page, and starts afresh on the next
      }
      return state;
    },
  };

  /** Answers the chat frame's messages: the conversation kept for it, and `handlers` for the rest. */
  function listen(frame, handlers = {}) {
    window.addEventListener('message', (event) => {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      const message = event.data;
      if (!message || message.source !== 'canada-us-assistant') return;
      if (message.type === 'hello') {
        const reply = { source: 'canada-us-assistant', type: 'conversation', conversation: memory.read().conversation };
        frame.contentWindow.postMessage(reply, origin);
      } else if (message.type === 'save') {
        memory.update({ conversation: message.conversation || undefined });
      } else {
        handlers[message.type]?.();
      }
    });
  }

  if (options.mode === 'inline') {
    const frame = chatFrame();
    listen(frame);
    frame.style.width = options.width || '100%';
    frame.style.height = options.height || '600px';
    frame.style.border = '1px solid #8c8c8c';
    frame.style.borderRadius = '0.375rem';
    const target = options.target ? document.getElementById(options.target) : null;
    if (target) target.appendChild(frame);
    else script.parentNode.insertBefore(frame, script);
    return;
  }

  // The design system's tokens the launcher uses (--gcds-* in @gcds-core/tokens), copied as values:
  // the host page does not load the design system.
  const css = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    .launcher, dialog {
      --gcds-bg-primary: #26374a;
      --gcds-button-primary-hover-background: #1f497a;
      --gcds-focus-border: #1354ec;
      --gcds-danger-background: #b3192e;
      --gcds-border-default: #8c8c8c;
      --gcds-bg-white: #fff;
      --gcds-font-families-body: 'Noto Sans', Arial, sans-serif;
      --gcds-font-families-heading: Lato, 'Noto Sans', Arial, sans-serif;
      font-family: var(--gcds-font-families-body);
    }
    .launcher {
      position: fixed;
      ${side}: 1.25rem;
      bottom: 1.25rem;
      z-index: 2147483000;
      display: grid;
      place-items: center;
      width: 3.75rem;
      height: 3.75rem;
      padding: 0;
      border: 0.125rem solid var(--gcds-bg-white);
      border-radius: 50%;
      background: var(--gcds-bg-primary);
      color: var(--gcds-bg-white);
      box-shadow: 0 0.25rem 0.75rem rgb(0 0 0 / 0.35);
      cursor: pointer;
    }
    .launcher:hover { background: var(--gcds-button-primary-hover-background); }
    .launcher:focus-visible, .close:focus-visible {
      outline: 0.25rem solid var(--gcds-focus-border);
      outline-offset: 0.125rem;
    }
    .launcher svg { width: 1.75rem; height: 1.75rem; }
    .badge {
      position: absolute;
      top: -0.375rem;
      right: -0.375rem;
      min-width: 1.5rem;
      height: 1.5rem;
      padding: 0 0.375rem;
      border: 0.125rem solid var(--gcds-bg-white);
      border-radius: 0.75rem;
      background: var(--gcds-danger-background);
      color: var(--gcds-bg-white);
      font: 700 0.875rem/1.25rem var(--gcds-font-families-body);
      text-align: center;
    }
    .badge[hidden] { display: none; }
    dialog {
      position: fixed;
      inset: auto ${side === 'right' ? '1.25rem' : 'auto'} 6rem ${side === 'left' ? '1.25rem' : 'auto'};
      width: min(27rem, calc(100vw - 2.5rem));
      height: min(44rem, calc(100dvh - 7.5rem));
      max-width: none;
      max-height: none;
      margin: 0;
      padding: 0;
      border: 0.0625rem solid var(--gcds-border-default);
      border-radius: 0.375rem;
      background: var(--gcds-bg-white);
      box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.35);
      overflow: hidden;
    }
    dialog[open] { display: flex; flex-direction: column; }
    dialog::backdrop { background: rgb(0 0 0 / 0.3); }
    .bar {
      flex: none;
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      padding: 0.375rem 0.375rem 0.375rem 1rem;
      background: var(--gcds-bg-primary);
      color: var(--gcds-bg-white);
    }
    h2 { margin: 0; font: 700 1.125rem/1.3 var(--gcds-font-families-heading); }
    .close {
      flex: none;
      display: grid;
      place-items: center;
      width: 2.75rem;
      height: 2.75rem;
      padding: 0;
      border: 0.125rem solid transparent;
      border-radius: 0.375rem;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    .close:hover { border-color: var(--gcds-bg-white); }
    .close svg { width: 1.5rem; height: 1.5rem; }
    iframe { flex: 1; width: 100%; min-height: 0; border: 0; }
    .status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    /* Phones (and desktops zoomed to 200 %): the panel is the whole screen. */
    @media (width < 40em), (height < 36em) {
      dialog { inset: 0; width: 100%; height: 100%; border: 0; border-radius: 0; }
    }
  `;
  const chatIcon =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm3 6v2h2V9H7Zm4 0v2h2V9h-2Zm4 0v2h2V9h-2Z"/></svg>';
  const closeIcon =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M6 6l12 12M18 6 6 18"/></svg>';

  function mount() {
    const host = document.createElement('div');
    host.setAttribute('lang', lang);
    const root = host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } else {
      const style = document.createElement('style');
      style.textContent = css;
      root.appendChild(style);
    }
    root.innerHTML += `
      <button class="launcher" type="button" aria-haspopup="dialog" aria-expanded="false">
        ${chatIcon}<span class="badge" aria-hidden="true" hidden></span>
      </button>
      <span class="status" role="status"></span>
      <dialog aria-labelledby="chat-title">
        <div class="bar">
          <h2 id="chat-title"></h2>
          <button class="close" type="button">${closeIcon}</button>
        </div>
        <span class="wrap" tabindex="0"></span>
      </dialog>`;
    const button = root.querySelector('.launcher');
    const badge = root.querySelector('.badge');
    const status = root.querySelector('.status');
    const dialog = root.querySelector('dialog');
    root.querySelector('h2').textContent = text.title;
    const closeButton = root.querySelector('.close');
    closeButton.setAttribute('aria-label', text.close);
    const wrap = root.querySelector('.wrap');
    let frame = null;
    let frameReady = false;

    function showUnread() {
      const count = memory.read().unread || 0;
      const unread = count === 1 ? text.unreadOne : text.unreadMany.replace('{count}', String(count));
      badge.hidden = count === 0;
      badge.textContent = count > 9 ? '9+' : String(count);
      button.setAttribute('aria-label', count ? `${text.open} (${unread})` : text.open);
      return unread;
    }

    function focusChat() {
      if (!frame || !frameReady || !dialog.open) return;
      frame.focus();
      frame.contentWindow.postMessage({ source: 'canada-us-assistant', type: 'focus' }, origin);
    }

    function startChat() {
      if (frame) return;
      frame = chatFrame();
      wrap.before(frame);
      listen(frame, {
        ready() {
          frameReady = true;
          focusChat();
        },
        close: () => dialog.close(),
        reply() {
          if (dialog.open) return;
          memory.update({ unread: (memory.read().unread || 0) + 1 });
          status.textContent = showUnread();
        },
      });
    }

    function open() {
      startChat();
      dialog.showModal();
      button.setAttribute('aria-expanded', 'true');
      memory.update({ unread: 0 });
      showUnread();
      focusChat();
    }

    button.addEventListener('click', open);
    closeButton.addEventListener('click', () => dialog.close());
    // Focus stays in the panel: Shift+Tab from its first control goes to the chat's send box, and
    // Tab past the chat's last control (onto the end marker) comes back to the close button.
    closeButton.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab' || !event.shiftKey || !frameReady) return;
      event.preventDefault();
      focusChat();
    });
    wrap.addEventListener('focus', () => closeButton.focus());
    // A click on the backdrop (the dialog element itself, around its content) closes it too.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener('close', () => {
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    });

    document.body.appendChild(host);
    showUnread();
    // A conversation started on an earlier page of this tab: resume it now, so that its replies are counted.
    if (memory.read().conversation) startChat();
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
