/**
 * The protocol console: sign in as any account, open the guide's WebSocket, send raw frames
 * and see every frame in and out with its time. Needs only a server that follows the guide.
 */
import { ACCOUNTS, account, signIn } from './accounts.js';

const $ = (id) => document.getElementById(id);
const MAX_ROWS = 2000;
const CLOSE_REASONS = {
  1000: 'normal closure',
  1001: 'going away',
  1006: 'abnormal closure: no close frame (server unreachable, or it refused the upgrade)',
  1008: 'policy violation: the token was refused, or it belongs to the other side',
  1009: 'message too big',
  1011: 'server error',
  1012: 'service restart',
};

const state = {
  session: null,
  socket: null,
  chatId: null,
  lastMessage: new Map(),
  log: [],
  counts: { in: 0, out: 0 },
};

// ---------------------------------------------------------------- sign-in

function serverUrl() {
  return $('server').value.trim().replace(/\/+$/, '');
}

function fillAccounts() {
  const select = $('account');
  const groups = [
    ['Staff', ACCOUNTS.filter((a) => a.kind === 'user')],
    ['Customers', ACCOUNTS.filter((a) => a.kind === 'customer')],
  ];
  for (const [label, list] of groups) {
    const group = document.createElement('optgroup');
    group.label = label;
    for (const a of list) group.append(new Option(`${a.name} · ${a.detail}`, a.id));
    select.append(group);
  }
  const other = document.createElement('optgroup');
  other.label = 'Other';
  other.append(new Option('Other credentials…', 'custom'), new Option('Paste a token…', 'token'));
  select.append(other);
}

function showAccountFields() {
  const choice = $('account').value;
  $('custom').hidden = choice !== 'custom';
  $('raw-token').hidden = choice !== 'token';
  $('login-label').textContent = $('kind').value === 'user' ? 'Email' : 'Phone';
}

/** The credentials the form describes, or a raw token. */
function chosenCredentials() {
  const choice = $('account').value;
  if (choice === 'token') return { kind: $('token-kind').value, token: $('token-input').value.trim() };
  if (choice === 'custom') {
    const kind = $('kind').value;
    const login = $('login').value.trim();
    return { kind, password: $('password').value, ...(kind === 'user' ? { email: login } : { phone: login }) };
  }
  return account(choice);
}

async function handleSignIn(e) {
  e.preventDefault();
  const credentials = chosenCredentials();
  const server = serverUrl();
  localStorage.setItem('salon-chat-console:server', server);
  disconnect();
  state.session = null;
  setIdentity('Signing in…');
  try {
    if (credentials.token !== undefined) {
      if (!credentials.token) throw new Error('paste a token first');
      state.session = { server, kind: credentials.kind, token: credentials.token, name: 'pasted token' };
    } else {
      const answer = await signIn(server, credentials);
      const profile = answer.profile ?? {};
      state.session = {
        server,
        kind: credentials.kind,
        token: answer.access_token,
        name: profile.name ?? credentials.email ?? credentials.phone,
        id: profile.id,
      };
    }
  } catch (err) {
    setIdentity(`Sign-in failed: ${err.message}`, true);
    system(`sign-in failed: ${err.message}`, true);
    updateControls();
    return;
  }
  const s = state.session;
  setIdentity(`${s.name}${s.id ? ` · ${s.kind} #${s.id}` : ` · ${s.kind}`}`);
  system(`signed in as ${s.name} (${s.kind})`);
  updateControls();
  await loadChats();
}

function setIdentity(text, failed = false) {
  const el = $('identity');
  el.replaceChildren(text);
  el.classList.toggle('failed', failed);
  if (state.session && !failed) {
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'btn small';
    copy.textContent = 'Copy token';
    copy.addEventListener('click', () => copyText(state.session.token, 'token copied'));
    el.append(' ', copy);
  }
}

// ---------------------------------------------------------------- chats

async function api(path) {
  const { server, token } = state.session;
  const res = await fetch(`${server}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

async function loadChats() {
  const list = $('chats');
  if (!state.session) return;
  const path = state.session.kind === 'user' ? '/api/v1/chat/chats' : '/api/v1/chat/chats/customer';
  let chats = [];
  try {
    chats = [...(await api(`${path}?is_archived=false`)), ...(await api(`${path}?is_archived=true`))];
  } catch (err) {
    list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: `Cannot list chats (${err.message})` }));
    return;
  }
  list.replaceChildren(
    ...chats.map((chat) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'chat';
      button.dataset.chatId = String(chat.id);
      button.setAttribute('aria-pressed', String(chat.id === state.chatId));
      const title = document.createElement('strong');
      title.textContent = `#${chat.id} ${chat.title ?? 'Chat'}`;
      const meta = document.createElement('span');
      const others = (chat.participants ?? []).map((p) => p.name ?? `${p.participant_type} ${p.participant_id}`).join(', ');
      meta.textContent = [chat.is_archived ? 'archived' : '', chat.unread_count ? `${chat.unread_count} unread` : '', others].filter(Boolean).join(' · ');
      button.append(title, meta);
      button.addEventListener('click', () => selectChat(chat.id));
      li.append(button);
      return li;
    }),
  );
  if (!chats.length) list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: 'No chats yet' }));
  if (state.chatId === null && chats[0]) await selectChat(chats[0].id);
}

