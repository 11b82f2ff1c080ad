/**
 * What the widget's client code needs of a browser, in Node: `WebSocket` (the `ws` package), an
 * in-memory `localStorage`, a visible `document` and the window's `online` events. IndexedDB is
 * left out: the outbox keeps its entries in memory then, as in a browser's private mode.
 * Installed once the widget's modules are loaded (Lit, which they import, looks for a real
 * `document` when there is one).
 */
import { setMaxListeners } from 'node:events';
import { WebSocket as NodeWebSocket } from 'ws';

/** A browser reports a failed socket with an event and then closes it; it never throws. */
class WebSocket extends NodeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.on('error', () => undefined);
  }
}

class MemoryStorage {
  readonly #items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
}

export function installBrowserGlobals(): void {
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  // Every simulated person's connection listens to the one window and document.
  setMaxListeners(0, window, document);
  Object.assign(globalThis, {
    WebSocket,
    localStorage: new MemoryStorage(),
    document,
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
  });
}
