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

  get permission(): NotificationPermission | 'unsupported' {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  /** Asks for permission; must run from a user gesture. */
  async enable(): Promise<boolean> {
    if (this.permission === 'unsupported') return false;
    return (await Notification.requestPermission()) === 'granted';
  }

  notify(title: string, body: string): void {
    if (document.visibilityState === 'hidden' && this.permission === 'granted') new Notification(title, { body, tag: 'salon-chat' });
  }
}
