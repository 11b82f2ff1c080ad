import { ApiError, html, nothing, shared, type PropertyDeclarations } from '../kit.ts';
import { SalonChatElement } from './element.ts';
import { controls } from './controls.styles.ts';
import { icons } from './icons.ts';
import type { QuickReplies, QuickReply, QuickReplyDraft } from './quick-replies.ts';
import { managerStyles } from './quick-replies.styles.ts';
import './quick-replies.strings.ts';

/** The placeholders the help names, shown as typed. */
const AS_TYPED = { first_name: '{first_name}', salon: '{salon}', hours: '{hours}', my_name: '{my_name}' };

/**
 * A modal dialog where a staff member adds, edits and deletes their own quick replies and, where
 * they may, the salon's shared ones. Opened from the composer's list; fires `close`.
 *
 * @csspart quick-replies-manager - the dialog
 */
export class SalonChatQuickRepliesManager extends SalonChatElement {
  static styles = [shared, controls, managerStyles];

  static properties: PropertyDeclarations = {
    book: { attribute: false },
    editing: { state: true },
    error: { state: true },
  };

  book: QuickReplies | null = null;
  /** The reply in the form: one to change, `new`, or none (the list). */
  private editing: QuickReply | 'new' | null = null;
  private error = '';
  readonly #changed = () => this.requestUpdate();

  get #dialog() {
    return this.renderRoot.querySelector('dialog');
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.book?.addEventListener('change', this.#changed);
    if (this.book) void this.book.load().catch((e) => this.#fail(e));
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.book?.removeEventListener('change', this.#changed);
  }

  protected firstUpdated(): void {
    this.#dialog?.showModal();
  }

  #fail(e: unknown): void {
    this.error = e instanceof ApiError && e.status !== 0 ? e.message : this.ctx!.t('offline');
  }

  #edit(reply: QuickReply | 'new' | null): void {
    this.editing = reply;
    this.error = '';
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    const draft: QuickReplyDraft = {
      shortcut: field('shortcut').replace(/^\//, ''),
      title: field('title') || null,
      content: String(data.get('content') ?? ''),
      scope: field('scope') === 'salon' ? 'salon' : 'mine',
    };
    try {
      await this.book!.save(draft, this.editing === 'new' ? undefined : this.editing?.id);
      this.#edit(null);
    } catch (err) {
      this.#fail(err);
    }
  }

  async #remove(reply: QuickReply): Promise<void> {
    try {
      await this.book!.remove(reply.id);
      this.error = '';
    } catch (err) {
      this.#fail(err);
    }
  }

  #renderForm(reply: QuickReply | 'new') {
    const { t } = this.ctx!;
    const known = reply === 'new' ? null : reply;
    return html`<form @submit=${this.#submit}>
      <label>${t('shortcut')}<input name="shortcut" required maxlength="33" autocomplete="off" .value=${known?.shortcut ?? ''} /></label>
      <label>${t('replyTitle')}<input name="title" maxlength="80" .value=${known?.title ?? ''} /></label>
      <label>${t('replyText')}<textarea name="content" required rows="4" maxlength="4000" .value=${known?.content ?? ''}></textarea></label>
      <p class="help">${t('placeholdersHelp', AS_TYPED)}</p>
      ${!known && this.book?.mayShare
        ? html`<label
            >${t('replyFor')}
            <select name="scope">
              <option value="mine">${t('forMe')}</option>
              <option value="salon">${t('forSalon')}</option>
            </select></label
          >`
        : nothing}
      <div class="actions">
        <button type="submit" class="primary">${t('save')}</button>
        <button type="button" @click=${() => this.#edit(null)}>${t('cancel')}</button>
      </div>
    </form>`;
  }

  #renderList(heading: string, replies: QuickReply[]) {
    const { t } = this.ctx!;
    if (!replies.length) return nothing;
    return html`<h3>${heading}</h3>
      <ul>
        ${replies.map(
          (r) =>
            html`<li>
              <div class="text">
                <strong dir="auto">/${r.shortcut}</strong>${r.title ? html` · <span dir="auto">${r.title}</span>` : nothing}
                <p dir="auto">${r.content}</p>
              </div>
              ${r.editable
                ? html`<button class="icon" aria-label=${t('editQuickReply', { shortcut: r.shortcut })} title=${t('editQuickReply', { shortcut: r.shortcut })} @click=${() => this.#edit(r)}>
                      ${icons.edit}
                    </button>
                    <button class="icon" aria-label=${t('deleteQuickReply', { shortcut: r.shortcut })} title=${t('deleteQuickReply', { shortcut: r.shortcut })} @click=${() => this.#remove(r)}>
                      ${icons.trash}
                    </button>`
                : nothing}
            </li>`,
        )}
      </ul>`;
  }

  render() {
    if (!this.ctx) return nothing;
    const { t } = this.ctx;
    const replies = this.book?.replies;
    return html`<dialog part="quick-replies-manager" aria-labelledby="heading" @close=${() => this.dispatchEvent(new CustomEvent('close'))}>
      <div class="head">
        <h2 id="heading">${t('manageQuickReplies')}</h2>
        <button class="icon" aria-label=${t('close')} title=${t('close')} @click=${() => this.#dialog?.close()}>${icons.close}</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.editing
        ? this.#renderForm(this.editing)
        : html`<button class="add" @click=${() => this.#edit('new')}>${t('addQuickReply')}</button>
            ${replies === null || replies === undefined
              ? html`<p class="muted" role="status">${t('loading')}</p>`
              : html`${this.#renderList(t('myReplies'), replies.filter((r) => r.scope === 'mine'))}
                ${this.#renderList(t('sharedReplies'), replies.filter((r) => r.scope === 'salon'))}`}`}
    </dialog>`;
  }
}
