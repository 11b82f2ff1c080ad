import { css, html, nothing, shared, shownName, type PropertyDeclarations } from '../kit.ts';
import { SalonChatElement } from './element.ts';
import { controls } from './controls.styles.ts';
import { findCustomers, startChat, type SalonCustomer } from './requests.ts';
import './new-chat.strings.ts';

/** How long typing pauses before the customers are looked up. */
const SEARCH_AFTER_MS = 200;

/**
 * Staff mode: starts a conversation with one of the salon's customers, found by a part of their
 * name, phone number or e-mail; the first message opens the chat. Fires `select` with the new
 * chat's id, or `close` when given up.
 *
 * @csspart new-chat - the form
 */
export class SalonChatNewChat extends SalonChatElement {
  static styles = [
    shared,
    controls,
    css`
      form {
        display: grid;
        gap: 8px;
        padding: 10px 12px;
        border-block-end: 1px solid var(--sc-border);
      }
      h3 {
        margin: 0;
        font-size: 14.4px;
      }
      input,
      textarea {
        font: inherit;
        font-size: max(16px, 1em);
        color: inherit;
        background: var(--sc-bg);
        border: 1px solid var(--sc-border);
        border-radius: 8px;
        padding: 8px 10px;
        min-inline-size: 0;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 2px;
      }
      ul button {
        inline-size: 100%;
        min-block-size: 44px;
        text-align: start;
        padding: 6px 8px;
        border-radius: 8px;
        display: grid;
      }
      ul button:hover,
      ul button:focus-visible {
        background: var(--sc-hover);
      }
      .contact,
      .muted {
        font-size: 12.8px;
        color: var(--sc-muted);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        justify-content: flex-end;
      }
      .actions button {
        min-block-size: 44px;
        padding: 0 14px;
        border-radius: 999px;
        border: 1px solid var(--sc-border);
      }
      .actions .primary {
        background: var(--sc-accent);
        color: var(--sc-accent-fg);
        border-color: transparent;
      }
    `,
  ];

  static properties: PropertyDeclarations = {
    found: { state: true },
    picked: { state: true },
    busy: { state: true },
  };

  /** The customers the search found; null before one ran. */
  private found: SalonCustomer[] | null = null;
  private picked: SalonCustomer | null = null;
  private busy = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = '';

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  /** Puts the cursor in the search box. */
  focus(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input, textarea')?.focus());
  }

  #handleSearch(e: Event): void {
    const text = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.#timer);
    this.#asked = text;
    if (!text) {
      this.found = null;
      return;
    }
    this.#timer = setTimeout(() => void this.#search(text), SEARCH_AFTER_MS);
  }

  async #search(text: string): Promise<void> {
    const client = this.ctx?.client;
    if (!client) return;
    try {
      const found = await findCustomers(client, text);
      if (text === this.#asked) this.found = found;
    } catch (e) {
      client.fail(e);
    }
  }

  #pick(customer: SalonCustomer | null): void {
    this.picked = customer;
    this.focus();
  }

  async #start(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const client = this.ctx?.client;
    const text = this.renderRoot.querySelector('textarea')?.value.trim();
    if (!client || !this.picked || !text || this.busy) return;
    this.busy = true;
    try {
      const chatId = await startChat(client, this.picked.id, text);
      this.dispatchEvent(new CustomEvent('select', { detail: chatId }));
    } catch (err) {
      client.fail(err);
    } finally {
      this.busy = false;
    }
  }

  #close(): void {
    this.dispatchEvent(new CustomEvent('close'));
  }

  #renderCustomer(c: SalonCustomer) {
    return html`<span>${shownName(c.name) || c.phone || c.email}</span>${c.phone || c.email ? html`<span class="contact" dir="ltr">${c.phone ?? c.email}</span>` : nothing}`;
  }

  render() {
    if (!this.ctx) return nothing;
    const { t } = this.ctx;
    const picked = this.picked;
    return html`<form part="new-chat" aria-labelledby="new-chat-title" @submit=${this.#start} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.#close()}>
      <h3 id="new-chat-title">${t('newChat')}</h3>
      ${picked
        ? html`<p>${t('writeTo', { name: shownName(picked.name) || picked.phone || picked.email || '' })}${picked.phone || picked.email ? html` · <span class="contact" dir="ltr">${picked.phone ?? picked.email}</span>` : nothing}</p>
            <textarea rows="3" required aria-label=${t('firstMessage')} placeholder=${t('firstMessage')}></textarea>`
        : html`<input type="search" aria-label=${t('findCustomer')} placeholder=${t('findCustomer')} @input=${this.#handleSearch} />
            ${this.found?.length
              ? html`<ul aria-label=${t('findCustomer')}>
                  ${this.found.map((c) => html`<li><button type="button" @click=${() => this.#pick(c)}>${this.#renderCustomer(c)}</button></li>`)}
                </ul>`
              : this.found
                ? html`<p class="muted" role="status">${t('noCustomer')}</p>`
                : nothing}`}
      <div class="actions">
        ${picked ? html`<button type="button" @click=${() => this.#pick(null)}>${t('otherCustomer')}</button>` : nothing}
        <button type="button" @click=${this.#close}>${t('cancel')}</button>
        ${picked ? html`<button class="primary" ?disabled=${this.busy}>${t('startChat')}</button>` : nothing}
      </div>
    </form>`;
  }
}
