import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { html, nothing } from '../kit.ts';
import type { WidgetContext } from '../context.ts';
import { fillPlaceholders, matching, type QuickReplies, type QuickReply } from './quick-replies.ts';
import './quick-replies.strings.ts';

/** What the menu needs of its composer. */
export interface MenuHost extends ReactiveControllerHost {
  ctx?: WidgetContext;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The staff member's quick replies for the conversation's salon; null in customer mode. */
  quickReplies(): QuickReplies | null;
  /** What the placeholders stand for in the conversation. */
  placeholderValues(): Parameters<typeof fillPlaceholders>[1];
  /** Puts `text` in the box in place of the characters from `start` to `end`, the caret after it. */
  replaceText(start: number, end: number, text: string): void;
}

/** The id of the list, which the composer's box names as what it controls. */
export const MENU_ID = 'quick-replies';
const optionId = (r: QuickReply) => `quick-reply-${r.id}`;

/**
 * The quick replies a staff member's `/` offers in the composer: typing `/` at the start or after
 * a space opens the list, what follows filters it (shortcut and title); ArrowUp/ArrowDown move,
 * Enter or Tab insert the reply with its placeholders filled, Escape closes; a click or a touch
 * picks one. The box stays a textbox (a textarea may take no other role) and acts as the
 * combobox's input: `aria-autocomplete`, `aria-controls` and `aria-activedescendant` (`boxAttributes`)
 * point at the `listbox`. The replies are fetched at the first `/`.
 */
export class QuickReplyMenu implements ReactiveController {
  /** The `/query` being typed: where its slash is and what follows it; null while the list is closed. */
  #typed: { start: number; query: string } | null = null;
  #active = 0;
  #failed = false;
  #scroll = false;
  #watched: QuickReplies | null = null;
  /** Whether the manager of quick replies is open. */
  managing = false;

  readonly #changed = () => this.host.requestUpdate();

  constructor(private readonly host: MenuHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#watch(null);
  }

  hostUpdated(): void {
    if (!this.#scroll) return;
    this.#scroll = false;
    this.host.renderRoot.querySelector(`#${MENU_ID} [aria-selected='true']`)?.scrollIntoView({ block: 'nearest' });
  }

  #watch(book: QuickReplies | null): void {
    if (book === this.#watched) return;
    this.#watched?.removeEventListener('change', this.#changed);
    book?.addEventListener('change', this.#changed);
    this.#watched = book;
  }

  get open(): boolean {
    return this.#typed !== null;
  }

  /** The replies the query offers now (none before they are fetched). */
  get #shown(): QuickReply[] {
    const replies = this.#watched?.replies;
    return this.#typed && replies ? matching(replies, this.#typed.query) : [];
  }

  close(): void {
    if (!this.#typed) return;
    this.#typed = null;
    this.host.requestUpdate();
  }

  /** After each input: opens, filters or closes the list by what stands before the caret. */
  input(box: HTMLTextAreaElement): void {
    const before = box.value.slice(0, box.selectionStart);
    const typed = /(?:^|\s)\/([^\s/]*)$/.exec(before);
    const book = typed ? this.host.quickReplies() : null;
    if (!typed || !book) return this.close();
    this.#watch(book);
    if (this.#typed?.query !== typed[1]) this.#active = 0;
    this.#typed = { start: before.length - typed[1]!.length - 1, query: typed[1]! };
    if (!book.replies) {
      this.#failed = false;
      book.load().catch((e) => {
        this.#failed = true;
        this.host.requestUpdate();
        this.host.ctx?.client.fail(e);
      });
    }
    this.host.requestUpdate();
  }

  /** A key in the box while the list is open; true when it was the list's (the box must not act on it). */
  keydown(e: KeyboardEvent): boolean {
    if (!this.#typed || e.isComposing) return false;
    const shown = this.#shown;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && shown.length) {
      this.#active = (this.#active + (e.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      this.#scroll = true;
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && shown.length) {
      this.pick(shown[Math.min(this.#active, shown.length - 1)]!);
    } else if (e.key === 'Escape') {
      this.close();
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    this.host.requestUpdate();
    return true;
  }

  /** Puts the reply in place of the `/query`, its placeholders filled, for the writer to edit before sending. */
  pick(reply: QuickReply): void {
    const typed = this.#typed;
    if (!typed) return;
    this.close();
    this.host.replaceText(typed.start, typed.start + 1 + typed.query.length, fillPlaceholders(reply.content, this.host.placeholderValues()));
  }

  /** The attributes of the composer's box that tie it to the list. */
  get boxAttributes(): { controls: string | undefined; active: string | undefined } {
    const shown = this.#shown;
    const active = shown[Math.min(this.#active, shown.length - 1)];
    return { controls: this.#typed ? MENU_ID : undefined, active: this.#typed && active ? optionId(active) : undefined };
  }

  render() {
    const typed = this.#typed;
    const ctx = this.host.ctx;
    if (!typed || !ctx) return nothing;
    const { t } = ctx;
    const loaded = !!this.#watched?.replies;
    const shown = this.#shown;
    const active = Math.min(this.#active, shown.length - 1);
    const status = this.#failed ? t('quickRepliesFailed') : !loaded ? t('loading') : shown.length ? '' : t('noQuickReply', { query: typed.query });
    // the box keeps the focus while a reply is picked with the mouse or a finger
    return html`<div class="quick-replies" part="quick-replies" @mousedown=${(e: Event) => e.preventDefault()}>
      ${status ? html`<p class="muted" role="status">${status}</p>` : nothing}
      <div role="listbox" id=${MENU_ID} aria-label=${t('quickReplies')}>
        ${shown.map(
          (r, i) =>
            html`<div role="option" id=${optionId(r)} aria-selected=${i === active ? 'true' : 'false'} @click=${() => this.pick(r)}>
              <span class="shortcut" dir="auto">/${r.shortcut}</span>
              ${r.title ? html`<span class="title" dir="auto">${r.title}</span>` : nothing}
              <span class="preview" dir="auto">${r.content}</span>
            </div>`,
        )}
      </div>
      <button class="manage" @click=${() => ((this.managing = true), this.close())}>${t('manageQuickReplies')}</button>
    </div>`;
  }
}
