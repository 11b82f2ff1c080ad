import { css, html, nothing, type TemplateResult } from '../kit.ts';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { Translate } from '../i18n.ts';
import { icons } from './icons.ts';

/** Marks the history entry the open viewer added, so Back closes it. */
const KEY = 'salonChatPhoto';

const isOurs = (state: unknown) => !!state && typeof state === 'object' && KEY in state;

/**
 * A photo of the conversation shown whole inside the widget: a modal dialog over the page, closed
 * with its button, Escape, or the browser's Back (the viewer adds a history entry while it is open,
 * as a phone's user expects), giving the focus back to the photo that opened it.
 */
export class PhotoViewer implements ReactiveController {
  shown: { src: string; alt: string } | null = null;
  #opener: HTMLElement | null = null;

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
  }

  get #dialog() {
    return this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.viewer');
  }

  open(src: string, alt: string, opener: HTMLElement): void {
    if (!this.shown) {
      history.pushState({ ...(history.state as object | null), [KEY]: true }, '');
      addEventListener('popstate', this.#pop);
    }
    this.shown = { src, alt };
    this.#opener = opener;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      const dialog = this.#dialog;
      if (dialog && !dialog.open) dialog.showModal();
      dialog?.querySelector<HTMLButtonElement>('.close')?.focus();
    });
  }

  /** Closes by going back over the entry it added; the `popstate` that follows takes it down. */
  close(): void {
    if (isOurs(history.state)) history.back();
    else this.#closed();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    if (this.shown) this.close();
  }

  readonly #pop = (): void => {
    if (!isOurs(history.state)) this.#closed();
  };

  #closed(): void {
    removeEventListener('popstate', this.#pop);
    this.#dialog?.close();
    this.shown = null;
    this.host.requestUpdate();
    this.#opener?.focus();
    this.#opener = null;
  }

  render(t: Translate): TemplateResult | typeof nothing {
    const shown = this.shown;
    if (!shown) return nothing;
    return html`<dialog
      class="viewer"
      part="photo-viewer"
      aria-label=${t('image')}
      @cancel=${(e: Event) => (e.preventDefault(), this.close())}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && e.stopPropagation()}
      @click=${(e: Event) => e.target === e.currentTarget && this.close()}
    >
      <img src=${shown.src} alt=${shown.alt} />
      <button class="icon close" aria-label=${t('closePhoto')} title=${t('closePhoto')} @click=${() => this.close()}>${icons.close}</button>
    </dialog>`;
  }
}

export const viewerStyles = css`
  dialog.viewer {
    box-sizing: border-box;
    inline-size: 100vw;
    block-size: 100dvh;
    max-inline-size: none;
    max-block-size: none;
    margin: 0;
    padding: 0;
    border: 0;
    background: #000;
    color: #fff;
  }
  dialog.viewer::backdrop {
    background: transparent;
  }
  dialog.viewer img {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    object-fit: contain;
  }
  dialog.viewer .close {
    position: absolute;
    inset-block-start: max(12px, env(safe-area-inset-top));
    inset-inline-end: 12px;
    inline-size: 44px;
    block-size: 44px;
    border-radius: 50%;
    background: rgb(0 0 0 / 0.6);
    color: #fff;
  }
`;
