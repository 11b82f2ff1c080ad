import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Draws attention to unread messages: "(3) " (or what `setPrefix` is given) before the page
 * title, and an opt-in browser notification while the page is hidden.
 */
export class AttentionController implements ReactiveController {
  #prefix = '';

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.setPrefix('');
  }

  setUnread(n: number): void {
    this.setPrefix(n > 0 ? `(${n}) ` : '');
  }

  /** Puts `prefix` before the page's title, in place of the one put there before (another widget's may come first). */
  setPrefix(prefix: string): void {
    document.title = prefix + document.title.replace(this.#prefix, '');
    this.#prefix = prefix;
  }

  /** A notification while the page is hidden, where the visitor allowed them (the panel asks). */
  notify(title: string, body: string): void {
    if (document.visibilityState === 'hidden' && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(title, { body, tag: 'salon-chat' });
    }
  }
}
