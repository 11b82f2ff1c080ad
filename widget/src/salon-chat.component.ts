import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type PropertyDeclarations } from 'lit';
import { ApiError, type TokenProvider } from './client/api.ts';
import type { Mode, Salon } from './client/chat-client.ts';
import type { ConnectionStatus } from './client/connection.ts';
import { widgetContext, type WidgetContext } from './context.ts';
import { AttentionController } from './controllers/attention.controller.ts';
import { ClientController } from './controllers/client.controller.ts';
import { sendText, type SalonChatComposer } from './components/composer.component.ts';
import { conversationStyles, renderConversation } from './components/conversation.ts';
import type { SalonChatMessages } from './components/messages.component.ts';
import { isOnline } from './client/store.ts';
import type { ChatMessage } from './client/types.ts';
import { typeLabel } from './components/message.ts';
import { translator } from './i18n.ts';
import { icons } from './icons.ts';
import { shared } from './styles/shared.styles.ts';
import { salonChatStyles } from './salon-chat.styles.ts';
import type { SalonChatEventDetails } from './events.ts';

/** The deepest focused element, through shadow roots. */
function activeElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement ? el : null;
}

/**
 * `<salon-chat>`: a salon's chat. Customer mode is a launcher button that opens a panel with
 * the conversation (and a sign-in form when no token is given); staff mode is an inbox of the
 * salon's chats beside the open conversation.
 *
 * @event salon-chat-message - a message arrived or was confirmed: `{message, chatId, mine}`
 * @event salon-chat-unread-change - the unread total changed: `{unread}`
 * @event salon-chat-connection-change - `{status}`: connecting, online, reconnecting, polling, unauthorized, offline
 * @event salon-chat-error - `{code, message}`
 * @event salon-chat-auth-change - `{signedIn}`
 * @event salon-chat-open - the panel is about to open (cancelable)
 * @event salon-chat-close - the panel closed
 * @event salon-chat-send - a message is about to be sent: `{chatId, draft}` (cancelable)
 *
 * @csspart launcher - the round button that opens the panel (customer mode)
 * @csspart badge - the unread count on the launcher
 * @csspart panel - the chat panel
 * @csspart header - the panel header
 * @csspart status - the connection status
 * @csspart inbox - the staff inbox
 * @csspart conversation-header - the staff conversation header
 * @csspart message-list - the scrolling message log
 * @csspart message - each message bubble
 * @csspart message-mine - the viewer's bubbles
 * @csspart card - appointment, product and pack cards
 * @csspart composer - the composer area
 * @csspart sign-in - the customer sign-in form
 *
 * @cssproperty --salon-chat-accent - brand colour (buttons, header, own bubbles)
 * @cssproperty --salon-chat-accent-fg - text on the brand colour
 * @cssproperty --salon-chat-bg - panel background
 * @cssproperty --salon-chat-fg - text colour
 * @cssproperty --salon-chat-muted - secondary text
 * @cssproperty --salon-chat-border - lines and input borders
 * @cssproperty --salon-chat-hover - hover background
 * @cssproperty --salon-chat-bubble - others' bubbles
 * @cssproperty --salon-chat-bubble-mine - own bubbles
 * @cssproperty --salon-chat-bubble-mine-fg - text in own bubbles
 * @cssproperty --salon-chat-badge - unread badge
 * @cssproperty --salon-chat-danger - errors and failed sends
 * @cssproperty --salon-chat-online - presence dot
 * @cssproperty --salon-chat-radius - corner radius
 * @cssproperty --salon-chat-font - font family
 * @cssproperty --salon-chat-font-size - base font size
 * @cssproperty --salon-chat-width - panel width (customer)
 * @cssproperty --salon-chat-height - panel height
 * @cssproperty --salon-chat-offset - distance of the launcher from the corner
 * @cssproperty --salon-chat-z-index - stacking of launcher and panel
 */
export class SalonChat extends LitElement {
  static styles = [shared, salonChatStyles, conversationStyles];

