import { ApiError, html, nothing, shownName, type PropertyDeclarations, type PropertyValues } from '../kit.ts';
import { isOnline } from './online.ts';
import { icons } from './icons.ts';
import type { ChatSummary, Salon } from '../client/types.ts';
import type { ConnectionStatus } from '../client/connection.ts';
import type { ChatMessage } from '../client/types.ts';
import type { SalonChatComposer } from './composer.component.ts';
import { renderConversation } from './conversation.ts';
import { availability, renderWelcome } from './welcome.ts';
import { SalonChatElement } from './element.ts';
import { FullscreenController } from './fullscreen.controller.ts';
import { StaffAlerts } from './alerts.controller.ts';
import { fetchSalon, giveContact, signIn, startAsGuest } from './requests.ts';
import { sendFirstText } from './sender.ts';
import type { SalonChatMessages } from './messages.component.ts';

/**
 * The content of `<salon-chat>`'s panel, loaded the first time the panel is wanted: the header,
 * the customer's sign-in form or choice of staff, the staff inbox, and the open conversation.
 * It renders into its own light DOM, inside `<salon-chat>`'s shadow root, which adopts its
 * styles; the parts it draws are `<salon-chat>`'s parts. Fires `select` (a chat id) and `close`.
 */
export class SalonChatPanel extends SalonChatElement {
  static properties: PropertyDeclarations = {
    mode: {},
    selected: { type: Number },
    staffId: { type: Number },
    salonId: { type: Number },
    signedIn: { type: Boolean },
    status: {},
    hidden: { type: Boolean, reflect: true },
    salon: { state: true },
    confirmSignOut: { state: true },
    withPassword: { state: true },
    notifying: { state: true },
    error: { state: true },
    replyTo: { state: true },
    networkDown: { state: true },
    linkRefused: { attribute: false },
    contactSkipped: { state: true },
  };

  mode: 'customer' | 'staff' = 'customer';
  selected = 0;
  staffId = 0;
  salonId = 0;
  signedIn: boolean | undefined;
  status: ConnectionStatus = 'offline';
  /** Why a follow-up's link did not sign in: said above the normal start. */
  linkRefused: ApiError | null = null;

  private salon: Salon | null = null;
  private notifying = false;
  private error = '';
  private replyTo: ChatMessage | null = null;
  private confirmSignOut = false;
  /** The browser says it has no network: said at once, rather than after the socket times out. */
  private networkDown = !navigator.onLine;
  /** Signed out: the password form rather than writing as a guest. */
  private withPassword = false;
  /** Whether the person signed in here had an account (not a guest's). */
  #hadAccount = false;
  /** The guest said no to giving a contact (for this visit). */
  private contactSkipped = false;
  #salonAsked = 0;
  #shown = 0;
  /** Whether the composer of the chat shown next takes the focus. */
  #focusOnShow = false;
  readonly #alerts = new StaffAlerts(this);

  constructor() {
    super();
    new FullscreenController(this, () => this.mode === 'customer' && !this.hidden);
  }

  protected createRenderRoot(): HTMLElement {
    return this;
  }

