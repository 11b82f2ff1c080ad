import { ApiError, newClientMessageId, retryAfterOf, waitBeforeRetry } from '../kit.ts';
import type { Api } from '../client/api.ts';
import type { ChatClient } from '../client/chat-client.ts';
import type { ChatStore } from '../client/store.ts';
import type { ChatMessage, FileRefusal, Message, MessageDraft, OutboxEntry, UploadResult } from '../client/types.ts';
import { createCustomerChat } from './requests.ts';
import { fitPhoto } from './photo.ts';

/** How long a frame sent over the socket may wait for its echo before REST is tried. */
const CONFIRM_MS = 8000;

/** Upload answers that sending the same file again cannot change. */
const REFUSALS: Record<number, FileRefusal> = { 413: 'fileTooLarge', 415: 'fileUnsupported', 422: 'fileRefused' };

export type Draft = Omit<MessageDraft, 'client_message_id'>;

/** Updates a message still on its way out in place (upload progress, failure). */
function patchLocal(store: ChatStore, chatId: number, id: string, patch: Partial<ChatMessage>): void {
  const m = store.chats.get(chatId)?.messages.find((x) => x.client_message_id === id && x.local);
  if (m) Object.assign(m, patch);
}

/**
 * The way out for messages: optimistic copies in the store, the IndexedDB outbox, delivery
 * over the socket (or REST when it is down) with a `client_message_id` the server
 * de-duplicates on, uploads with progress, failure and retry.
 */
export class Sender {
  readonly #inflight = new Map<string, ReturnType<typeof setTimeout> | null>();
  readonly #uploads = new Map<string, { chatId: number; file: Blob; name: string; draft: Draft }>();
  /** Ids in the outbox, so an echo (live or caught up) can clear its entry. */
  readonly #queued = new Set<string>();
  #localIds = 0;

  private readonly outbox;

  /** Becomes `client.sender`, and sends what the outbox held as soon as the client is ready. */
  constructor(private readonly client: ChatClient) {
    this.outbox = client.outbox;
    client.sender = this;
    client.on('ready', () => void this.restore());
    client.on('synced', () => void this.flush());
    client.on('echo', (id) => this.confirmed(id));
    client.on('rejected', ({ id, code }) => this.rejected(id, code));
    client.on('status', (s) => s === 'offline' && this.stop());
    if (client.ready) void this.restore().then(() => this.flush());
  }

