/**
 * The staff app: the staff sign-in, then `<salon-chat mode="staff">` on the server's own origin.
 * The session (with its refresh token) stays on the device; the service worker keeps the app
 * available offline and shows Web Push alerts, whose click opens the chat (`#chat=<id>`).
 */
const SESSION_KEY = 'salon-chat-app:session';
const EARLY_S = 60;
/** How long the browser's push service may take to register the device. */
const PUSH_SERVICE_WAIT_MS = 15_000;

const $ = (id) => document.getElementById(id);
const chat = document.querySelector('salon-chat');

class RequestError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function request(method, path, body, token) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new RequestError(0, 'the server cannot be reached');
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new RequestError(res.status, typeof data.detail === 'string' ? data.detail : `HTTP ${res.status}`);
  return data;
}

const saved = () => {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
  } catch {
    return null;
  }
};
const keep = (tokens) =>
  tokens ? localStorage.setItem(SESSION_KEY, JSON.stringify({ access_token: tokens.access_token, refresh_token: tokens.refresh_token })) : localStorage.removeItem(SESSION_KEY);

/** Seconds before the access token expires (from its `exp`). */
function expiresIn(token) {
  try {
    const { exp } = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return exp - Date.now() / 1000;
  } catch {
    return 0;
  }
}

/** One tab at a time: a refresh token presented by two tabs at once would end the sign-in. */
const oneAtATime = (fn) => (navigator.locks ? navigator.locks.request(SESSION_KEY, fn) : fn());

let given = null;

/**
 * The widget's `tokenProvider`: the saved access token while it is fresh and not the one just
 * refused, else a new pair from the refresh token (another tab may have renewed it already).
 */
const provideToken = () =>
  oneAtATime(async () => {
    const session = saved();
    if (!session) return signedOut();
    if (session.access_token !== given && expiresIn(session.access_token) > EARLY_S) return (given = session.access_token);
    try {
      const tokens = await request('POST', '/api/v1/auth/refresh', { refresh_token: session.refresh_token });
      keep(tokens);
      return (given = tokens.access_token);
    } catch (err) {
      if (err.status === 401) return signedOut();
      throw err;
    }
  });

function signedOut() {
  keep(null);
  given = null;
  chat.hidden = true;
  chat.removeAttribute('token');
  $('account').hidden = true;
  $('sign-in').hidden = false;
  return null;
}

function signedIn() {
  $('sign-in').hidden = true;
  $('account').hidden = false;
  chat.tokenProvider = provideToken;
  chat.hidden = false;
  void showPush();
}

$('sign-in').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = new FormData(e.target);
  $('sign-in-error').textContent = '';
  try {
    keep(await request('POST', '/api/v1/auth/login', { email: data.get('email'), password: data.get('password') }));
  } catch (err) {
    $('sign-in-error').textContent = err.status === 401 ? 'Wrong e-mail or password.' : `Sign-in failed: ${err.message}.`;
    return;
  }
  e.target.reset();
  signedIn();
});

$('sign-out').addEventListener('click', async () => {
  // a shared front-desk device stops alerting for the person who leaves it
  const subscription = await pushSubscription();
  const token = subscription ? await provideToken().catch(() => null) : null;
  if (subscription && token) await request('DELETE', '/api/v1/push/subscriptions', { endpoint: subscription.endpoint }, token).catch(() => undefined);
  await subscription?.unsubscribe().catch(() => undefined);
  const session = saved();
  if (session) await request('POST', '/api/v1/auth/logout', { refresh_token: session.refresh_token }).catch(() => undefined);
  setPushStatus('');
  signedOut();
});

// Alerts on this device: a Web Push subscription for the signed-in staff member.

const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function pushSubscription() {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

function setPushStatus(text) {
  $('push-status').textContent = text;
}

const fromBase64Url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function showPush() {
  const button = $('push');
  if (!pushSupported()) {
    button.hidden = true;
    // iPhones and iPads get Web Push only in an app added to the Home Screen
    if (/iPhone|iPad/.test(navigator.userAgent) && !navigator.standalone) setPushStatus('To be alerted on this iPhone, add the inbox to the Home Screen (Share, then Add to Home Screen) and open it from there.');
    return;
  }
  button.hidden = false;
  button.setAttribute('aria-pressed', String(!!(await pushSubscription()) && Notification.permission === 'granted'));
}

async function turnPushOn() {
  if ((await Notification.requestPermission()) !== 'granted') {
    setPushStatus('The browser blocks alerts for this site: allow notifications in its site settings, then try again.');
    return;
  }
  const token = await provideToken();
  const { public_key } = await request('GET', '/api/v1/push/key', undefined, token);
  const registration = await navigator.serviceWorker.ready;
  const subscription = await Promise.race([
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64Url(public_key) }),
    new Promise((_, reject) => setTimeout(() => reject(new Error("the browser's push service did not answer")), PUSH_SERVICE_WAIT_MS)),
  ]);
  await request('POST', '/api/v1/push/subscriptions', subscription.toJSON(), token);
  setPushStatus('This device is alerted when a customer writes and you do not have their chat open.');
}

async function turnPushOff() {
  const subscription = await pushSubscription();
  if (subscription) {
    await request('DELETE', '/api/v1/push/subscriptions', { endpoint: subscription.endpoint }, await provideToken()).catch((err) => {
      if (err.status !== 404) throw err;
    });
    await subscription.unsubscribe();
  }
  setPushStatus('No more alerts on this device.');
}

$('push').addEventListener('click', async (e) => {
  const button = e.currentTarget;
  button.disabled = true;
  try {
    await (button.getAttribute('aria-pressed') === 'true' ? turnPushOff() : turnPushOn());
  } catch (err) {
    setPushStatus(`Alerts could not be ${button.getAttribute('aria-pressed') === 'true' ? 'turned off' : 'turned on'}: ${err.message}.`);
  } finally {
    button.disabled = false;
    await showPush();
  }
});

// Which chat is open: `#chat=<id>`, and what a notification's click asks for.

function openChat(id) {
  if (Number.isInteger(id) && id > 0) chat.setAttribute('chat-id', String(id));
}
const chatInHash = () => openChat(Number(/^#chat=(\d+)$/.exec(location.hash)?.[1]));
addEventListener('hashchange', chatInHash);
navigator.serviceWorker?.addEventListener('message', (e) => {
  if (e.data?.type === 'open-chat') openChat(e.data.chatId);
});

// The installed app's icon carries the number of conversations waiting (where the system shows badges).
chat.addEventListener('salon-chat-waiting-change', (e) => {
  const { waiting } = e.detail;
  (waiting ? navigator.setAppBadge?.(waiting) : navigator.clearAppBadge?.())?.catch(() => undefined);
});

const showNetwork = () => ($('offline').hidden = navigator.onLine);
addEventListener('online', showNetwork);
addEventListener('offline', showNetwork);

showNetwork();
chatInHash();
if (saved()) signedIn();
else signedOut();
navigator.serviceWorker?.register('sw.js').catch((err) => setPushStatus(`This browser did not install the app's worker: ${err.message}.`));
