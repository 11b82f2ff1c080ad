import { randomBytes } from 'node:crypto';
import type { TokenResponse } from '@salon-chat/protocol';
import type { Logger } from 'pino';
import type { Actor } from '../../domain.ts';
import { AppError, forbidden, unauthorized } from '../../errors.ts';
import type { FollowUpContext, FollowUpRow, FollowUpsRepo } from '../../repos/follow-ups.ts';
import type { Channel, OutboxRepo, OutboxRow } from '../../repos/outbox.ts';
import { reachableAt } from '../../repos/people.ts';
import type { AuthService } from '../auth.ts';
import type { Online } from '../chats.ts';
import type { OutboxSender } from './sender.ts';
import { followUpMail, followUpSms } from './render.ts';

export interface FollowUpOptions {
  /** Seconds a staff message stays unread before the follow-up, unless the salon set its own. */
  after: number;
  /** This server's public address: photos, files and the unsubscribe URL in a follow-up. */
  publicUrl: () => string;
  /** Seconds a link back signs in, once. */
  linkTtl: number;
  /** The channels that have a transport; none: follow-ups are off. */
  channels: Channel[];
  /** How often due follow-ups are looked for. */
  scanMs: number;
}

/** The URL fragment key of a link back: `#salon-chat=<token>`. */
export const LINK_FRAGMENT = 'salon-chat';
const UNSUBSCRIBE_TTL = 365 * 24 * 3600;
const MAX_MESSAGES = 20;
const BATCH = 50;

const isEmail = (contact: string) => contact.includes('@');

/**
 * A phone number as SMS providers take it (E.164, as typed otherwise): "+33 6 98-76.54 (32)"
 * and "0033 6…" become "+33698765432"; a number without its country code is left to the
 * provider, whose refusal is recorded.
 */
export const smsNumber = (phone: string) => phone.replace(/[\s().\-\u00a0]/g, '').replace(/^00/, '+');

/** Where a customer is reached: a guest by what they gave, an account by that or its phone. */
function contactOf(ctx: FollowUpContext): { channel: Channel; to: string } | null {
  const to = reachableAt({ phone: ctx.customer_phone, contact: ctx.contact, is_guest: ctx.is_guest });
  if (!to) return null;
  return isEmail(to) ? { channel: 'email', to } : { channel: 'sms', to: smsNumber(to) };
}

/** What an item of the mailbox shows. */
export function mailView(row: OutboxRow) {
  return {
    id: row.id,
    channel: row.channel,
    to: row.recipient,
    from_name: row.sender_name,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {},
    chat_id: row.chat_id,
    status: row.status,
    created_at: new Date(row.created_at).toISOString(),
    sent_at: row.sent_at == null ? null : new Date(row.sent_at).toISOString(),
  };
}

export interface FollowUpDeps {
  repo: FollowUpsRepo;
  outbox: OutboxRepo;
  auth: AuthService;
  online: Online;
  sender: OutboxSender;
  logger: Logger;
}

/**
 * Follow-ups: a chat's quiet period opens at the first staff message its customer has not read
 * and closes when they read. Once its delay passed with the customer still away (no socket
 * open), one follow-up is queued in the outbox with the unread replies and a link back; none
 * until the period closes, none to a customer who opted out or left no contact.
 */
