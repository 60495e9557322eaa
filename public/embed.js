// One line embeds the assistant on any page:
//   <script src="https://YOUR-BOT-HOST/embed.js" data-lang="en" async></script>
// It adds a labelled iframe with the chat where the script tag stands (or in the element whose id is
// given by data-target). The iframe is the accessible page itself, without its header and footer.
(function embed() {
  const script = document.currentScript;
  if (!script) return;
  const origin = new URL(script.src).origin;
  const lang = script.dataset.lang === 'fr' ? 'fr' : 'en';
  const frame = document.createElement('iframe');
  frame.src = `${origin}/?embed=1&lang=${lang}`;
  frame.title = lang === 'fr' ? 'Assistant sur les relations Canada–États-Unis' : 'Canada–US Relations assistant';
  frame.style.cssText = `width:${script.dataset.width || '100%'};height:${script.dataset.height || '600px'};border:1px solid #767676;border-radius:4px;`;
  frame.setAttribute('allow', 'clipboard-write');
  const target = script.dataset.target ? document.getElementById(script.dataset.target) : null;
  if (target) target.appendChild(frame);
  else script.parentNode.insertBefore(frame, script);
})();