async function selectChat(chatId) {
  state.chatId = chatId;
  for (const b of document.querySelectorAll('#chats .chat')) b.setAttribute('aria-pressed', String(Number(b.dataset.chatId) === chatId));
  try {
    const page = await api(`/api/v1/chat/chats/${chatId}/messages?page=1&page_size=1`);
    const newest = page.messages?.[0];
    if (newest && newest.id > (state.lastMessage.get(chatId) ?? 0)) state.lastMessage.set(chatId, newest.id);
  } catch (err) {
    system(`cannot read chat ${chatId}: ${err.message}`, true);
  }
}

// ---------------------------------------------------------------- socket

function socketUrl() {
  const { server, kind, token } = state.session;
  const base = (server || location.origin).replace(/^http/, 'ws');
  return `${base}/api/v1/chat/ws/chat/${kind === 'user' ? 'user' : 'customer'}?token=${encodeURIComponent(token)}`;
}

function connect() {
  if (!state.session || state.socket) return;
  const url = socketUrl();
  system(`connecting to ${url.replace(/token=[^&]+/, 'token=…')}`);
  const socket = new WebSocket(url);
  state.socket = socket;
  setStatus('connecting', 'warn');
  socket.addEventListener('open', () => {
    system('socket open');
    setStatus('open', 'ok');
    updateControls();
  });
  socket.addEventListener('message', (e) => received(e.data));
  socket.addEventListener('close', (e) => {
    const reason = [CLOSE_REASONS[e.code], e.reason].filter(Boolean).join(' — ');
    system(`socket closed: ${e.code}${reason ? ` (${reason})` : ''}`, e.code !== 1000);
    if (state.socket === socket) state.socket = null;
    setStatus(`closed ${e.code}`, e.code === 1000 ? '' : 'bad');
    updateControls();
  });
  updateControls();
}

function disconnect() {
  state.socket?.close(1000, 'console disconnect');
}

function setStatus(text, tone) {
  const el = $('status');
  el.textContent = text;
  el.className = `pill ${tone}`;
}

function received(raw) {
  let data;
  try {
    data = JSON.parse(raw);
  } catch {
    addRow('in', raw, null);
    return;
  }
  addRow('in', raw, data);
  if (data.type === 'message' && data.message?.id) {
    const { chat_id: chatId, id } = data.message;
    if (id > (state.lastMessage.get(chatId) ?? 0)) state.lastMessage.set(chatId, id);
  }
  if (data.type === 'chat_created') void loadChats();
}

function sendFrame(e) {
  e.preventDefault();
  const text = $('frame').value.trim();
  if (!text || state.socket?.readyState !== WebSocket.OPEN) return;
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {
    $('frame-note').textContent = 'Not valid JSON: sent as raw text (the server should answer with an error frame).';
  }
  if (data) $('frame-note').textContent = '';
  const wire = data ? JSON.stringify(data) : text;
  state.socket.send(wire);
  addRow('out', wire, data);
}

// ---------------------------------------------------------------- templates

function chatId() {
  return state.chatId ?? 1;
}

function lastMessageId() {
  return state.lastMessage.get(chatId()) ?? 1;
}

const TEMPLATES = {
  guide: [
    ['join_chat', () => ({ type: 'join_chat', chat_id: chatId() })],
    ['leave_chat', () => ({ type: 'leave_chat', chat_id: chatId() })],
    ['send text', () => ({ type: 'send_message', chat_id: chatId(), content: 'Hello from the protocol console', message_type: 'text' })],
    ['send image', () => ({ type: 'send_message', chat_id: chatId(), content: 'Check out this photo', message_type: 'image', media_url: '/uploads/chat/demo-inspiration.jpg' })],
    ['send voice', () => ({ type: 'send_message', chat_id: chatId(), message_type: 'voice', media_url: '/uploads/chat/demo-voice.wav' })],
    ['reply', () => ({ type: 'send_message', chat_id: chatId(), content: 'That sounds great!', message_type: 'text', reply_to_message_id: lastMessageId() })],
    ['typing on', () => ({ type: 'typing', chat_id: chatId(), is_typing: true })],
    ['typing off', () => ({ type: 'typing', chat_id: chatId(), is_typing: false })],
    ['read_message', () => ({ type: 'read_message', chat_id: chatId(), message_id: lastMessageId() })],
    ['ping', () => ({ type: 'ping' })],
  ],
  ext: [
    ['with client_message_id', () => ({ type: 'send_message', chat_id: chatId(), content: 'Sent exactly once', message_type: 'text', client_message_id: crypto.randomUUID() })],
    ['appointment card', () => ({ type: 'send_message', chat_id: chatId(), message_type: 'appointment', reference_id: 1, content: 'Your appointment' })],
    ['product card', () => ({ type: 'send_message', chat_id: chatId(), message_type: 'product', reference_id: 1 })],
    ['pack card', () => ({ type: 'send_message', chat_id: chatId(), message_type: 'pack', reference_id: 1 })],
    ['malformed JSON', () => '{"type": "join_chat", "chat_id": '],
    ['unknown type', () => ({ type: 'dance', chat_id: chatId() })],
  ],
};

