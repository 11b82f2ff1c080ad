import { LIMITS } from '@salon-chat/protocol/core';
import { html, isNote, nothing, type PropertyDeclarations, type PropertyValues, shared, shownName } from '../kit.ts';
import { icons } from './icons.ts';
import { sendText } from './sender.ts';
import { typeLabel } from './strings.ts';

import { SalonChatElement } from './element.ts';
import { TypingSignal } from './typing.ts';
import { catalog } from './requests.ts';
import { offered, renderPicker, type Entity, type Kind } from './picker.ts';
import { ACCEPT, attachment, fileSize, type Attachment } from './attachment.ts';
import { loadDraft, saveDraft } from './drafts.ts';
import { VoiceRecorder } from './recorder.ts';
import type { ChatMessage } from '../client/types.ts';
import { composerStyles } from './composer.styles.ts';
import { docStyles } from './doc.styles.ts';
import { controls } from './controls.styles.ts';
import { QuickReplyMenu } from './quick-reply-menu.ts';
import { placeholderValues, quickRepliesOf, type SalonCard } from './quick-replies.ts';
import { menuStyles } from './quick-replies.styles.ts';

/** Whether text fields size themselves to their content (not in WebKit as of 2025). */
const FIELD_SIZING = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');

/**
 * Writes and sends: text (Enter sends, Shift+Enter breaks the line), a photo, a voice note,
 * or an appointment/product/pack card; shows the message being replied to. Staff get their
 * quick replies by typing `/` (see `quick-reply-menu.ts`), and a switch turns the text into an
 * internal note that only the salon sees (a note answers a note).
 *
 * @csspart composer - the composer area
 * @csspart quick-replies - the list of quick replies a `/` opens (staff mode)
 */
export class SalonChatComposer extends SalonChatElement {
  static styles = [shared, controls, composerStyles, docStyles, menuStyles];

  static properties: PropertyDeclarations = {
    chatId: { type: Number, attribute: 'chat-id' },
    staff: { type: Boolean, reflect: true },
    replyTo: { attribute: false },
    salon: { attribute: false },
    noting: { state: true },
    attached: { state: true },
    picker: { state: true },
    entities: { state: true },
    notice: { state: true },
  };

