import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Draws attention to unread messages: "(3) " before the page title, and an opt-in browser
 * notification while the page is hidden.
 */
export class AttentionController implements ReactiveController {
  #baseTitle: string | null = null;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.setUnread(0);
  }

  setUnread(n: number): void {
    const current = document.title.replace(/^\(\d+\) /, '');
    this.#baseTitle = current;
    document.title = n > 0 ? `(${n}) ${this.#baseTitle}` : this.#baseTitle;
  }

  /** A notification while the page is hidden, where the visitor allowed them (the panel asks). */
  notify(title: string, body: string): void {
    if (document.visibilityState === 'hidden' && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(title, { body, tag: 'salon-chat' });
    }
  }
}