export function followUpService({ repo, outbox, auth, online, sender, logger }: FollowUpDeps, options: FollowUpOptions) {
  const enabled = options.channels.length > 0;
  const delayOf = (ctx: Pick<FollowUpContext, 'follow_up_after'>) => (ctx.follow_up_after ?? options.after) * 1000;
  const base = () => options.publicUrl().replace(/\/$/, '');
  let timer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | undefined;

  function linkTo(page: string | null, token: string): string {
    const url = new URL(page ?? `${base()}/`);
    url.hash = `${LINK_FRAGMENT}=${token}`;
    return url.toString();
  }

  /** Makes the period's follow-up and queues it; true when this node queued it. */
  async function compose(row: FollowUpRow, ctx: FollowUpContext, to: { channel: Channel; to: string }, at: number): Promise<boolean> {
    const messages = await repo.unreadStaffMessages(ctx.chat_id, ctx.last_read_message_id ?? 0, MAX_MESSAGES);
    if (messages.length === 0) {
      await repo.close(ctx.chat_id);
      return false;
    }
    const linkId = randomBytes(16).toString('base64url');
    const expires = at + options.linkTtl * 1000;
    const token = await auth.purposeToken('sign-in-link', ctx.customer_id, linkId, Math.floor(expires / 1000));
    const unsubscribeToken = await auth.purposeToken('unsubscribe', ctx.customer_id, randomBytes(8).toString('base64url'), Math.floor(at / 1000) + UNSUBSCRIBE_TTL);
    const unsubscribeUrl = `${base()}/api/v1/follow-ups/unsubscribe?token=${unsubscribeToken}`;
    const content = { salonName: ctx.salon_name, customerName: ctx.customer_name, messages, link: linkTo(ctx.widget_url, token), publicUrl: base(), timeZone: ctx.timezone };
    const common = { recipient: to.to, sender_name: ctx.salon_name, dedupe_key: `follow-up:${ctx.chat_id}:${row.first_message_id}`, salon_id: ctx.salon_id, chat_id: ctx.chat_id, customer_id: ctx.customer_id };
    const item =
      to.channel === 'email'
        ? (() => {
            const mail = followUpMail({ ...content, unsubscribeUrl });
            const headers = { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
            return { ...common, channel: 'email' as const, subject: mail.subject, text_body: mail.text, html_body: mail.html, headers: JSON.stringify(headers) };
          })()
        : { ...common, channel: 'sms' as const, subject: null, text_body: followUpSms(content), html_body: null, headers: null };
    await repo.createLink({ id: linkId, customer_id: ctx.customer_id, chat_id: ctx.chat_id, expires_at: expires });
    return (await repo.queue(ctx.chat_id, at, item)) != null;
  }

  /** Decides what a due period comes to: closed (read), later (online), skipped (no way to reach), or a follow-up. */
  async function settle(row: FollowUpRow): Promise<boolean> {
    const ctx = await repo.context(row.chat_id);
    if (!ctx || ctx.unread_count === 0 || (ctx.last_read_message_id ?? 0) >= row.first_message_id) {
      await repo.close(row.chat_id);
      return false;
    }
    const at = Date.now();
    if (online.isOnline({ type: 'customer', id: ctx.customer_id })) {
      await repo.postpone(row.chat_id, at + delayOf(ctx));
      return false;
    }
    const to = contactOf(ctx);
    if (!to || ctx.follow_ups_off_at != null || !options.channels.includes(to.channel)) {
      await repo.skip(row.chat_id);
      return false;
    }
    return compose(row, ctx, to, at);
  }

  async function scan(): Promise<void> {
    let queued = false;
    for (const row of await repo.due(Date.now(), BATCH)) {
      try {
        if (await settle(row)) queued = true;
      } catch (err) {
        logger.error({ err, chat: row.chat_id }, 'follow-up: could not be prepared');
      }
    }
    if (queued) sender.kick();
  }

  function tick(): void {
    scanning = scan()
      .catch((err: unknown) => logger.error({ err }, 'follow-ups: scan failed'))
      .finally(() => {
        scanning = undefined;
        if (timer) timer = setTimeout(tick, options.scanMs);
      });
  }

  return {
    enabled,

    start(): void {
      if (!enabled) return;
      timer = setTimeout(tick, options.scanMs);
      sender.start();
    },

    async stop(): Promise<void> {
      clearTimeout(timer);
      timer = undefined;
      await scanning;
      await sender.stop();
    },

    /** Staff wrote in a chat (committed): its quiet period opens here unless it is open already. */
    staffWrote(chatId: number, messageId: number): Promise<void> {
      if (!enabled) return Promise.resolve();
      return (async () => {
        const ctx = await repo.context(chatId);
        if (ctx) await repo.open({ chat_id: chatId, customer_id: ctx.customer_id, first_message_id: messageId, due_at: Date.now() + delayOf(ctx) });
      })().catch((err: unknown) => logger.error({ err, chat: chatId }, 'follow-up: could not open the quiet period'));
    },

    /** The customer read in a chat: with nothing left unread the period closes, and a follow-up not yet taken is cancelled. */
    customerRead(chatId: number, unread: number): Promise<void> {
      if (!enabled || unread > 0) return Promise.resolve();
      return (async () => {
        const outboxId = await repo.close(chatId);
        if (outboxId != null) await outbox.cancel(outboxId, 'the customer read the replies first');
      })().catch((err: unknown) => logger.error({ err, chat: chatId }, 'follow-up: could not close the quiet period'));
    },

    /** Uses a link back up: the customer's sign-in, as a login answers it, and the chat to open. */
    async exchange(token: string): Promise<TokenResponse & { chat_id: number }> {
      const { customerId, jti } = await auth.purposeClaims(token, 'sign-in-link');
      const use = await repo.useLink(jti, Date.now());
      if (!use.used) {
        if (use.why === 'unknown') throw unauthorized('this link is not valid');
        throw new AppError(410, 'gone', use.why === 'used' ? 'this link was already used: sign in or start the chat again from the salon\'s page' : 'this link has expired: start the chat again from the salon\'s page');
      }
      if (use.customer_id !== customerId) throw unauthorized('this link is not valid');
      return { ...(await auth.signInCustomer(customerId)), chat_id: use.chat_id! };
    },

    /** One-click unsubscribe: the customer gets no more follow-ups, not even one queued already. */
    async unsubscribe(token: string): Promise<void> {
      const { customerId } = await auth.purposeClaims(token, 'unsubscribe');
      await repo.optOut(customerId, Date.now());
      await outbox.cancelForCustomer(customerId, 'the customer unsubscribed');
    },

    /** The salon's mails and texts kept in the local mailbox (development and demo), newest first. */
    async mailbox(actor: Actor, limit: number) {
      if (!options.channels.length) throw forbidden('follow-ups are off on this server');
      return (await outbox.mailbox(actor.salonId!, limit)).map(mailView);
    },

    /** Forgets links past their expiry. */
    forgetExpiredLinks: () => repo.forgetLinks(Date.now()),
  };
}

export type FollowUpService = ReturnType<typeof followUpService>;
