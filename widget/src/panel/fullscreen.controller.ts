import type { ReactiveController, ReactiveElement } from 'lit';
import { PHONE_QUERY } from './phone.ts';

/** On a phone the open customer panel takes the whole viewport. */
const PHONE = matchMedia(PHONE_QUERY);

/**
 * The open customer panel on a phone: a modal dialog over the page (`aria-modal`), which does
 * not scroll behind it (given back exactly as it was on close), and the panel follows the visual
 * viewport, so the composer stays above the on-screen keyboard.
 */
export class FullscreenController implements ReactiveController {
  #saved: [string, string] | null = null;

  constructor(
    private readonly host: ReactiveElement,
    private readonly wanted: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    PHONE.addEventListener('change', this.#update);
  }

  hostDisconnected(): void {
    PHONE.removeEventListener('change', this.#update);
    this.#leave();
  }

  hostUpdated(): void {
    this.#update();
  }

  readonly #update = (): void => {
    if (PHONE.matches && this.wanted()) this.#enter();
    else this.#leave();
  };

  readonly #fit = (): void => {
    const v = visualViewport!;
    this.host.style.setProperty('--sc-viewport-height', `${v.height}px`);
    this.host.style.setProperty('--sc-viewport-top', `${v.offsetTop}px`);
  };

  #enter(): void {
    if (this.#saved) return;
    const { documentElement: html, body } = document;
    this.#saved = [html.style.overflow, body.style.overflow];
    html.style.overflow = body.style.overflow = 'hidden';
    this.host.setAttribute('aria-modal', 'true');
    if (window.visualViewport) {
      visualViewport!.addEventListener('resize', this.#fit);
      visualViewport!.addEventListener('scroll', this.#fit);
      this.#fit();
    }
  }

  #leave(): void {
    if (!this.#saved) return;
    [document.documentElement.style.overflow, document.body.style.overflow] = this.#saved;
    this.#saved = null;
    this.host.removeAttribute('aria-modal');
    visualViewport?.removeEventListener('resize', this.#fit);
    visualViewport?.removeEventListener('scroll', this.#fit);
    this.host.style.removeProperty('--sc-viewport-height');
    this.host.style.removeProperty('--sc-viewport-top');
  }
}
