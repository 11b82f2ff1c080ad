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
const MANAGE = 'manage';
/** A reply, or the last entry, which opens the manager. */
type Entry = QuickReply | typeof MANAGE;
const optionId = (e: Entry) => (e === MANAGE ? 'quick-replies-manage' : `quick-reply-${e.id}`);

/**
 * The quick replies a staff member's `/` offers in the composer: typing `/` at the start or after
 * a space opens the list, what follows filters it (shortcut and title); ArrowUp/ArrowDown move,
 * Enter or Tab insert the reply with its placeholders filled, Escape closes; a click or a touch
 * picks one. The last entry opens the manager. The box stays a textbox (a textarea may take no
 * other role) and acts as the combobox's input: `aria-autocomplete`, `aria-controls` and
 * `aria-activedescendant` (`boxAttributes`) point at the `listbox`. The replies are fetched at
 * the first `/`.
 */
export class QuickReplyMenu implements ReactiveController {
  /** The `/query` being typed: where its slash is and what follows it; null while the list is closed. */
  #typed: { start: number; query: string } | null = null;
  /** The entry the arrows are on; -1: none, so that Enter sends a `/query` nothing matches. */
  #active = -1;
  #failed = false;
  #scroll = false;
  #watched: QuickReplies | null = null;
  /** Whether the manager of quick replies is open. */
  managing = false;

  readonly #changed = () => {
    if (this.#active < 0 && this.#shown.length) this.#active = 0;
    this.host.requestUpdate();
  };

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

  /** The replies the query offers now (none before they are fetched). */
  get #shown(): QuickReply[] {
    const replies = this.#watched?.replies;
    return this.#typed && replies ? matching(replies, this.#typed.query) : [];
  }

  /** What the arrows move through: the replies offered, then Manage. */
  get #entries(): Entry[] {
    return [...this.#shown, MANAGE];
  }

  get #activeEntry(): Entry | undefined {
    return this.#typed ? this.#entries[this.#active] : undefined;
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
    const query = typed[1]!;
    const changed = this.#typed?.query !== query;
    this.#typed = { start: before.length - query.length - 1, query };
    if (changed) this.#active = this.#shown.length ? 0 : -1;
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
    const count = this.#entries.length;
    const active = this.#activeEntry;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      this.#active = e.key === 'ArrowDown' ? (this.#active + 1) % count : this.#active <= 0 ? count - 1 : this.#active - 1;
      this.#scroll = true;
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && active) {
      this.#choose(active);
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

  #choose(entry: Entry): void {
    if (entry !== MANAGE) return this.pick(entry);
    this.managing = true;
    this.close();
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
    const active = this.#activeEntry;
    return { controls: this.#typed ? MENU_ID : undefined, active: active ? optionId(active) : undefined };
  }

  render() {
    const typed = this.#typed;
    const ctx = this.host.ctx;
    if (!typed || !ctx) return nothing;
    const { t } = ctx;
    const shown = this.#shown;
    const active = this.#activeEntry;
    const status = this.#failed ? t('quickRepliesFailed') : !this.#watched?.replies ? t('loading') : shown.length ? '' : t('noQuickReply', { query: typed.query });
    const option = (entry: Entry, content: unknown) =>
      html`<div role="option" id=${optionId(entry)} class=${entry === MANAGE ? 'manage' : 'quick-reply'} aria-selected=${entry === active ? 'true' : 'false'} @click=${() => this.#choose(entry)}>
        ${content}
      </div>`;
    // the box keeps the focus while a reply is picked with the mouse or a finger
    return html`<div class="quick-replies" part="quick-replies" @mousedown=${(e: Event) => e.preventDefault()}>
      ${status ? html`<p class="muted" role="status">${status}</p>` : nothing}
      <div role="listbox" id=${MENU_ID} aria-label=${t('quickReplies')}>
        <div class="replies">
          ${shown.map((r) =>
            option(
              r,
              html`<span class="shortcut" dir="auto">/${r.shortcut}</span>
                ${r.title ? html`<span class="title" dir="auto">${r.title}</span>` : nothing}
                <span class="preview" dir="auto">${r.content}</span>`,
            ),
          )}
        </div>
        ${option(MANAGE, t('manageQuickReplies'))}
      </div>
    </div>`;
  }
}
