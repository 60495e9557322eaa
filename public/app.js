// The page's script: gets a Direct Line token from the server, renders Web Chat, and switches the
// page and the chat between English and French. No secrets here: the server hands out tokens.
(async function main() {
  const strings = await (await fetch('/page-strings.json')).json();
  const params = new URLSearchParams(location.search);
  if (params.get('embed') === '1') document.body.classList.add('embedded');
  let language =
    params.get('lang') === 'fr' || (!params.get('lang') && (navigator.language || '').startsWith('fr')) ? 'fr' : 'en';
  const status = document.getElementById('status');
  const toggle = document.getElementById('language');

  function applyStrings() {
    const s = strings[language];
    document.documentElement.lang = language;
    document.title = s.title;
    document.getElementById('title').textContent = s.title;
    document.getElementById('intro').textContent = s.intro;
    document.getElementById('privacy').textContent = s.privacy;
    document.getElementById('source').textContent = s.source;
    document.getElementById('webchat').setAttribute('aria-label', s.chatLabel);
    toggle.textContent = s.switch;
    toggle.setAttribute('lang', language === 'en' ? 'fr' : 'en');
    toggle.setAttribute('aria-label', s.switchLabel);
  }

  async function token() {
    const response = await fetch('/api/directline/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: strings[language].locale }),
    });
    if (!response.ok) throw new Error(`token: ${response.status}`);
    return response.json();
  }

  applyStrings();
  let session;
  try {
    session = await token();
  } catch {
    status.textContent = strings[language].unavailable;
    return;
  }
  const directLine = window.WebChat.createDirectLine({
    token: session.token,
    ...(session.domain ? { domain: new URL(session.domain, location.href).href.replace(/\/$/, '') } : {}),
    webSocket: true,
  });
  const styleOptions = {
    accent: '#26374a',
    primaryFont: '"Noto Sans", Arial, sans-serif',
    bubbleBackground: '#f1f2f4',
    bubbleFromUserBackground: '#e6eef7',
    suggestedActionLayout: 'flow',
    hideUploadButton: true,
    sendBoxButtonColor: '#26374a',
  };

  function render() {
    window.WebChat.renderWebChat(
      { directLine, locale: strings[language].locale, styleOptions },
      document.getElementById('webchat'),
    );
  }

  toggle.addEventListener('click', () => {
    language = language === 'en' ? 'fr' : 'en';
    applyStrings();
    render();
    status.textContent = strings[language].switched;
  });
  render();
})();