  static properties: PropertyDeclarations = {
    server: { reflect: true },
    mode: { reflect: true },
    token: {},
    tokenProvider: { attribute: false },
    staffId: { type: Number, attribute: 'staff-id' },
    chatId: { type: Number, attribute: 'chat-id' },
    salonId: { type: Number, attribute: 'salon-id' },
    lang: {},
    theme: { reflect: true },
    opened: { type: Boolean, reflect: true },
    ctx: { state: true },
    status: { state: true },
    signedIn: { state: true },
    selected: { state: true },
    salon: { state: true },
    notifying: { state: true },
    error: { state: true },
    replyTo: { state: true },
  };

  readonly #clientController = new ClientController(this, {
    message: (d) => this.#handleMessage(d),
    unread: (unread) => {
      this.#attention.setUnread(unread);
      this.#emit('salon-chat-unread-change', { unread });
    },
    status: (status) => {
      this.status = status;
      this.#emit('salon-chat-connection-change', { status });
    },
    error: (d) => this.#emit('salon-chat-error', d),
    auth: (signedIn) => {
      this.signedIn = signedIn;
      this.#emit('salon-chat-auth-change', { signedIn });
    },
  });
  readonly #attention = new AttentionController(this);

  readonly #provider = new ContextProvider(this, { context: widgetContext });

  get #composer() {
    return this.renderRoot.querySelector<SalonChatComposer>('salon-chat-composer');
  }

  /** Base URL of the chat server, e.g. `https://api.example.com` (default: this page's origin). */
  server = '';
  /** `customer`: launcher and panel; `staff`: inbox and conversation. */
  mode: Mode = 'customer';
  /** Access token (JWT). */
  token = '';
  /** Called for a token at start and again when the server refuses the current one. */
  tokenProvider?: TokenProvider;
  /** Customer mode: the staff member to write to. */
  staffId = 0;
  /** The chat to open. */
  chatId = 0;
  /** Customer mode: the salon whose staff are offered when no chat exists yet. */
  salonId = 0;
  /** Language of the widget (en, fr, ar); defaults to the page's. */
  lang = '';
  /** `light`, `dark` or `auto` (follows the system). */
  theme: 'light' | 'dark' | 'auto' = 'light';
  /** Whether the customer panel is open (see `open()`, `close()`, `toggle()`). */
  opened = false;

  private ctx?: WidgetContext;

  /** The connection status (read-only): connecting, online, reconnecting, polling, unauthorized or offline. */
  status: ConnectionStatus = 'offline';
  private signedIn: boolean | undefined;
  private selected = 0;
  private salon: Salon | null = null;
  private notifying = false;
  private error = '';
  private replyTo: ChatMessage | null = null;
  private everOpened = false;
  #returnFocus: HTMLElement | null = null;
  #creating = false;

  #emit<K extends keyof SalonChatEventDetails>(type: K, detail: SalonChatEventDetails[K], cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    this.#clientController.sync();
    const client = this.#clientController.client;
    const t = translator(this.lang || document.documentElement.lang || navigator.language);
    if (client && (client !== this.ctx?.client || t.lang !== this.ctx.t.lang)) {
      this.ctx = { client, t };
      this.#provider.setValue(this.ctx);
    }
    if (changed.has('chatId') && this.chatId) this.selected = this.chatId;
    if ((changed as Map<string, unknown>).has('selected')) this.replyTo = null;
    if (this.mode === 'customer') this.#pickCustomerChat();
  }

  #handleMessage(d: SalonChatEventDetails['salon-chat-message']): void {
    this.#emit('salon-chat-message', d);
    if (!d.mine && this.ctx) {
      const m = d.message;
      this.#attention.notify(m.sender_name || this.ctx.t('newMessage'), m.content || typeLabel(this.ctx.t, m.message_type));
    }
  }

  /** Customer mode: the chat to show, created with `staff-id` when there is none yet. */
  #pickCustomerChat(): void {
    const client = this.#clientController.client;
    if (!client?.ready) return;
    const chats = [...client.store.chats.values()].map((s) => s.chat).filter((c) => !c.is_archived);
    const fit = chats
      .filter((c) => !this.staffId || c.participants.some((p) => p.participant_type === 'user' && p.participant_id === this.staffId))
      .sort((a, b) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at));
    const id = this.chatId && client.store.chats.has(this.chatId) ? this.chatId : (fit[0]?.id ?? 0);
    if (id !== this.selected) this.selected = id;
    if (id || !this.opened || this.#creating || this.error) return;
    if (this.staffId) void this.#startChat(this.staffId);
    else if (!this.salon) void this.#loadSalon();
  }

  async #loadSalon(): Promise<void> {
    const client = this.#clientController.client!;
    const id = this.salonId || client.profile?.salon_id;
    if (!id) return;
    this.#creating = true;
    try {
      this.salon = await client.salon(id);
    } catch (e) {
      this.error = (e as Error).message;
      client.fail(e);
    } finally {
      this.#creating = false;
    }
  }

  async #startChat(staffId: number): Promise<void> {
    const client = this.#clientController.client!;
    this.#creating = true;
    try {
      this.selected = await client.createCustomerChat(staffId);
      this.#composer?.focus();
    } catch (e) {
      this.error = (e as Error).message;
      client.fail(e);
    } finally {
      this.#creating = false;
    }
  }

  #handleKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.mode === 'customer') {
      e.stopPropagation();
      this.close();
    }
  }

  async #enableNotifications(): Promise<void> {
    this.notifying = await this.#attention.enable();
  }

  /** Opens the customer panel and moves the focus into it. */
  async open(): Promise<void> {
    if (this.opened || !this.#emit('salon-chat-open', {}, true)) return;
    this.#returnFocus = activeElement();
    this.opened = this.everOpened = true;
    await this.updateComplete;
    if (this.#composer) this.#composer.focus();
    else this.renderRoot.querySelector<HTMLElement>('.sign-in input, .staff-list button, .panel button')?.focus();
  }

  /** Closes the customer panel and puts the focus back where it was. */
  close(): void {
    if (!this.opened) return;
    this.opened = false;
    this.#emit('salon-chat-close', {});
    const back = this.#returnFocus?.isConnected ? this.#returnFocus : this.renderRoot.querySelector('button');
    this.#returnFocus = null;
    back?.focus();
  }

  toggle(): void {
    if (this.opened) this.close();
    else void this.open();
  }

  /** Sends a text message to the open chat (creating the customer's chat with `staff-id` if needed); rejects when signed out. */
  async send(text: string): Promise<void> {
    const client = this.#clientController.client;
    if (!client) return;
    if (!client.ready && this.signedIn !== false) {
      await new Promise<void>((resolve) => {
        const done = (ok?: boolean) => (client.ready || ok === false) && (off.forEach((o) => o()), resolve());
        const off = [client.on('change', done), client.on('auth', done)];
      });
    }
    if (!client.ready) throw new Error('signed out');
    await this.updateComplete;
    if (!this.selected && this.mode === 'customer' && this.staffId) await this.#startChat(this.staffId);
    await sendText(this, client, this.selected, text);
  }

  async #handleSignIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { client, t } = this.ctx!;
    const data = new FormData(e.target as HTMLFormElement);
    this.error = '';
    try {
      await client.signIn(String(data.get('phone')), String(data.get('password')));
    } catch (err) {
      this.error = t(err instanceof ApiError && (err.status === 401 || err.status === 422) ? 'signInFailed' : 'offline');
    }
  }

  /** The customer sign-in form of the guide (`POST /api/v1/customer-auth/login`). */
  #renderSignIn() {
    const { t } = this.ctx!;
    return html`<form class="sign-in" part="sign-in" @submit=${this.#handleSignIn}>
      <h2>${t('signInTitle')}</h2>
      <label>${t('phone')}<input name="phone" type="tel" autocomplete="tel" required /></label>
      <label>${t('password')}<input name="password" type="password" autocomplete="current-password" required /></label>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      <button type="submit">${t('signIn')}</button>
    </form>`;
  }

  #renderConversation() {
    return renderConversation({
      ctx: this.ctx!,
      chatId: this.selected,
      staff: this.mode === 'staff',
      replyTo: this.replyTo,
      reply: (m) => {
        this.replyTo = m;
        this.#composer?.focus();
      },
      sent: () => {
        this.replyTo = null;
        this.#composer?.focus();
        this.renderRoot.querySelector<SalonChatMessages>('salon-chat-messages')?.scrollToEnd();
      },
      back: () => (this.selected = 0),
    });
  }

  #renderBody() {
    const { client, t } = this.ctx!;
    if (this.signedIn === false) {
      return this.mode === 'customer' ? this.#renderSignIn() : html`<p class="note">${t('unauthorized')}</p>`;
    }
    if (this.mode === 'staff') {
      return html`<div class="panes ${this.selected ? 'has-chat' : ''}">
        <salon-chat-inbox exportparts="inbox" .selected=${this.selected} @select=${(e: CustomEvent<number>) => (this.selected = e.detail)}></salon-chat-inbox>
        ${this.selected
          ? this.#renderConversation()
          : html`<p class="placeholder">${t('pickChat')}</p>`}
      </div>`;
    }
    if (this.selected) {
      return this.#renderConversation();
    }
    if (this.salon && !this.staffId) {
      return html`<div class="staff-list">
        <p>${t('chooseStaff')}</p>
        ${this.salon.staff.map((s) => html`<button @click=${() => this.#startChat(s.id)}>${s.name}${s.role ? ` · ${s.role}` : ''}</button>`)}
      </div>`;
    }
    return client.ready ? this.error && html`<p class="note" role="alert">${this.error}</p>` : html`<p class="note">${t('connecting')}</p>`;
  }

  #renderHeader() {
    const { client, t } = this.ctx!;
    const chat = client.store.chats.get(this.selected)?.chat;
    const staff = this.mode === 'customer' ? chat?.participants.find((p) => p.participant_type === 'user') : undefined;
    const online = !!staff && isOnline(chat!, staff, client.store.me);
    const canNotify = this.#attention.permission === 'default' && !this.notifying;
    return html`<header part="header">
      ${staff ? html`<span class="dot ${online ? 'on' : ''}" role="img" aria-label=${t(online ? 'isOnline' : 'isOffline')}></span>` : nothing}
      <h2>${this.mode === 'staff' ? t('conversations') : staff?.name || this.salon?.name || t('chat')}</h2>
      <span class="status" part="status" role="status">${t(this.status === 'offline' ? 'connecting' : this.status)}</span>
      ${canNotify ? html`<button class="icon" aria-label=${t('notify')} title=${t('notify')} @click=${this.#enableNotifications}>${icons.bell}</button>` : nothing}
      ${this.mode === 'customer' && client.auth.signedInHere && this.signedIn
        ? html`<button class="icon" aria-label=${t('signOut')} title=${t('signOut')} @click=${() => client.signOut()}>${icons.back}</button>`
        : nothing}
      ${this.mode === 'customer' ? html`<button class="icon" aria-label=${t('closeChat')} @click=${this.close}>${icons.close}</button>` : nothing}
    </header>`;
  }

  render() {
    if (!this.ctx) return nothing;
    const { client, t } = this.ctx;
    const panel = (cls: string) =>
      html`<section class="panel ${cls}" part="panel" role=${this.mode === 'customer' ? 'dialog' : 'region'} aria-label=${t('chat')} dir=${t.dir} lang=${t.lang} ?hidden=${this.mode === 'customer' && !this.opened} @keydown=${this.#handleKeydown}>
        ${this.#renderHeader()} ${this.#renderBody()}
      </section>`;
    if (this.mode === 'staff') return panel('staff');
    const unread = client.store.totalUnread();
    return html`
      <button
        class="launcher"
        part="launcher"
        dir=${t.dir}
        aria-label=${unread ? `${t(this.opened ? 'closeChat' : 'openChat')}, ${t('unread', { n: unread })}` : t(this.opened ? 'closeChat' : 'openChat')}
        aria-expanded=${this.opened}
        @click=${this.toggle}
      >
        ${icons.chat} ${unread ? html`<span class="badge" part="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button>
      ${this.everOpened ? panel('floating') : nothing}
    `;
  }
}