  get #owner(): string {
    return this.client.owner;
  }

  /** Stops waiting for echoes (the client is going away; the outbox keeps the messages). */
  stop(): void {
    for (const timer of this.#inflight.values()) clearTimeout(timer ?? undefined);
    this.#inflight.clear();
  }

  /** Shows what the outbox still holds from an earlier visit. */
  async restore(): Promise<void> {
    for (const e of await this.outbox.list(this.#owner)) {
      this.#queued.add(e.client_message_id);
      this.#local(e.chat_id, e.client_message_id, e.draft, e.failed ? 'failed' : 'pending');
    }
    this.client.changed();
  }

  /** Puts a text or entity message on its way. */
  async send(chatId: number, draft: Draft): Promise<string> {
    const id = newClientMessageId();
    this.#local(chatId, id, draft, 'pending');
    this.client.changed();
    await this.#enqueue(chatId, id, draft);
    return id;
  }

  /** Uploads a picked image (made fit to send first, see `fitPhoto`) or a recorded voice note, then sends it. */
  async sendFile(chatId: number, file: Blob, name: string, draft: Draft): Promise<void> {
    const id = newClientMessageId();
    const image = draft.message_type === 'image';
    const preview = image ? URL.createObjectURL(file) : undefined;
    this.#local(chatId, id, draft, 'uploading', { preview, progress: 0 });
    this.client.changed();
    const fitted = image ? await fitPhoto(new File([file], name, { type: file.type })) : file;
    this.#uploads.set(id, { chatId, file: fitted, name: fitted instanceof File ? fitted.name : name, draft });
    await this.#upload(id);
  }

  async #upload(id: string): Promise<void> {
    const job = this.#uploads.get(id);
    if (!job) return;
    const { chatId, file, name, draft } = job;
    const store = this.client.store;
    try {
      const res = await upload(this.client.api, file, name, (progress) => {
        patchLocal(store, chatId, id, { progress });
        this.client.changed();
      });
      this.#uploads.delete(id);
      const full = { ...draft, media_url: res.file_url };
      patchLocal(store, chatId, id, { local: 'pending', media_url: res.file_url, thumbnail_url: res.thumbnail_url ?? null });
      this.client.changed();
      await this.#enqueue(chatId, id, full);
    } catch (e) {
      const refused = e instanceof ApiError ? REFUSALS[e.status] : undefined;
      if (refused) this.#uploads.delete(id);
      patchLocal(store, chatId, id, { local: 'failed', refused });
      this.client.changed();
      this.client.fail(e);
    }
  }

  async #enqueue(chatId: number, id: string, draft: Draft): Promise<void> {
    this.#queued.add(id);
    await this.outbox.put({
      client_message_id: id,
      owner: this.#owner,
      chat_id: chatId,
      draft: { ...draft, client_message_id: id },
      created_at: new Date().toISOString(),
    });
    await this.flush();
  }

  /** Sends every outbox entry that is neither failed nor already on its way. */
  async flush(): Promise<void> {
    for (const e of await this.outbox.list(this.#owner)) {
      const id = e.client_message_id;
      if (!e.failed && this.#queued.has(id) && !this.#inflight.has(id)) this.#deliver(e);
    }
  }

  #deliver(e: OutboxEntry): void {
    const c = this.client;
    if (c.isJoined(e.chat_id) && c.connection.send({ type: 'send_message', chat_id: e.chat_id, ...e.draft })) {
      this.#inflight.set(
        e.client_message_id,
        setTimeout(() => void this.#post(e), CONFIRM_MS),
      );
    } else void this.#post(e);
  }

  async #post(e: OutboxEntry): Promise<void> {
    this.#inflight.set(e.client_message_id, null);
    try {
      const m = await this.client.api.request<Message>('POST', `/api/v1/chat/chats/${e.chat_id}/messages`, e.draft);
      this.client.received(e.chat_id, [m], false);
      this.client.changed();
    } catch (err) {
      this.#inflight.delete(e.client_message_id);
      if (!(err instanceof ApiError && err.transient)) await this.#markFailed(e.chat_id, e.client_message_id, err);
    }
  }

  /** The server has the message: it leaves the outbox. */
  confirmed(id: string): void {
    if (!this.#queued.delete(id)) return;
    clearTimeout(this.#inflight.get(id) ?? undefined);
    this.#inflight.delete(id);
    void this.outbox.delete(id);
  }

  /** An `error` frame about one of our messages. */
  rejected(id: string, code: string | undefined): void {
    clearTimeout(this.#inflight.get(id) ?? undefined);
    this.#inflight.delete(id);
    if (code === 'rate_limited' || code === 'not_joined' || code === 'internal') {
      setTimeout(() => void this.flush(), 1000);
      return;
    }
    void this.outbox.list(this.#owner).then((all) => {
      const e = all.find((x) => x.client_message_id === id);
      if (e) void this.#markFailed(e.chat_id, id, new ApiError(422, code ?? 'rejected', code));
    });
  }

  async #markFailed(chatId: number, id: string, err: unknown): Promise<void> {
    const e = (await this.outbox.list(this.#owner)).find((x) => x.client_message_id === id);
    if (e) await this.outbox.put({ ...e, failed: true });
    patchLocal(this.client.store, chatId, id, { local: 'failed' });
    this.client.changed();
    this.client.fail(err);
  }

  /** Tries a failed message again (its upload too, when that was what failed). */
  async retry(chatId: number, id: string): Promise<void> {
    if (this.#uploads.has(id)) {
      patchLocal(this.client.store, chatId, id, { local: 'uploading', progress: 0 });
      this.client.changed();
      return this.#upload(id);
    }
    const e = (await this.outbox.list(this.#owner)).find((x) => x.client_message_id === id);
    if (!e) return;
    await this.outbox.put({ ...e, failed: false });
    patchLocal(this.client.store, chatId, id, { local: 'pending' });
    this.client.changed();
    await this.flush();
  }

  /** Drops every message still on its way out: a guest who signs out can never send them. */
  async forgetAll(): Promise<void> {
    this.stop();
    this.#uploads.clear();
    this.#queued.clear();
    for (const e of await this.outbox.list(this.#owner)) await this.outbox.delete(e.client_message_id);
  }

  /** Gives up on a failed message. */
  async discard(chatId: number, id: string): Promise<void> {
    this.#uploads.delete(id);
    this.#queued.delete(id);
    await this.outbox.delete(id);
    const state = this.client.store.chats.get(chatId);
    if (state) state.messages = state.messages.filter((x) => !(x.local && x.client_message_id === id));
    this.client.changed();
  }

  #local(chatId: number, id: string, draft: Draft, local: ChatMessage['local'], extra: Partial<ChatMessage> = {}): void {
    const { store, profile } = this.client;
    const me = store.me;
    const replied = draft.reply_to_message_id
      ? store.chats.get(chatId)?.messages.find((m) => m.id === draft.reply_to_message_id)
      : undefined;
    store.addMessages(chatId, [
      {
        id: -++this.#localIds,
        chat_id: chatId,
        sender_type: me?.type ?? (this.client.mode === 'staff' ? 'user' : 'customer'),
        sender_user_id: me?.type === 'user' ? me.id : null,
        sender_customer_id: me?.type === 'customer' ? me.id : null,
        sender_name: profile?.name ?? null,
        message_type: draft.message_type ?? 'text',
        content: draft.content ?? null,
        media_url: draft.media_url ?? null,
        reply_to_message_id: draft.reply_to_message_id ?? null,
        reply_to: replied
          ? { id: replied.id, sender_name: replied.sender_name ?? null, message_type: replied.message_type, content: replied.content, is_deleted: replied.is_deleted }
          : null,
        reference_id: draft.reference_id ?? null,
        client_message_id: id,
        created_at: new Date().toISOString(),
        is_edited: false,
        is_deleted: false,
        read_receipts: [],
        local,
        ...extra,
      },
    ]);
  }
}

/** Fires the cancelable `salon-chat-send` from `el` (chat 0: the message creates the chat); false when the page cancelled it. */
function vetted(el: Element, chatId: number, draft: Draft): boolean {
  return el.dispatchEvent(new CustomEvent('salon-chat-send', { detail: { chatId, draft }, bubbles: true, composed: true, cancelable: true }));
}

const textDraft = (text: string, reply?: ChatMessage | null, note = false) => ({
  reply_to_message_id: reply?.id ?? null,
  content: text.trim(),
  message_type: note ? ('note' as const) : ('text' as const),
});

/**
 * Fires the cancelable `salon-chat-send` from `el` and, unless it is cancelled, sends the text
 * (replying to `reply`; an internal note for the salon's staff with `note`); undefined when nothing is sent.
 */
export function sendText(el: Element, client: ChatClient | undefined, chatId: number, text: string, reply?: ChatMessage | null, note = false): Promise<string> | undefined {
  const draft = textDraft(text, reply, note);
  if (draft.content && client && chatId && vetted(el, chatId, draft)) return client.sender?.send(chatId, draft);
}

/**
 * A customer's first words to staff member `userId`, which create their chat: `salon-chat-send`
 * (with chat 0) first, as for any text; the new chat's id, or undefined when nothing is sent.
 */
export async function sendFirstText(el: Element, client: ChatClient, userId: number, text: string): Promise<number | undefined> {
  const draft = textDraft(text);
  if (!draft.content || !vetted(el, 0, draft)) return undefined;
  return createCustomerChat(client, userId, draft.content);
}

/** Where `<salon-chat>.send()` sends, read once the client is ready: its open chat, and for a customer the staff member a first message goes to. */
export interface PageTarget {
  chatId: number;
  staffId: number;
  signedIn: boolean | undefined;
}

/**
 * `<salon-chat>.send(text)`: waits for the client to be ready (unless signed out), then sends to
 * the open chat, or as a customer's first words to `staffId`, creating the chat. Answers the chat
 * it went to; rejects when signed out or with no chat to send to.
 */
export async function sendFromPage(el: HTMLElement & { updateComplete: Promise<unknown> }, client: ChatClient, text: string, target: () => PageTarget): Promise<number> {
  if (!client.ready && target().signedIn !== false) {
    await new Promise<void>((resolve) => {
      const done = (ok?: boolean) => (client.ready || ok === false) && (off.forEach((o) => o()), resolve());
      const off = [client.on('change', done), client.on('auth', done)];
    });
  }
  if (!client.ready) throw new Error('signed out');
  await el.updateComplete;
  const { chatId, staffId } = target();
  if (!chatId && staffId) return (await sendFirstText(el, client, staffId, text)) ?? chatId;
  if (!chatId) throw new Error("no chat to send to: set chat-id, or staff-id for a customer's first message");
  await sendText(el, client, chatId, text);
  return chatId;
}

/**
 * Uploads a file with progress (XHR, since fetch has no upload progress); a 401 renews the token
 * once, a short 429 is waited out as the REST client does (`attempt`: the uploads so far).
 */
async function upload(api: Api, file: Blob, name: string, onProgress: (fraction: number) => void, retried = false, attempt = 0): Promise<UploadResult> {
  const token = await api.auth.current();
  try {
    return await new Promise<UploadResult>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${api.server}/api/v1/chat/upload`);
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.responseType = 'json';
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        const data = xhr.response as (UploadResult & { detail?: string; code?: string }) | null;
        if (xhr.status >= 200 && xhr.status < 300 && data) resolve(data);
        else reject(new ApiError(xhr.status, data?.detail ?? `HTTP ${xhr.status}`, data?.code, retryAfterOf(xhr.getResponseHeader('retry-after'))));
      };
      xhr.onerror = () => reject(new ApiError(0, 'network error'));
      const form = new FormData();
      form.append('file', file, name);
      xhr.send(form);
    });
  } catch (e) {
    if (e instanceof ApiError && !retried && (await api.auth.renewedAfter(e.status, token))) return upload(api, file, name, onProgress, true, attempt);
    const wait = e instanceof ApiError ? waitBeforeRetry(e.status, e.retryAfter, attempt) : null;
    if (wait === null) throw e;
    await new Promise((resolve) => setTimeout(resolve, wait));
    return upload(api, file, name, onProgress, retried, attempt + 1);
  }
}