function fillTemplates() {
  for (const [group, list] of Object.entries(TEMPLATES)) {
    $(`templates-${group}`).append(
      ...list.map(([label, make]) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'chip';
        b.textContent = label;
        b.addEventListener('click', () => {
          const frame = make();
          $('frame').value = typeof frame === 'string' ? frame : JSON.stringify(frame, null, 2);
          $('frame-note').textContent = '';
          $('frame').focus();
        });
        return b;
      }),
    );
  }
}

// ---------------------------------------------------------------- log

function clock(date) {
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function system(text, failed = false) {
  addRow('sys', text, null, failed);
}

function addRow(direction, raw, data, failed = false) {
  const at = new Date();
  const entry = { at: at.toISOString(), direction, frame: data ?? raw };
  state.log.push(entry);
  if (direction !== 'sys') state.counts[direction] += 1;
  $('counts').textContent = `${state.counts.out} out · ${state.counts.in} in`;

  const type = direction === 'sys' ? 'socket' : typeof data?.type === 'string' ? data.type : 'raw';
  const li = document.createElement('li');
  li.className = `frame ${direction}${failed || type === 'error' ? ' failed' : ''}`;
  li.dataset.type = type;
  li.dataset.text = `${type} ${raw}`.toLowerCase();
  const head = document.createElement(direction === 'sys' ? 'div' : 'button');
  head.className = 'head';
  const time = document.createElement('time');
  time.dateTime = entry.at;
  time.textContent = clock(at);
  const arrow = document.createElement('span');
  arrow.className = 'dir';
  arrow.textContent = direction === 'in' ? '←' : direction === 'out' ? '→' : '•';
  arrow.title = direction === 'in' ? 'received' : direction === 'out' ? 'sent' : 'connection';
  const badge = document.createElement('span');
  badge.className = 'type';
  badge.textContent = type;
  const summary = document.createElement('code');
  summary.className = 'summary';
  summary.textContent = raw;
  head.append(time, arrow, badge, summary);
  li.append(head);
  if (direction !== 'sys') {
    const pre = document.createElement('pre');
    pre.hidden = true;
    pre.textContent = data ? JSON.stringify(data, null, 2) : raw;
    head.type = 'button';
    head.setAttribute('aria-expanded', 'false');
    head.addEventListener('click', () => {
      pre.hidden = !pre.hidden;
      head.setAttribute('aria-expanded', String(!pre.hidden));
    });
    li.append(pre);
  }
  applyFilter(li);

  const log = $('log');
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.append(li);
  while (log.childElementCount > MAX_ROWS) log.firstElementChild.remove();
  if (state.log.length > MAX_ROWS) state.log.splice(0, state.log.length - MAX_ROWS);
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function applyFilter(li) {
  const words = $('filter').value.trim().toLowerCase();
  const pings = $('hide-pings').checked && (li.dataset.type === 'ping' || li.dataset.type === 'pong');
  li.hidden = pings || (!!words && !li.dataset.text.includes(words));
}

function refilter() {
  for (const li of $('log').children) applyFilter(li);
}

function exportLog() {
  const blob = new Blob([JSON.stringify(state.log, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `salon-chat-frames-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function copyText(text, done) {
  try {
    await navigator.clipboard.writeText(text);
    system(done);
  } catch {
    system('the browser refused the clipboard', true);
  }
}

// ---------------------------------------------------------------- controls

function updateControls() {
  const open = state.socket?.readyState === WebSocket.OPEN;
  $('connect').disabled = !state.session || !!state.socket;
  $('disconnect').disabled = !state.socket;
  $('send').disabled = !open;
  $('refresh-chats').disabled = !state.session;
  $('endpoint').textContent = state.session ? socketUrl().replace(/token=[^&]+/, 'token=…') : '—';
}

function init() {
  const params = new URLSearchParams(location.search);
  $('server').value = params.get('server') ?? localStorage.getItem('salon-chat-console:server') ?? location.origin;
  fillAccounts();
  if (params.get('as') && account(params.get('as'))) $('account').value = params.get('as');
  fillTemplates();
  showAccountFields();
  $('account').addEventListener('change', showAccountFields);
  $('kind').addEventListener('change', showAccountFields);
  $('sign-in').addEventListener('submit', handleSignIn);
  $('connect').addEventListener('click', connect);
  $('disconnect').addEventListener('click', disconnect);
  $('refresh-chats').addEventListener('click', loadChats);
  $('composer').addEventListener('submit', sendFrame);
  $('frame').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('composer').requestSubmit();
  });
  $('filter').addEventListener('input', refilter);
  $('hide-pings').addEventListener('change', refilter);
  $('clear').addEventListener('click', () => {
    $('log').replaceChildren();
    state.log = [];
    state.counts = { in: 0, out: 0 };
    $('counts').textContent = '0 out · 0 in';
  });
  $('export').addEventListener('click', exportLog);
  updateControls();
}

init();
