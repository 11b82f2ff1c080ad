import type { PushSubscriptionJson } from '@salon-chat/protocol';
import type { Logger } from 'pino';
import webpush, { WebPushError } from 'web-push';
import { makeVapidKeys, type PushConfig, type VapidKeys } from '../config.ts';
import type { Actor, ParticipantKey } from '../domain.ts';
import { invalid, notFound } from '../errors.ts';
import type { PushRepo, PushSubscriptionRow } from '../repos/push.ts';
import { isPrivateAddress, publicAgent } from './public-network.ts';

export interface PushDeps {
  repo: PushRepo;
  /** Which of these staff have a socket open on the chat, on any node: they see the message there, no notification. */
  watching: (chatId: number, who: ParticipantKey[]) => Promise<ParticipantKey[]>;
  logger: Logger;
}

/** What a notification carries, encrypted for the device: no more than a glance needs. */
export interface PushPayload {
  chat_id: number;
  name: string;
  preview: string;
}

const PREVIEW_CHARS = 120;
/** Devices one staff member may have notified: a new one beyond replaces their oldest. */
export const DEVICES_PER_STAFF = 10;
const VAPID_HOURS = 12;

/**
 * Web Push to the salons' staff: browsers subscribe per staff member and device; a customer's
 * messages notify the chat's assignee (the salon's staff while nobody is) unless they have the
 * chat open. A chat's burst of messages makes one notification, sent after the first waits
 * `coalesceMs`, under one `Topic` so a push service holding an older one replaces it. Sends run
 * in the background, a few at once; a subscription its push service says is gone is forgotten.
 */
export function pushService({ repo, watching, logger }: PushDeps, options: PushConfig) {
  // The pair given, else the deployment's: read once, asked again after a failure.
  let pair: Promise<VapidKeys> | undefined;
  const vapid = () =>
    (pair ??= options.vapid
      ? Promise.resolve(options.vapid)
      : repo.vapidKeys(() => makeVapidKeys(options.keyFile)).catch((error: unknown) => {
          pair = undefined;
          throw error;
        }));
  // A VAPID signature is most of a send's cost: each push service's origin gets one for 12 hours, renewed after 11.
  const signatures = new Map<string, { authorization: string; renewAt: number }>();
  function vapidAuthorization(endpoint: string, keys: VapidKeys): string {
    const { origin } = new URL(endpoint);
    const now = Date.now();
    let known = signatures.get(origin);
    if (!known || known.renewAt <= now) {
      const expires = Math.floor(now / 1000) + VAPID_HOURS * 3600;
      const { Authorization } = webpush.getVapidHeaders(origin, options.subject, keys.publicKey, keys.privateKey, 'aes128gcm', expires);
      known = { authorization: Authorization, renewAt: now + (VAPID_HOURS - 1) * 3600 * 1000 };
      signatures.set(origin, known);
    }
    return known.authorization;
  }
  const waiting = new Map<number, NodeJS.Timeout>();
  const queue: (() => Promise<void>)[] = [];
  let sending = 0;
  let looking = 0;
  const idle: (() => void)[] = [];
  const isIdle = () => sending === 0 && looking === 0 && queue.length === 0 && waiting.size === 0;

  function pump(): void {
    while (sending < options.concurrency && queue.length > 0) {
      const job = queue.shift()!;
      sending++;
      void job().finally(() => {
        sending--;
        pump();
      });
    }
    if (isIdle()) for (const resolve of idle.splice(0)) resolve();
  }

  /** Whether the server may send to `endpoint`: a push service on the internet, unless private endpoints are allowed. */
  const reachable = (endpoint: string) => options.privateEndpoints || !isPrivateAddress(new URL(endpoint).hostname);

  async function send(sub: PushSubscriptionRow, payload: PushPayload, chatId: number): Promise<void> {
    if (!reachable(sub.endpoint)) {
      logger.warn({ subscription: sub.id }, 'push endpoint on a private address: not sent');
      return;
    }
    try {
      await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, JSON.stringify(payload), {
        ...(options.privateEndpoints ? {} : { agent: publicAgent }),
        headers: { Authorization: vapidAuthorization(sub.endpoint, await vapid()) },
        TTL: options.ttl,
        topic: `chat-${chatId}`,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
        timeout: 10_000,
      });
    } catch (error) {
      if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) {
        await repo.expire(sub.id);
        logger.info({ subscription: sub.id, status: error.statusCode }, 'push subscription gone: removed');
      } else {
        logger.warn({ subscription: sub.id, err: error instanceof WebPushError ? { status: error.statusCode, body: error.body } : error }, 'push failed');
      }
    }
  }

  async function notify(chatId: number): Promise<void> {
    const target = await repo.target(chatId);
    if (!target) return;
    const all = await repo.ofStaff(target.salon_id, target.assignee_id);
    const staff = [...new Set(all.map((s) => s.user_id))].map((id): ParticipantKey => ({ type: 'user', id }));
    const open = new Set((await watching(chatId, staff)).map((w) => w.id));
    const subs = all.filter((s) => !open.has(s.user_id));
    const payload: PushPayload = { chat_id: chatId, name: target.customer_name ?? 'Customer', preview: (target.preview ?? '').slice(0, PREVIEW_CHARS) };
    for (const sub of subs) queue.push(() => send(sub, payload, chatId));
  }

  return {
    publicKey: async () => ({ public_key: (await vapid()).publicKey }),

    async subscribe(actor: Actor, sub: PushSubscriptionJson): Promise<void> {
      if (!reachable(sub.endpoint)) throw invalid('endpoint must be a push service on the internet, not a private address');
      await repo.save(actor.id, { endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth }, Date.now(), DEVICES_PER_STAFF);
    },

    async unsubscribe(actor: Actor, endpoint: string): Promise<void> {
      if (!(await repo.remove(actor.id, endpoint))) throw notFound('subscription');
    },

    /** A customer wrote in the chat: its notification goes once the burst's window closes. */
    customerWrote(chatId: number): void {
      if (waiting.has(chatId)) return;
      const timer = setTimeout(() => {
        waiting.delete(chatId);
        looking++;
        notify(chatId)
          .catch((error: unknown) => logger.warn({ err: error, chat: chatId }, 'push: could not read whom to notify'))
          .finally(() => {
            looking--;
            pump();
          });
      }, options.coalesceMs);
      timer.unref();
      waiting.set(chatId, timer);
    },

    /** Resolves once every notification due has been sent (or failed). */
    settled(): Promise<void> {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },

    /** Drops the notifications not yet sent and waits for those under way (shutdown). */
    close(): Promise<void> {
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
      queue.length = 0;
      pump();
      return this.settled();
    },
  };
}

export type PushService = ReturnType<typeof pushService>;
