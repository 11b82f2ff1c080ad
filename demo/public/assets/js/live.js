/**
 * The live view: the salon website as a client (left) and the staff inbox (right), each in its
 * own frame with its own sign-in, plus the theming controls and the embed snippet.
 */
import { ACCOUNTS, account, signIn } from './accounts.js';
import { resetButton, toast } from './reset.js';
import { LANGUAGES, applyTheme, embedSnippet, themeFromParams, themeToParams } from './theme.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const SWATCHES = [
  ['', 'Maison Éclat plum', '#7b2d50'],
  ['#0f766e', 'Teal', '#0f766e'],
  ['#c2410c', 'Terracotta', '#c2410c'],
  ['#1e3a8a', 'Midnight', '#1e3a8a'],
  ['#e0b04a', 'Champagne', '#e0b04a'],
  ['#6d28d9', 'Violet', '#6d28d9'],
];

const state = {
  customer: params.has('customer') ? params.get('customer') : 'emma',
  staff: params.get('staff') ?? 'camille',
  theme: themeFromParams(params),
  chatId: 0,
};

const frames = { customer: $('customer-frame'), staff: $('staff-frame') };

function saveState() {
  const p = themeToParams(state.theme, new URLSearchParams());
  p.set('customer', state.customer);
  p.set('staff', state.staff);
  history.replaceState(null, '', `?${p}`);
}

/** The client's most recent open chat, so the inbox opens the conversation the client sees. */
async function customerChatId() {
  const who = account(state.customer);
  if (!who) return 0;
  try {
    const { access_token: token } = await signIn('', who);
    const res = await fetch('/api/v1/chat/chats/customer?is_archived=false', { headers: { authorization: `Bearer ${token}` } });
    const chats = res.ok ? await res.json() : [];
    chats.sort((a, b) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at));
    return chats[0]?.id ?? 0;
  } catch {
    return 0;
  }
}

function frameUrl(side) {
  const p = themeToParams(state.theme, new URLSearchParams());
  if (side === 'customer') {
    if (state.customer) p.set('as', state.customer);
    p.set('open', '1');
    return `index.html?${p}`;
  }
  p.set('as', state.staff);
  if (state.chatId) p.set('chat', String(state.chatId));
  return `staff.html?${p}`;
}

function open(side) {
  $(`${side}-closed`).hidden = true;
  frames[side].hidden = false;
  frames[side].src = frameUrl(side);
  $(`${side}-tab`).textContent = 'Close tab';
}

/** Unloads the page in the frame, as when a tab closes: its socket closes and presence goes offline. */
function close(side) {
  frames[side].src = 'about:blank';
  frames[side].hidden = true;
  $(`${side}-closed`).hidden = false;
  $(`${side}-tab`).textContent = 'Reopen tab';
}

async function reload({ customer = true, staff = true } = {}) {
  saveState();
  if (customer) open('customer');
  if (staff) {
    state.chatId = await customerChatId();
    open('staff');
  }
}

function fillAccounts() {
  $('customer-account').append(
    ...ACCOUNTS.filter((a) => a.kind === 'customer').map((a) => new Option(a.name, a.id)),
    new Option('Nobody (sign-in form)', ''),
  );
  $('staff-account').append(...ACCOUNTS.filter((a) => a.kind === 'user' && a.detail.startsWith('Maison')).map((a) => new Option(`${a.name} · ${a.detail.split(' · ')[1]}`, a.id)));
  $('customer-account').value = state.customer;
  $('staff-account').value = state.staff;
  $('customer-account').addEventListener('change', (e) => {
    state.customer = e.target.value;
    void reload();
  });
  $('staff-account').addEventListener('change', (e) => {
    state.staff = e.target.value;
    void reload({ customer: false });
  });
  for (const side of ['customer', 'staff']) {
    $(`${side}-tab`).addEventListener('click', () => (frames[side].hidden ? open(side) : close(side)));
  }
  for (const button of document.querySelectorAll('[data-reopen]')) button.addEventListener('click', () => open(button.dataset.reopen));
}

// ---------------------------------------------------------------- theming and the snippet

function restyle() {
  for (const frame of Object.values(frames)) {
    const widget = frame.contentDocument?.querySelector('salon-chat');
    if (widget) applyTheme(widget, state.theme);
  }
  for (const b of document.querySelectorAll('#swatches button')) b.setAttribute('aria-pressed', String(b.dataset.accent === state.theme.accent));
  $('accent').value = state.theme.accent || SWATCHES[0][2];
  const { html, css } = embedSnippet(location.origin, { ...state.theme, accent: state.theme.accent || SWATCHES[0][2] });
  $('snippet-html').textContent = html;
  $('snippet-css').textContent = css;
  $('snippet-js').textContent = `// optional: your site's session instead of the widget's sign-in form
document.querySelector('salon-chat').tokenProvider = async () =>
  (await fetch('/my-account/chat-token')).text();`;
  saveState();
}

function fillThemeControls() {
  $('swatches').append(
    ...SWATCHES.map(([value, label, colour]) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'swatch';
      b.dataset.accent = value;
      b.title = label;
      b.setAttribute('aria-label', label);
      b.style.setProperty('--swatch', colour);
      b.addEventListener('click', () => {
        state.theme.accent = value;
        restyle();
      });
      return b;
    }),
  );
  $('accent').addEventListener('input', (e) => {
    state.theme.accent = e.target.value;
    restyle();
  });
  for (const radio of document.querySelectorAll('input[name="theme"]')) {
    radio.checked = radio.value === state.theme.theme;
    radio.addEventListener('change', () => {
      state.theme.theme = radio.value;
      restyle();
    });
  }
  $('lang').append(...LANGUAGES.map(([value, label]) => new Option(label, value)));
  $('lang').value = state.theme.lang;
  $('lang').addEventListener('change', (e) => {
    state.theme.lang = e.target.value;
    restyle();
  });
  for (const button of document.querySelectorAll('[data-copy]')) {
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText($(button.dataset.copy).textContent);
        toast('Copied to the clipboard');
      } catch {
        toast('The browser refused the clipboard: select the text instead');
      }
    });
  }
}

function toggleDrawer(show) {
  $('drawer').hidden = !show;
  $('customize').setAttribute('aria-expanded', String(show));
  document.body.classList.toggle('with-drawer', show);
  if (show) $('drawer-title').focus();
}

$('customize').addEventListener('click', () => toggleDrawer($('drawer').hidden));
$('drawer-close').addEventListener('click', () => {
  toggleDrawer(false);
  $('customize').focus();
});
$('drawer-title').tabIndex = -1;
resetButton($('reset'), () => reload());
fillAccounts();
fillThemeControls();
restyle();
if (params.get('customize') === '1') toggleDrawer(true);
void reload();
