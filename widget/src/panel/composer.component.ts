import { html, nothing, type PropertyDeclarations, type PropertyValues, shared } from '../kit.ts';
import { icons } from './icons.ts';
import { sendText } from './sender.ts';
import { typeLabel } from './strings.ts';
import { SalonChatElement } from './element.ts';
import { TypingSignal } from './typing.ts';
import { catalog } from './requests.ts';
import type { Appointment, ChatMessage, Pack, Product } from '../client/types.ts';
import { composerStyles } from './composer.styles.ts';

type Kind = 'appointment' | 'product' | 'pack';
type Entity = Appointment | Product | Pack;

/** What a picker lists for an entity: its name and a detail. */
function describe(e: Entity): [string, string | null] {
  const a = e as Appointment;
  const p = e as Product;
  return a.service ? [a.service, a.staff_name] : [p.name, p.description];
}

/**
 * Writes and sends: text (Enter sends, Shift+Enter breaks the line), a photo, a voice note,
 * or an appointment/product/pack card; shows the message being replied to.
 *
 * @csspart composer - the composer area
 */
export class SalonChatComposer extends SalonChatElement {
  static styles = [shared, composerStyles];

  static properties: PropertyDeclarations = {
    chatId: { type: Number, attribute: 'chat-id' },
    replyTo: { attribute: false },
    recorder: { state: true },
    picker: { state: true },
    entities: { state: true },
  };

  get #textarea() {
    return this.renderRoot.querySelector('textarea');
  }

  get #fileInput() {
    return this.renderRoot.querySelector('input')!;
  }

  chatId = 0;
  replyTo: ChatMessage | null = null;

  private recorder: MediaRecorder | null = null;
  private picker: Kind | '' | null = null;
  private entities: Entity[] | null = null;

  readonly #typingSignal = new TypingSignal((on) => this.ctx?.client.sendTyping(this.chatId, on));

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#typingSignal.stop();
    this.recorder?.stop();
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.get('chatId')) this.#textarea!.value = '';
  }

  focus(): void {
    this.updateComplete.then(() => this.#textarea?.focus());
  }

  get #draftBase() {
    return { reply_to_message_id: this.replyTo?.id ?? null };
  }

  #sent(): void {
    this.#typingSignal.stop();
    this.dispatchEvent(new CustomEvent('sent'));
  }

  /** Sends the text in the box (or `text`). */
  send(text = this.#textarea?.value ?? ''): Promise<string> | undefined {
    const sending = sendText(this, this.ctx?.client, this.chatId, text, this.replyTo);
    if (sending) {
      this.#textarea!.value = '';
      this.#sent();
    }
    return sending;
  }

  #handleKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.send();
    } else if (e.key === 'Escape' && this.replyTo) {
      e.stopPropagation();
      this.dispatchEvent(new CustomEvent('cancel-reply'));
    }
  }

  #handleFile(): void {
    const file = this.#fileInput.files?.[0];
    this.#fileInput.value = '';
    if (!file || !this.ctx) return;
    this.#sent();
    void this.ctx.client.sender?.sendFile(this.chatId, file, file.name, { ...this.#draftBase, message_type: 'image' });
  }

  async #toggleRecording(): Promise<void> {
    if (this.recorder) {
      this.recorder.stop();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const rec = new MediaRecorder(stream);
      const chunks: Blob[] = [];
      const { chatId } = this;
      const base = this.#draftBase;
      rec.ondataavailable = (e) => chunks.push(e.data);
      rec.onstop = () => {
        stream.getTracks().forEach((track) => track.stop());
        this.recorder = null;
        if (!this.isConnected) return;
        const type = rec.mimeType.split(';')[0] || 'audio/webm';
        const blob = new Blob(chunks, { type });
        this.#sent();
        void this.ctx?.client.sender?.sendFile(chatId, blob, `voice.${type.split('/')[1]}`, { ...base, message_type: 'voice' });
      };
      rec.start();
      this.recorder = rec;
    } catch (e) {
      this.ctx?.client.fail(e);
    }
  }

  async #choose(kind: Kind): Promise<void> {
    const client = this.ctx?.client;
    if (!client) return;
    this.picker = kind;
    this.entities = null;
    const chat = client.store.chats.get(this.chatId)?.chat;
    try {
      this.entities = await catalog<Entity>(client, kind, chat?.salon_id, chat?.participants.find((p) => p.participant_type === 'customer')?.participant_id);
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

  #renderPicker() {
    const t = this.ctx!.t;
    const kinds: Kind[] = ['appointment', 'product', 'pack'];
    return html`<div
      class="picker"
      role="dialog"
      aria-label=${t('share')}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), (this.picker = null))}
    >
      <div>
        ${kinds.map((k) => html`<button aria-pressed=${this.picker === k} @click=${() => this.#choose(k)}>${t(k)}</button>`)}
      </div>
      ${this.picker
        ? (this.entities ?? []).map((e) => {
            const [title, detail] = describe(e);
            return html`<button class="item" @click=${() => this.#share(this.picker as Kind, e)}>
              ${title}${detail ? html` · <span class="muted">${detail}</span>` : nothing}
            </button>`;
          })
        : nothing}
    </div>`;
  }

  render() {
    if (!this.ctx) return nothing;
    const { t } = this.ctx;
    const reply = this.replyTo;
    const canRecord = typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices;
    return html`<div part="composer">
      ${reply
        ? html`<div class="reply">
            <span>${t('replyingTo', { name: reply.sender_name || t('someone') })}: ${reply.content || typeLabel(t, reply.message_type)}</span>
            <button class="icon" aria-label=${t('cancelReply')} @click=${() => this.dispatchEvent(new CustomEvent('cancel-reply'))}>
              ${icons.close}
            </button>
          </div>`
        : nothing}
      ${this.picker !== null ? this.#renderPicker() : nothing}
      <div class="row">
        <button class="icon" aria-label=${t('share')} aria-expanded=${this.picker !== null} @click=${() => (this.picker = this.picker === null ? '' : null)}>
          ${icons.plus}
        </button>
        <button class="icon" aria-label=${t('attachImage')} @click=${() => this.#fileInput.click()}>${icons.image}</button>
        <input type="file" accept="image/*" hidden @change=${this.#handleFile} />
        ${canRecord
          ? html`<button class="icon" aria-label=${t(this.recorder ? 'stopRecording' : 'record')} aria-pressed=${!!this.recorder} @click=${this.#toggleRecording}>
              ${this.recorder ? icons.stop : icons.mic}
            </button>`
          : nothing}
        <textarea
          rows="1"
          aria-label=${t('message')}
          placeholder=${t('placeholder')}
          maxlength="4000"
          @input=${() => this.#typingSignal.input()}
          @keydown=${this.#handleKey}
        ></textarea>
        <button class="icon send" aria-label=${t('send')} @click=${() => this.send()}>${icons.send}</button>
      </div>
    </div>`;
  }
}
