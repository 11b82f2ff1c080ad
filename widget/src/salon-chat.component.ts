import { ContextProvider } from '@lit/context';
import { adoptStyles, html, LitElement, nothing, type PropertyValues, type PropertyDeclarations } from 'lit';
import { ApiError, type TokenProvider } from './client/api.ts';
import type { Mode } from './client/chat-client.ts';
import type { ConnectionStatus } from './client/connection.ts';
import { widgetContext, type WidgetContext } from './context.ts';
import { AttentionController } from './controllers/attention.controller.ts';
import { ClientController } from './controllers/client.controller.ts';
import { translator } from './i18n.ts';
import { chatIcon } from './icons.ts';
import { shownName } from './names.ts';
import { loadPanel, type PanelModule } from './panel-loader.ts';
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
 * @event salon-chat-waiting-change - staff mode: the number of conversations waiting for the salon changed: `{waiting}`
 * @event salon-chat-connection-change - `{status}`: connecting, online, reconnecting, polling, unauthorized, offline
 * @event salon-chat-error - `{code, message}`
 * @event salon-chat-auth-change - `{signedIn}`
 * @event salon-chat-open - the panel is about to open (cancelable)
 * @event salon-chat-close - the panel closed
 * @event salon-chat-send - a message is about to be sent: `{chatId, draft}` (cancelable)
 * @event salon-chat-alert - staff mode alerted to a customer's message or new chat: `{chatId, title, body, newChat, sound, notification}`
 *
 * @csspart launcher - the round button that opens the panel (customer mode)
 * @csspart badge - the unread count on the launcher
 * @csspart panel - the chat panel
 * @csspart header - the panel header
 * @csspart status - the connection status
 * @csspart inbox - the staff inbox
 * @csspart new-chat - the staff inbox's form that starts a conversation with a customer
 * @csspart alerts - the staff inbox's sound switch and desktop alerts control
 * @csspart conversation-header - the staff conversation header
 * @csspart message-list - the scrolling message log
 * @csspart message - each message bubble
 * @csspart message-mine - the viewer's bubbles
 * @csspart message-note - internal notes, which only the salon's staff see (staff mode)
 * @csspart card - appointment, product and pack cards
 * @csspart photo-viewer - the dialog showing a photo whole
 * @csspart composer - the composer area
 * @csspart sign-in - the customer sign-in form
 * @csspart welcome - the empty conversation's greeting, team and reply time
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
 * @cssproperty --salon-chat-note - internal notes' background (staff mode), and the composer's while it writes one
 * @cssproperty --salon-chat-note-fg - text of internal notes
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
  static styles = [shared, salonChatStyles];

  static properties: PropertyDeclarations = {
    server: { reflect: true },
    mode: { reflect: true },
    token: {},
    tokenProvider: { attribute: false },
    staffId: { type: Number, attribute: 'staff-id' },
    chatId: { type: Number, attribute: 'chat-id' },
    salonId: { type: Number, attribute: 'salon-id' },
    lang: { reflect: true },
    theme: { reflect: true },
    opened: { type: Boolean, reflect: true },
    ctx: { state: true },
    status: { state: true },
    signedIn: { state: true },
    selected: { state: true },
    panelLoaded: { state: true },
    linkRefused: { state: true },
  };

  readonly #clientController = new ClientController(this, {
    message: (d) => this.#handleMessage(d),
    unread: (unread) => {
      // staff mode's title names who waits (the panel's alerts)
      if (this.mode === 'customer') this.#attention.setUnread(unread);
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
    pending: () => void this.#loadPanel(),
  });
  readonly #attention = new AttentionController(this);

  readonly #provider = new ContextProvider(this, { context: widgetContext });

  get #panel() {
    return this.renderRoot.querySelector('salon-chat-panel');
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
  private panelLoaded = false;
  /** Why a follow-up's link did not sign in (shown in the panel until it closes). */
  private linkRefused: ApiError | null = null;
  /** The token of a follow-up's link, until the loaded panel exchanges it. */
  #link = '';
  /** The chat a follow-up's link opened. */
  #linkedChat = 0;
  #panelLoading: Promise<PanelModule> | undefined;
  #returnFocus: HTMLElement | null = null;

  #emit<K extends keyof SalonChatEventDetails>(type: K, detail: SalonChatEventDetails[K], cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#takeLink();
  }

  /**
   * A follow-up links back with `#salon-chat=<token>`: the token leaves the address bar at once
   * (it signs in once, and must not stay in the history or a shared URL), and the panel opens
   * to exchange it.
   */
  #takeLink(): void {
    const match = /^#salon-chat=([^&]+)$/.exec(location.hash);
    if (!match || this.mode !== 'customer') return;
    history.replaceState(history.state, '', location.pathname + location.search);
    this.#link = decodeURIComponent(match[1]);
    void this.open();
  }

  /** Signs in with the link's token (unless the page signs the customer in itself) and shows its chat. */
  async #follow(panel: PanelModule): Promise<void> {
    const token = this.#link;
    this.#link = '';
    await this.updateComplete;
    const client = this.#clientController.client;
    if (!client || this.token || this.tokenProvider) return;
    try {
      this.selected = this.#linkedChat = await panel.followLink(client, token);
    } catch (e) {
      this.linkRefused = e instanceof ApiError ? e : new ApiError(0, String(e));
    }
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    const client = this.#clientController.client;
    const t = translator(this.lang || document.documentElement.lang || navigator.language);
    if (client && (client !== this.ctx?.client || t.lang !== this.ctx.t.lang)) {
      this.ctx = { client, t };
      this.#provider.setValue(this.ctx);
    }
    if (changed.has('chatId') && this.chatId) this.selected = this.chatId;
    if (this.mode === 'customer') this.#pickCustomerChat();
  }

  protected updated(changed: PropertyValues<this>): void {
    // a voice note does not go on recording, unseen, behind a closed panel
    if (changed.has('opened') && !this.opened) this.#panel?.composer?.cancelRecording();
    if (this.mode === 'staff' || this.opened) void this.#loadPanel();
  }

  /**
   * Fetches the panel the first time it is wanted (opened, staff mode, a message to send or to
   * restore from the outbox); the launcher alone needs none of it.
   */
  #loadPanel(): Promise<PanelModule> {
    this.#panelLoading ??= loadPanel().then((panel) => {
      adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof SalonChat).elementStyles, ...panel.styles]);
      this.#clientController.extend(panel.attach);
      this.panelLoaded = true;
      if (this.#link) void this.#follow(panel);
      return panel;
    });
    this.#panelLoading.catch((e: Error) => {
      this.#panelLoading = undefined;
      // the launcher does not claim a panel that is not there; the next click tries again
      this.opened = false;
      this.#emit('salon-chat-error', { code: 'panel', message: e.message });
    });
    return this.#panelLoading;
  }

  #handleMessage(d: SalonChatEventDetails['salon-chat-message']): void {
    this.#emit('salon-chat-message', d);
    if (!d.mine && this.ctx && this.mode === 'customer') {
      const m = d.message;
      this.#attention.notify(shownName(m.sender_name) || this.ctx.t('newMessage'), m.content ?? '');
    }
  }

  /** Customer mode: the chat to show, the newest with `staff-id` (or `chat-id` when given). */
  #pickCustomerChat(): void {
    const client = this.#clientController.client;
    if (!client?.ready) return;
    const chats = [...client.store.chats.values()].map((s) => s.chat).filter((c) => !c.is_archived);
    const fit = chats
      .filter((c) => !this.staffId || c.participants.some((p) => p.participant_type === 'user' && p.participant_id === this.staffId))
      .sort((a, b) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at));
    const wanted = this.#linkedChat || this.chatId;
    const id = wanted && client.store.chats.has(wanted) ? wanted : (fit[0]?.id ?? this.selected);
    if (id !== this.selected) this.selected = id;
  }

  #handleKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.mode === 'customer') {
      e.stopPropagation();
      this.close();
    }
  }

  /** Opens the customer panel and moves the focus into it. */
  async open(): Promise<void> {
    if (this.opened || !this.#emit('salon-chat-open', {}, true)) return;
    this.#returnFocus = activeElement();
    this.opened = true;
    await this.#loadPanel().catch(() => undefined);
    await this.updateComplete;
    const panel = this.#panel;
    await panel?.updateComplete;
    if (panel?.composer) panel.composer.focus();
    else this.renderRoot.querySelector<HTMLElement>('.sign-in input, .panel button')?.focus();
  }

  /** Closes the customer panel and puts the focus back where it was. */
  close(): void {
    if (!this.opened) return;
    this.opened = false;
    this.linkRefused = null;
    this.#emit('salon-chat-close', {});
    const back = this.#returnFocus?.isConnected ? this.#returnFocus : this.renderRoot.querySelector('button');
    this.#returnFocus = null;
    back?.focus();
  }

  /** How many messages wait unread (in the chats that are not archived). */
  get unread(): number {
    return this.#clientController.client?.store.totalUnread() ?? 0;
  }

  /** Forgets the sign-in kept on this device and shows the sign-in form. */
  signOut(): void {
    this.#clientController.client?.signOut();
  }

  toggle(): void {
    if (this.opened) this.close();
    else void this.open();
  }

  /**
   * Sends a text message to the open chat (creating the customer's chat with `staff-id` if
   * needed); rejects when signed out, or when there is no chat to send to.
   */
  async send(text: string): Promise<void> {
    await this.updateComplete;
    const client = this.#clientController.client;
    if (!client) throw new Error('the element is not in the page');
    const { sendFromPage } = await this.#loadPanel();
    const target = () => ({ chatId: this.selected, staffId: this.mode === 'customer' ? this.staffId : 0, signedIn: this.signedIn });
    this.selected = await sendFromPage(this, client, text, target);
  }

  render() {
    if (!this.ctx) return nothing;
    const { client, t } = this.ctx;
    const customer = this.mode === 'customer';
    const panel = this.panelLoaded
      ? html`<salon-chat-panel
          class="panel ${customer ? 'floating' : 'staff'}"
          part="panel"
          role=${customer ? 'dialog' : 'region'}
          aria-label=${t('chat')}
          dir=${t.dir}
          lang=${t.lang}
          ?hidden=${customer && !this.opened}
          .mode=${this.mode}
          .selected=${this.selected}
          .staffId=${this.staffId}
          .salonId=${this.salonId}
          .signedIn=${this.signedIn}
          .status=${this.status}
          .linkRefused=${this.linkRefused}
          @select=${(e: CustomEvent<number>) => (this.selected = e.detail)}
          @close=${this.close}
          @keydown=${this.#handleKeydown}
        ></salon-chat-panel>`
      : nothing;
    if (!customer) return panel;
    const unread = client.store.totalUnread();
    return html`
      <button
        class="launcher"
        part="launcher"
        dir=${t.dir}
        aria-label=${unread ? `${t(this.opened ? 'closeChat' : 'openChat')}, ${t('unread', { n: unread })}` : t(this.opened ? 'closeChat' : 'openChat')}
        aria-expanded=${this.opened}
        @click=${this.toggle}
        @keydown=${this.#handleKeydown}
      >
        ${chatIcon} ${unread ? html`<span class="badge" part="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button>
      ${panel}
    `;
  }
}
