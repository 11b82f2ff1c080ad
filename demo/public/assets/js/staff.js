/**
 * The salon's back office: `<salon-chat mode="staff">` after a staff sign-in (`?as=camille` signs
 * in a demo account, `?chat=1` opens a chat). The header follows the widget's public events for the conversations waiting and the status.
 */
import { ACCOUNTS, account, signIn, tokenProvider } from './accounts.js';
import { applyTheme, themeFromParams } from './theme.js';

const $ = (id) => document.getElementById(id);
const chat = document.querySelector('salon-chat');
const params = new URLSearchParams(location.search);
const STATUS_TONES = { online: 'ok', polling: 'warn', connecting: 'warn', reconnecting: 'warn', offline: 'bad', unauthorized: 'bad' };

if (window.top !== window) document.documentElement.classList.add('framed');

function initials(name) {
  return name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

async function use(credentials) {
  $('sign-in-error').textContent = '';
  let answer;
  try {
    answer = await signIn('', credentials);
  } catch (err) {
    $('sign-in-error').textContent = `Sign-in failed: ${err.message}`;
    $('sign-in').hidden = false;
    return;
  }
  const profile = answer.profile ?? { name: credentials.email };
  chat.tokenProvider = tokenProvider('', credentials);
  chat.token = answer.access_token;
  $('me-avatar').textContent = initials(profile.name);
  $('me-name').textContent = profile.name;
  $('me-role').textContent = profile.role ?? '';
  $('me').hidden = false;
  $('sign-in').hidden = true;
  chat.hidden = false;
}

function buildSignIn() {
  $('demo-staff').append(
    ...ACCOUNTS.filter((a) => a.kind === 'user').map((a) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'account';
      const avatar = Object.assign(document.createElement('span'), { className: 'avatar', textContent: initials(a.name) });
      avatar.setAttribute('aria-hidden', 'true');
      const text = document.createElement('span');
      const name = Object.assign(document.createElement('strong'), { textContent: a.name });
      const detail = Object.assign(document.createElement('small'), { textContent: `${a.detail} · ${a.email}` });
      text.append(name, detail);
      b.append(avatar, text);
      b.addEventListener('click', () => {
        history.replaceState(null, '', `?${new URLSearchParams({ ...Object.fromEntries(params), as: a.id })}`);
        void use(a);
      });
      return b;
    }),
  );
  $('staff-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    void use({ kind: 'user', email: String(data.get('email')), password: String(data.get('password')) });
  });
}

chat.addEventListener('salon-chat-waiting-change', (e) => {
  $('waiting').hidden = !e.detail.waiting;
  $('waiting').textContent = `${e.detail.waiting} waiting`;
});
chat.addEventListener('salon-chat-connection-change', (e) => {
  $('status').textContent = e.detail.status;
  $('status').className = `pill ${STATUS_TONES[e.detail.status] ?? ''}`;
});
$('sign-out').addEventListener('click', () => {
  params.delete('as');
  location.search = params.toString();
});

applyTheme(chat, themeFromParams(params));
if (params.get('chat')) chat.setAttribute('chat-id', params.get('chat'));
const demoStaff = account(params.get('as'));
buildSignIn();
if (demoStaff?.kind === 'user') void use(demoStaff);
else $('sign-in').hidden = false;
