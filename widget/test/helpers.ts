/** Helpers of the integration tests: the real server, logins, and looking into the widget. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { SalonChat } from '../src/salon-chat.ts';

export interface ServerInfo {
  url: string;
  /** The same server behind a proxy that refuses WebSocket upgrades. */
  noSocketUrl?: string;
  startMs?: number;
}

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** The browser engine the tests run in now. */
export const engine: Engine = / Firefox\//.test(navigator.userAgent) ? 'firefox' : /Chrom(e|ium)\//.test(navigator.userAgent) ? 'chromium' : 'webkit';

/** Why a test cannot run in WebKit at a phone's width (MiniBrowser's window is wider). */
export const NO_PHONE_WIDTH = "MiniBrowser's window cannot be made narrower than 447 px";

/** The narrowest window the engine's driver can make: a page of a phone's width is then shown in a frame that wide. */
export const NARROWEST_WINDOW = engine === 'webkit' ? 447 : 0;

/** Why a test of pasting cannot run in Firefox: a paste event the page makes comes with an empty clipboard there. */
export const NO_MADE_PASTE = 'a paste event the page makes has an empty clipboard there (a real paste has the file)';

/** Why a test cannot run where the engine starts with reduced motion (its driver cannot turn it off). */
export const REDUCED_MOTION_FOR_GOOD = 'the browser runs with reduced motion, which its driver cannot turn off';

/** Why a test cannot take the page off the network in Firefox (WebDriver BiDi has no offline mode there). */
export const NO_OFFLINE = "the driver (WebDriver BiDi) cannot take Firefox's page off the network";

/**
 * Seen in MiniBrowser 2.50 under WebKitWebDriver: once its window is resized, `matchMedia` follows
 * but the media queries of the widget's (constructed, shadow) style sheets do not.
 */
export const RESIZED_WINDOW = "a resized MiniBrowser window does not re-apply the media queries of the widget's shadow style sheets";

/**
 * `it`, or, in an engine named in `reasons`, a skipped test whose title says why (what that
 * engine's driver cannot do); so no test is left out silently.
 */
export function itUnless(reasons: Partial<Record<Engine, string>>): Mocha.TestFunction | Mocha.PendingTestFunction {
  const why = reasons[engine];
  if (!why) return it;
  return ((title: string, fn?: Mocha.Func) => it.skip(`${title} [skipped in ${engine}: ${why}]`, fn)) as Mocha.PendingTestFunction;
}

/** `describe`, or in an engine named in `reasons`, a skipped suite whose title says why. */
export function describeUnless(reasons: Partial<Record<Engine, string>>): Mocha.SuiteFunction | Mocha.PendingSuiteFunction {
  const why = reasons[engine];
  if (!why) return describe;
  return ((title: string, fn: (this: Mocha.Suite) => void) => describe.skip(`${title} [skipped in ${engine}: ${why}]`, fn)) as Mocha.PendingSuiteFunction;
}

/** Types into what has the focus; in WebKit a key at a time, as its driver loses a space typed just before a slash in one burst. */
export async function typeKeys(text: string): Promise<void> {
  for (const burst of engine === 'webkit' ? [...text] : [text]) await sendKeys({ type: burst });
}

/** Sets the size of the page's viewport (in WebKit, at least 447 px wide). */
export const setViewport = (size: { width: number; height: number }) => executeServerCommand('viewport', size);

/** Reduced motion on or off (Firefox and WebKit run with it on, for good). */
export const emulateMedia = (media: { reducedMotion: 'reduce' | 'no-preference' }) => executeServerCommand('media', media);

/** The test server: its URL, or stopped, or started again on the same port and database (`env`: its settings until the next start). */
export const server = (action: 'info' | 'stop' | 'start' = 'info', env?: Record<string, string>) =>
  executeServerCommand<ServerInfo, { action: string; env?: Record<string, string> }>('salon-server', { action, env }) as Promise<ServerInfo>;

const ACCOUNTS = {
  customer: ['/api/v1/customer-auth/login', { phone: '+1234567890', password: 'customer123' }],
  lucas: ['/api/v1/customer-auth/login', { phone: '+1987654321', password: 'customer456' }],
  staff: ['/api/v1/auth/login', { email: 'admin@salon.com', password: 'admin123' }],
  sam: ['/api/v1/auth/login', { email: 'stylist@salon.com', password: 'stylist123' }],
} as const;

/** A token of a seeded account: `customer` is Emma (customer 1), `staff` Camille (user 1); Lucas is customer 2, Sam user 2. */
export async function login(url: string, who: keyof typeof ACCOUNTS): Promise<string> {
  const [path, body] = ACCOUNTS[who];
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A REST call of the guide with a bearer token; throws on an error status. */
export async function rest<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res.json() as Promise<T>;
}

/** A bare socket of the guide, as another client would open: resolves once `connected`. */
export function socket(url: string, side: 'user' | 'customer', token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/chat/ws/chat/${side}?token=${encodeURIComponent(token)}`);
  return new Promise((resolve, reject) => {
    ws.onmessage = (e) => JSON.parse(String(e.data)).type === 'connected' && resolve(ws);
    ws.onclose = () => reject(new Error('the socket closed'));
  });
}

export const root = (el: Element) => el.shadowRoot!;
export const list = (el: SalonChat) => root(el).querySelector('salon-chat-messages')!;
export const composer = (el: SalonChat) => root(el).querySelector('salon-chat-composer')!;
export const textarea = (el: SalonChat) => root(composer(el)).querySelector('textarea')!;

/** The messages the widget shows (rendered rows only), as bubble elements. */
export const bubbles = (el: SalonChat): HTMLElement[] => {
  const messages = root(el).querySelector('salon-chat-messages');
  return messages ? [...root(messages).querySelectorAll<HTMLElement>('.msg')] : [];
};

/** The text of each shown message. */
export const texts = (el: SalonChat) => bubbles(el).map((b) => b.querySelector(':scope > p:not(.muted)')?.textContent ?? '');

export const bubbleWith = (el: SalonChat, text: string) => bubbles(el).find((b) => b.querySelector(':scope > p')?.textContent === text);

export function type(el: SalonChat, text: string): void {
  const box = textarea(el);
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function pressEnter(el: SalonChat): void {
  textarea(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
}

/** The customer panel, once loaded. */
export const panel = (el: SalonChat) => root(el).querySelector<HTMLElement>('.panel');

/** Whether the panel is on screen: laid out, visible, with a box of its own. */
export function panelShown(el: SalonChat): boolean {
  const p = panel(el);
  if (!p || !p.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
  const box = p.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}

/** Saves what the page shows now as `widget/test-artifacts/<name>.png`. */
export const screenshot = (name: string, clip?: { x: number; y: number; width: number; height: number }) => executeServerCommand('screenshot', { name, clip });

export const online = (...els: SalonChat[]) => waitUntil(() => els.every((e) => e.status === 'online'), 'widgets online', { timeout: 15_000 });

/** A small PNG drawn on a canvas. */
export function png(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 40;
  canvas.height = 30;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#c0392b';
  g.fillRect(0, 0, 40, 30);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(new File([b!], 'swatch.png', { type: 'image/png' })), 'image/png'));
}

/** A customer's widget with its conversation with staff 1 open, composer ready. */
export async function openConversation(url: string, token: string): Promise<SalonChat> {
  const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${token} staff-id="1" lang="en"></salon-chat>`);
  await online(el);
  await el.open();
  await waitUntil(() => list(el)?.chatId && composer(el) && textarea(el), 'the conversation');
  return el;
}