  readonly #network = (e: Event): void => {
    this.networkDown = e.type === 'offline';
  };

  connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.#network);
    addEventListener('offline', this.#network);
    this.networkDown = !navigator.onLine;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.#network);
    removeEventListener('offline', this.#network);
  }

  get composer(): SalonChatComposer | null {
    return this.querySelector('salon-chat-composer');
  }

  /** The salon this panel speaks for: `salon-id`, else the open chat's, else the signed-in staff's. */
  get #salonId(): number {
    const client = this.ctx?.client;
    return this.salonId || client?.store.chats.get(this.selected)?.chat.salon_id || client?.profile?.salon_id || 0;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Signed out of an account, a person gets back the form they signed in with, not a guest's start.
    if (changed.get('signedIn') === true && this.signedIn === false && this.#hadAccount) this.withPassword = true;
    if (this.signedIn && this.ctx?.client.profile) this.#hadAccount = !this.ctx.client.profile.is_guest;
  }

  protected updated(changed: PropertyValues<this>): void {
    // Opened again: whether anyone of the salon is online now (the card says it before a chat).
    if (changed.get('hidden') === true && !this.hidden && this.#salonAsked) this.#salonAsked = 0;
    if (this.selected !== this.#shown) {
      this.#shown = this.selected;
      this.replyTo = null;
      if (this.#focusOnShow) this.composer?.focus();
      this.#focusOnShow = false;
    }
    const salonId = this.#salonId;
    if (salonId && salonId !== this.#salonAsked && this.ctx) {
      this.#salonAsked = salonId;
      void this.#loadSalon(salonId);
    }
  }

  #select(id: number): void {
    this.dispatchEvent(new CustomEvent('select', { detail: id }));
  }

  /**
   * Whom a customer without a chat writes to: `staff-id`, else the salon (its owner, or its first
   * staff member), whose whole team sees the chat and any of whom answers.
   */
  get #writingTo(): number {
    const staff = this.salon?.staff ?? [];
    return this.staffId || (staff.find((s) => s.role === 'owner') ?? staff[0])?.id || 0;
  }

  /** The salon's card: its name, its staff, and (where the server has them) its settings. */
  async #loadSalon(id: number): Promise<void> {
    const client = this.ctx!.client;
    try {
      this.salon = await fetchSalon(client, id);
    } catch (e) {
      if (!this.staffId && !this.selected) this.error = (e as Error).message;
      client.fail(e);
    }
  }

  /**
   * The first message of a customer creates the chat, with it; a visitor who is not signed in
   * starts as a guest of the salon with it, and is asked how to be reached afterwards.
   */
  async #startChat(e: CustomEvent<string>): Promise<void> {
    const { client, t } = this.ctx!;
    this.error = '';
    // the composer that took the first words gives way to the conversation's once it shows,
    // which may be before the server's answer arrives (the new chat's frame comes first)
    this.#focusOnShow = true;
    try {
      if (this.signedIn === false) await startAsGuest(client, this.salon || this.salonId ? { salon_id: this.salon?.id ?? this.salonId } : { staff_id: this.staffId });
      const chatId = await sendFirstText(this, client, this.#writingTo, e.detail);
      if (chatId === undefined) {
        this.#focusOnShow = false;
        return this.composer?.restore(e.detail);
      }
      this.#select(chatId);
    } catch (err) {
      this.#focusOnShow = false;
      this.composer?.restore(e.detail);
      if (err instanceof ApiError && (err.status === 429 || err.status === 503)) this.error = t('tryAgainIn', { s: err.retryAfter ?? 60 });
      else this.error = err instanceof ApiError && err.status !== 0 ? err.message : t('notSentTryAgain');
      if (err instanceof ApiError && (err.status === 403 || err.status === 404) && !client.ready) this.withPassword = true;
      client.fail(err);
    }
  }

  /** A guest's name and phone or e-mail, given after the first message (server extension). */
  async #giveContact(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { client, t } = this.ctx!;
    const data = new FormData(e.target as HTMLFormElement);
    const contact = String(data.get('contact')).trim();
    const name = String(data.get('name')).trim();
    this.error = '';
    try {
      client.profile = await giveContact(client, { ...(name ? { name } : {}), ...(contact.includes('@') ? { email: contact } : { phone: contact }) });
      client.changed();
    } catch (err) {
      this.error = err instanceof ApiError && err.status !== 0 ? err.message : t('offline');
    }
  }

  async #enableNotifications(): Promise<void> {
    this.notifying = (await Notification.requestPermission()) === 'granted';
  }

  /** Guests are offered where the salon says it takes them, or, before its card is known, to a staff member. */
  get #guestsOffered(): boolean {
    return !this.withPassword && (this.salon ? this.salon.settings?.guests_enabled === true : !!this.staffId);
  }

  async #handleSignIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { client, t } = this.ctx!;
    const data = new FormData(e.target as HTMLFormElement);
    this.error = '';
    try {
      await signIn(client, String(data.get('phone')), String(data.get('password')));
    } catch (err) {
      if (!(err instanceof ApiError)) this.error = t('offline');
      else if (err.status === 429 || err.status === 503) this.error = t('tryAgainIn', { s: err.retryAfter ?? 60 });
      else this.error = t(err.status === 401 || err.status === 422 ? 'signInFailed' : 'offline');
    }
  }

  #switchForm(withPassword: boolean): void {
    this.withPassword = withPassword;
    this.error = '';
  }

  /** The empty conversation: the first words make the chat (and, signed out, a guest of the salon). */
  #renderFirst(asGuest: boolean) {
    const { t } = this.ctx!;
    return html`<div class="first">
      ${renderWelcome(this.salon, t)}
      ${this.error ? html`<p class="note" role="alert">${this.error}</p>` : nothing}
      <salon-chat-composer exportparts="composer" @first-message=${this.#startChat}></salon-chat-composer>
      ${asGuest ? html`<button type="button" class="link have-account" @click=${() => this.#switchForm(true)}>${t('haveAccount')}</button>` : nothing}
    </div>`;
  }

  /** Asked of a guest who wrote without saying how to reach them: why, and skippable. */
  #renderAskContact() {
    const { client, t } = this.ctx!;
    const profile = client.profile;
    if (!profile?.is_guest || profile.phone || this.contactSkipped) return nothing;
    return html`<form class="sign-in ask-contact" part="contact-ask" @submit=${this.#giveContact}>
      <p>${t('contactWhy')}</p>
      <label>${t('yourName')}<input name="name" autocomplete="name" maxlength="200" /></label>
      <label>${t('contact')}<input name="contact" maxlength="254" required /></label>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      <div class="actions">
        <button type="submit">${t('saveContact')}</button>
        <button type="button" class="link" @click=${() => (this.contactSkipped = true)}>${t('skip')}</button>
      </div>
    </form>`;
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
      ${this.salon?.settings?.guests_enabled || (!this.salon && this.staffId)
        ? html`<button type="button" class="link" @click=${() => this.#switchForm(false)}>${t('asGuest')}</button>`
        : nothing}
    </form>`;
  }

  #renderConversation() {
    const salon = this.salon;
    return renderConversation({
      ctx: this.ctx!,
      chatId: this.selected,
      staff: this.mode === 'staff',
      replyTo: this.replyTo,
      salon: salon ? { name: salon.name, timezone: salon.settings?.timezone, opening_hours: salon.settings?.opening_hours } : undefined,
      team: salon?.staff,
      reply: (m) => {
        this.replyTo = m;
        this.composer?.focus();
      },
      sent: () => {
        this.replyTo = null;
        this.composer?.focus();
        this.querySelector<SalonChatMessages>('salon-chat-messages')?.scrollToEnd();
      },
      back: () => this.#select(0),
    });
  }

  #renderBody() {
    const { client, t } = this.ctx!;
    if (this.signedIn === false) {
      if (this.mode === 'staff') return html`<p class="note">${t('unauthorized')}</p>`;
      return this.#guestsOffered ? (this.#writingTo ? this.#renderFirst(true) : nothing) : this.#renderSignIn();
    }
    if (this.mode === 'staff') {
      return html`<div class="panes ${this.selected ? 'has-chat' : ''}">
        <salon-chat-inbox exportparts="inbox, new-chat" .selected=${this.selected} @select=${(e: CustomEvent<number>) => this.#select(e.detail)}></salon-chat-inbox>
        ${this.selected ? this.#renderConversation() : html`<p class="placeholder">${t('pickChat')}</p>`}
      </div>`;
    }
    if (this.selected) return html`${this.#renderAskContact()} ${this.#renderConversation()}`;
    if (client.ready && this.#writingTo) return this.#renderFirst(false);
    return client.ready ? this.error && html`<p class="note" role="alert">${this.error}</p>` : html`<p class="note">${t('connecting')}</p>`;
  }

  /** What the header says of the connection: nothing while all is well. */
  #statusText(): string {
    const { client, t } = this.ctx!;
    if (this.signedIn === false || this.#waitingForNetwork) return '';
    if (this.status === 'reconnecting' || this.status === 'polling' || this.status === 'unauthorized') return t(this.status);
    return client.ready ? '' : t('connecting');
  }

  /**
   * Whether the salon is online for a customer: anyone of its staff, whoever the chat went to.
   * In a chat, as its socket says while it is up (server extension), else by its staff members;
   * before a chat, by the salon's card.
   */
  #salonOnline(chat: ChatSummary | undefined): boolean {
    const { store, status } = this.ctx!.client;
    if (!chat) return !!this.salon?.staff_online;
    const member = chat.participants.some((p) => p.participant_type === 'user' && isOnline(chat, p, store.me));
    return (status === 'online' ? store.staffOnline.get(chat.salon_id) : undefined) ?? member;
  }

  /** A customer whose browser is offline is told so at once, until it is back. */
  get #waitingForNetwork(): boolean {
    return this.mode === 'customer' && this.networkDown;
  }

  /** Signs out; a guest's unsent messages go too, since nobody could send them any more. */
  async #signOut(): Promise<void> {
    const client = this.ctx!.client;
    this.confirmSignOut = false;
    if (client.profile?.is_guest) await client.sender?.forgetAll();
    client.signOut();
  }

  #renderHeader() {
    const { client, t } = this.ctx!;
    const chat = client.store.chats.get(this.selected)?.chat;
    const customer = this.mode === 'customer';
    const staff = customer ? chat?.participants.find((p) => p.participant_type === 'user') : undefined;
    const online = customer && this.#salonOnline(chat);
    const canNotify = this.mode === 'customer' && typeof Notification !== 'undefined' && Notification.permission === 'default' && !this.notifying && this.signedIn !== false;
    const canSignOut = this.mode === 'customer' && client.auth.signedInHere && this.signedIn;
    const guest = !!client.profile?.is_guest;
    return html`<div class="bar" part="header">
        ${canSignOut
          ? html`<button class="icon sign-out" aria-label=${t('signOut')} title=${t('signOut')} aria-expanded=${this.confirmSignOut} @click=${() => (this.confirmSignOut = !this.confirmSignOut)}>
              ${icons.signOut}
            </button>`
          : nothing}
        ${customer && (staff || this.salon) ? html`<span class="dot ${online ? 'on' : ''}" role="img" aria-label=${t(online ? 'isOnline' : 'isOffline')}></span>` : nothing}
        <div class="who">
          <h2><bdi>${customer ? shownName((this.staffId && staff?.name) || this.salon?.name || staff?.name) || t('chat') : t('conversations')}</bdi></h2>
          ${customer ? html`<p class="sub" dir="auto">${availability(this.salon?.settings, online, t)}</p>` : nothing}
        </div>
        <span class="status" part="status" role="status">${this.#statusText()}</span>
        ${canNotify ? html`<button class="icon" aria-label=${t('notify')} title=${t('notify')} @click=${this.#enableNotifications}>${icons.bell}</button>` : nothing}
        ${this.mode === 'customer'
          ? html`<button class="icon" aria-label=${t('closeChat')} title=${t('closeChat')} @click=${() => this.dispatchEvent(new CustomEvent('close'))}>${icons.close}</button>`
          : nothing}
      </div>
      ${this.#waitingForNetwork ? html`<p class="network" part="network" role="status">${t('waitingForNetwork')}</p>` : nothing}
      ${this.mode === 'staff' && this.signedIn !== false ? this.#alerts.render() : nothing}
      ${canSignOut && this.confirmSignOut
        ? html`<div class="confirm" role="group" aria-label=${t('signOut')}>
            <span>${t(guest ? 'guestSignOutConfirm' : 'signOutConfirm')}</span>
            <button class="primary" @click=${this.#signOut}>${t(guest ? 'guestSignOut' : 'signOut')}</button>
            <button @click=${() => (this.confirmSignOut = false)}>${t('cancel')}</button>
          </div>`
        : nothing}`;
  }

  /** A used, expired or altered link: what the server says of it, above the normal start. */
  #renderLinkRefused() {
    const refused = this.linkRefused;
    if (!refused) return nothing;
    const { t } = this.ctx!;
    return html`<div class="link-refused" part="link-refused" role="alert">
      <strong>${t('linkRefused')}</strong>
      <span>${refused.status ? refused.message : t('offline')}</span>
      <span>${t(this.signedIn === false ? 'linkStartBelow' : 'linkOtherChats')}</span>
    </div>`;
  }

  render() {
    if (!this.ctx) return nothing;
    return html`${this.#renderHeader()} ${this.#renderLinkRefused()} ${this.#renderBody()}`;
  }
}
