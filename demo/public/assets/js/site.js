/**
 * Maison Éclat's own script: its buttons open the chat through the widget's public API. In the
 * demo it also signs in a demo customer (`?as=emma`, a `tokenProvider`, which takes over from a
 * session of the widget's own sign-in form), opens the panel (`?open=1`), applies
 * theme settings (`?accent=&theme=&lang=`) and, outside the live view, shows the demo bar.
 */
import { ACCOUNTS, account, tokenProvider } from './accounts.js';
import { resetButton } from './reset.js';
import { applyTheme, themeFromParams } from './theme.js';

const chat = document.querySelector('salon-chat');
const params = new URLSearchParams(location.search);
const demoCustomer = account(params.get('as'));

async function openChat(staffId) {
  await customElements.whenDefined('salon-chat');
  if (staffId) chat.setAttribute('staff-id', staffId);
  else chat.removeAttribute('staff-id');
  await chat.open();
}

for (const button of document.querySelectorAll('[data-open-chat]')) {
  button.addEventListener('click', () => openChat(button.dataset.staffId));
}

function demoBar() {
  const bar = document.createElement('div');
  bar.className = 'demo-bar';
  bar.setAttribute('role', 'region');
  bar.setAttribute('aria-label', 'salon-chat demo');
  const logo = Object.assign(document.createElement('img'), { src: 'assets/img/salon-chat.svg', alt: '' });
  const intro = document.createElement('span');
  intro.innerHTML = '<strong>salon-chat demo</strong> · a sample salon site. Chat as';
  const people = ACCOUNTS.filter((a) => a.kind === 'customer').map((a) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = a.name;
    b.setAttribute('aria-pressed', String(a === demoCustomer));
    b.addEventListener('click', () => {
      location.search = new URLSearchParams({ as: a.id, open: '1' }).toString();
    });
    return b;
  });
  const spacer = Object.assign(document.createElement('span'), { className: 'spacer' });
  const links = [
    ['live.html', 'Live side-by-side'],
    ['staff.html', 'Staff inbox'],
    ['console.html', 'Protocol console'],
  ].map(([href, text]) => Object.assign(document.createElement('a'), { href, textContent: text }));
  const reset = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Reset demo' });
  resetButton(reset, () => location.reload());
  bar.append(logo, intro, ...people, spacer, ...links, reset);
  document.body.prepend(bar);
}

async function start() {
  applyTheme(chat, themeFromParams(params));
  if (window.top === window) demoBar();
  if (demoCustomer?.kind === 'customer') chat.tokenProvider = tokenProvider('', demoCustomer);
  if (params.get('open') === '1') await openChat();
}

start();