  get #textarea() {
    return this.renderRoot.querySelector('textarea');
  }

  get #fileInput() {
    return this.renderRoot.querySelector('input')!;
  }

  chatId = 0;
  /** Staff mode: the composer may write internal notes. */
  staff = false;
  replyTo: ChatMessage | null = null;
  /** The conversation's salon, whose name and hours quick replies fill in. */
  salon: SalonCard | undefined;

  private attached: Attachment | null = null;
  private picker: Kind | '' | null = null;
  private entities: Entity[] | null = null;
  /** Why what the viewer just tried cannot be done (a file type, the microphone), until they try something else. */
  private notice = '';
  /** The staff member chose to write a note. */
  private noting = false;

  /** What is written goes as a note: chosen, or the answer to a note. */
  get #note(): boolean {
    return this.staff && this.chatId > 0 && (this.noting || (this.replyTo !== null && isNote(this.replyTo)));
  }

  /** Says the viewer is typing in their chat; before the chat exists there is no one to tell. */
  readonly #typingSignal = new TypingSignal((on) => {
    if (this.chatId) this.ctx?.client.connection.send({ type: 'typing', chat_id: this.chatId, is_typing: on });
  });
  readonly #recorder = new VoiceRecorder(this);
  readonly #menu = new QuickReplyMenu(this);

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#typingSignal.stop();
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('chatId')) this.notice = '';
  }

  protected updated(changed: PropertyValues<this>): void {
    const box = this.#textarea;
    if (box && this.ctx && (changed.has('chatId') || changed.has('ctx'))) this.#setText(loadDraft(this.ctx.client.owner, this.chatId));
  }

  /** Puts text in the box, sized to it. */
  #setText(text: string): void {
    this.#textarea!.value = text;
    this.#fit();
  }

  /**
   * Sizes the box to its text, up to its highest (its `max-block-size`), where the browser
   * cannot (`field-sizing: content` is missing from WebKit).
   */
  #fit(): void {
    const box = this.#textarea;
    if (!box || FIELD_SIZING) return;
    const style = getComputedStyle(box);
    box.style.blockSize = 'auto';
    box.style.blockSize = `${box.scrollHeight + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth)}px`;
  }

  #saveDraft(): void {
    if (this.ctx) saveDraft(this.ctx.client.owner, this.chatId, this.#textarea?.value ?? '');
  }

  /** Staff mode: the signed-in staff member's quick replies for the conversation's salon. */
  quickReplies() {
    const client = this.ctx?.client;
    const salonId = client?.store.chats.get(this.chatId)?.chat.salon_id ?? client?.profile?.salon_id;
    return client?.store.me?.type === 'user' && salonId ? quickRepliesOf(client, salonId) : null;
  }

  placeholderValues() {
    return placeholderValues(this.ctx!.client, this.chatId, this.salon, this.ctx!.t.lang);
  }

  replaceText(start: number, end: number, text: string): void {
    const box = this.#textarea!;
    box.setRangeText(text, start, end, 'end');
    box.focus();
    this.#fit();
    this.#saveDraft();
    this.#typingSignal.input();
  }

  focus(): void {
    this.updateComplete.then(() => this.#textarea?.focus());
  }

  /** Puts back first words that did not go (their chat could not be created), unless new ones were typed meanwhile. */
  restore(text: string): void {
    const box = this.#textarea;
    if (!box || box.value.trim()) return;
    this.#setText(text);
    this.#saveDraft();
  }

  /** Stops a voice note being recorded, sending nothing, and lets go of the microphone. */
  cancelRecording(): void {
    this.#recorder.cancel();
  }

  get #draftBase() {
    return { reply_to_message_id: this.replyTo?.id ?? null };
  }

  #sent(): void {
    this.#typingSignal.stop();
    this.dispatchEvent(new CustomEvent('sent'));
  }

  /** Sends what is in the composer: the attachment with the text as its caption, or the text. */
  send(text = this.#textarea?.value ?? ''): Promise<unknown> | undefined {
    if (!this.chatId) return this.#first(text);
    const attached = this.attached;
    const client = this.ctx?.client;
    const sending = attached
      ? client?.sender?.sendFile(this.chatId, attached.file, attached.file.name, {
          ...this.#draftBase,
          message_type: attached.kind,
          content: text.trim() || (attached.kind === 'file' ? attached.file.name : null),
        })
      : sendText(this, client, this.chatId, text, this.replyTo, this.#note);
    if (sending) {
      this.#menu.close();
      this.attached = null;
      this.#setText('');
      this.#saveDraft();
      this.#sent();
    }
    return sending;
  }

  /** No chat yet: its first words create it (`first-message`); photos and cards follow once it exists. */
  #first(text: string): undefined {
    const words = text.trim();
    if (!words) return;
    this.dispatchEvent(new CustomEvent('first-message', { detail: words }));
    this.#setText('');
    this.#saveDraft();
    this.#sent();
  }

  /** Holds a photo or a PDF for sending (from the picker, a paste or a drop); a note carries none. */
  #attach(files: FileList | null | undefined): boolean {
    const file = files?.[0];
    if (!file || !this.ctx || this.#note) return false;
    const picked = attachment(file);
    if (!picked) {
      this.notice = this.ctx.t('onlyPhotosAndPdf');
      this.ctx.client.emit('error', { code: 'unsupported_file', message: this.notice });
      return true;
    }
    this.notice = '';
    this.attached = picked;
    this.focus();
    return true;
  }

  #handlePaste(e: ClipboardEvent): void {
    if (e.clipboardData?.files.length && this.#attach(e.clipboardData.files)) e.preventDefault();
  }

  #handleDrop(e: DragEvent): void {
    e.preventDefault();
    this.#attach(e.dataTransfer?.files);
  }

  /** Who writes a note is not typing to the customer: no typing signal goes. */
  #handleInput(e: Event): void {
    this.#fit();
    if (!this.#note) this.#typingSignal.input();
    this.#saveDraft();
    this.notice = '';
    this.#menu.input(e.target as HTMLTextAreaElement);
  }

  #handleKey(e: KeyboardEvent): void {
    if (this.#menu.keydown(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.send();
    } else if (e.key === 'Escape' && this.replyTo) {
      e.stopPropagation();
      this.dispatchEvent(new CustomEvent('cancel-reply'));
    }
  }

  #handleFile(): void {
    this.#attach(this.#fileInput.files);
    this.#fileInput.value = '';
  }

  /** Writes a note, or a message again; a note is text only, so what was attached or being picked goes. */
  #switchNote(on: boolean): void {
    this.noting = on;
    if (on) {
      this.attached = null;
      this.picker = null;
      this.#typingSignal.stop();
    }
    this.focus();
  }

  async #record(): Promise<void> {
    const { chatId } = this;
    const base = this.#draftBase;
    this.notice = '';
    try {
      const blob = await this.#recorder.start();
      if (!blob || !this.isConnected) return;
      this.#sent();
      void this.ctx?.client.sender?.sendFile(chatId, blob, `voice.${blob.type.split('/')[1]}`, { ...base, message_type: 'voice' });
    } catch (e) {
      if (!this.ctx) return;
      // refused by the person (or the page's permissions), or no microphone that can be used
      // (none, busy, or one the browser cannot open): the browser's own words say which
      const refused = e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'SecurityError');
      this.notice = this.ctx.t(refused ? 'microphoneUnavailable' : 'noMicrophone');
      this.ctx.client.emit('error', { code: 'microphone', message: e instanceof Error ? e.message : String(e) });
    }
  }

  async #choose(kind: Kind): Promise<void> {
    const client = this.ctx?.client;
    if (!client) return;
    this.picker = kind;
    this.entities = null;
    const chat = client.store.chats.get(this.chatId)?.chat;
    try {
      const all = await catalog<Entity>(client, kind, chat?.salon_id, chat?.participants.find((p) => p.participant_type === 'customer')?.participant_id);
      if (this.picker === kind) this.entities = offered(kind, all);
    } catch (e) {
      this.entities = [];
      client.fail(e);
    }
  }

  async #share(kind: Kind, e: Entity): Promise<void> {
    this.picker = null;
    this.#sent();
    await this.ctx?.client.sender?.send(this.chatId, { ...this.#draftBase, message_type: kind, reference_id: e.id });
  }

  #renderAttachment(a: Attachment) {
    const { t } = this.ctx!;
    return html`<div class="attached">
      ${a.preview ? html`<img src=${a.preview} alt=${t('image')} />` : html`<span class="doc" aria-hidden="true">PDF</span>`}
      <span class="file-name" dir="auto">${a.file.name} · ${fileSize(a.file.size, t.lang)}</span>
      <button class="icon" aria-label=${t('removeAttachment')} title=${t('removeAttachment')} @click=${() => (this.attached = null)}>${icons.close}</button>
    </div>`;
  }

  #renderRecording() {
    const { t } = this.ctx!;
    const s = this.#recorder.seconds;
    return html`<div class="row recording">
      <button class="icon" aria-label=${t('cancelRecording')} title=${t('cancelRecording')} @click=${() => this.#recorder.cancel()}>${icons.close}</button>
      <span class="clock" role="timer" aria-label=${t('recording')}><span class="rec" aria-hidden="true"></span>${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}</span>
      <button class="icon send" aria-label=${t('stopRecording')} title=${t('stopRecording')} @click=${() => this.#recorder.stop()}>${icons.send}</button>
    </div>`;
  }

  render() {
    if (!this.ctx) return nothing;
    const { t } = this.ctx;
    const reply = this.replyTo;
    const menu = this.#menu.boxAttributes;
    const note = this.#note;
    return html`<div part="composer" class=${note ? 'note' : ''} @dragover=${(e: DragEvent) => e.preventDefault()} @drop=${this.#handleDrop}>
      ${reply
        ? html`<div class="reply">
            <span>${t('replyingTo', { name: shownName(reply.sender_name) || t('someone') })}: ${reply.content || typeLabel(t, reply.message_type)}</span>
            <button class="icon" aria-label=${t('cancelReply')} @click=${() => this.dispatchEvent(new CustomEvent('cancel-reply'))}>
              ${icons.close}
            </button>
          </div>`
        : nothing}
      ${this.picker !== null
        ? renderPicker({
            t,
            kind: this.picker,
            entities: this.entities,
            choose: (k) => void this.#choose(k),
            share: (e) => void this.#share(this.picker as Kind, e),
            close: () => (this.picker = null),
          })
        : nothing} ${this.#menu.render()} ${this.attached ? this.#renderAttachment(this.attached) : nothing}
      ${this.notice ? html`<p class="notice" role="alert">${this.notice}</p>` : nothing}
      <input type="file" accept=${ACCEPT} hidden @change=${this.#handleFile} />
      ${this.#recorder.recording
        ? this.#renderRecording()
        : html`<div class="row">
            ${this.staff && this.chatId
              ? html`<button class="icon note-switch" aria-pressed=${note} aria-label=${t('note')} title=${t('noteHint')} @click=${() => this.#switchNote(!note)}>
                  ${icons.note}
                </button>`
              : nothing}
            ${this.chatId && !note
              ? html`<button class="icon" aria-label=${t('share')} aria-expanded=${this.picker !== null} @click=${() => (this.picker = this.picker === null ? '' : null)}>
                    ${icons.plus}
                  </button>
                  <button class="icon" aria-label=${t('attachImage')} title=${t('attachImage')} @click=${() => this.#fileInput.click()}>${icons.image}</button>
                  ${VoiceRecorder.supported ? html`<button class="icon" aria-label=${t('record')} title=${t('record')} @click=${this.#record}>${icons.mic}</button>` : nothing}`
              : nothing}
            <div class="write">
              <textarea
                rows="1"
                aria-label=${t(note ? 'note' : this.attached ? 'caption' : 'message')}
                placeholder=${t(note ? 'notePlaceholder' : this.attached ? 'caption' : 'placeholder')}
                maxlength=${LIMITS.maxContentLength}
                aria-autocomplete=${this.quickReplies() ? 'list' : nothing}
                aria-controls=${menu.controls ?? nothing}
                aria-activedescendant=${menu.active ?? nothing}
                @input=${this.#handleInput}
                @keydown=${this.#handleKey}
                @blur=${() => this.#menu.close()}
                @paste=${this.#handlePaste}
              ></textarea>
              <button class="icon send" aria-label=${t('send')} @click=${() => this.send()}>${icons.send}</button>
            </div>
          </div>`}
      ${this.#menu.managing
        ? html`<salon-chat-quick-replies-manager
            exportparts="quick-replies-manager"
            .book=${this.quickReplies()}
            @close=${() => ((this.#menu.managing = false), this.requestUpdate(), this.focus())}
          ></salon-chat-quick-replies-manager>`
        : nothing}
    </div>`;
  }
}
