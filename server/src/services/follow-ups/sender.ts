import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { OutboxRepo } from '../../repos/outbox.ts';
import { SendFailure, type Carriers } from './carriers.ts';

export interface SenderOptions {
  /** This node, in the lease of what it sends. */
  nodeId: string;
  /** How long an attempt holds its item; one whose lease runs out is failed, never sent again. */
  leaseMs: number;
  /** Attempts an item gets before it is failed. */
  maxAttempts: number;
  /** The wait after a first failed attempt, doubled after each next one (at most an hour). */
  retryBaseMs: number;
  /** How often the outbox is looked at. */
  pollMs: number;
}

const MAX_BACKOFF_MS = 3600_000;
const BATCH = 20;
export const INTERRUPTED = 'interrupted: the node sending it stopped during the attempt, which may have delivered it, so it is not sent again';

/** The wait before attempt `attempts + 1`: doubling from `base`, with a tenth of jitter so that nodes spread out. */
export const backoff = (base: number, attempts: number) => Math.min(MAX_BACKOFF_MS, base * 2 ** (attempts - 1)) * (1 + Math.random() / 10);

/**
 * Sends the outbox: on each node, every `pollMs` and when told (`kick`). An item is leased by one
 * UPDATE before its transport is called (see `OutboxRepo.claim`), so of several nodes one sends
 * it. Delivery is at most once: an item whose sender died with the lease held may have left, and
 * is failed when its lease runs out rather than sent again; one that failed before leaving
 * (refused, 4xx, 429, 5xx) is tried again after a backoff.
 */
export function outboxSender(repo: OutboxRepo, carriers: Carriers, options: SenderOptions, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function attempt(id: number): Promise<void> {
    const owner = `${options.nodeId}:${randomBytes(6).toString('hex')}`;
    const at = Date.now();
    const item = await repo.claim(id, owner, at, at + options.leaseMs);
    if (!item) return;
    const carrier = carriers[item.channel];
    if (!carrier) {
      await repo.fail(id, owner, `no transport for ${item.channel} is configured`);
      return;
    }
    try {
      const delivery = await carrier.send(item);
      await repo.markSent(id, owner, { ...delivery, at: Date.now() });
      logger.info({ outbox: id, channel: item.channel, transport: delivery.transport }, 'follow-up sent');
    } catch (err) {
      const failure = err instanceof SendFailure ? err : new SendFailure((err as Error).message, false);
      if (failure.retriable && item.attempts < options.maxAttempts) {
        await repo.retryAt(id, owner, Date.now() + backoff(options.retryBaseMs, item.attempts), failure.message);
        logger.warn({ outbox: id, attempts: item.attempts, err: failure.message }, 'follow-up not sent: trying again later');
      } else {
        await repo.fail(id, owner, failure.message);
        logger.error({ outbox: id, attempts: item.attempts, err: failure.message }, 'follow-up failed');
      }
    }
  }

  async function drain(): Promise<void> {
    const abandoned = await repo.abandonExpired(Date.now(), INTERRUPTED);
    if (abandoned) logger.warn({ items: abandoned }, 'follow-ups whose sender stopped mid-way are failed, not sent again');
    for (;;) {
      const ids = await repo.due(Date.now(), BATCH);
      for (const id of ids) {
        if (stopped) return;
        await attempt(id);
      }
      if (ids.length < BATCH) return;
    }
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = drain()
      .catch((err: unknown) => logger.error({ err }, 'outbox: sending failed'))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        if (again) {
          again = false;
          run();
        } else timer = setTimeout(run, options.pollMs);
      });
  }

  return {
    start: run,
    /** Looks at the outbox now (an item was just queued). */
    kick: run,
    /** Takes no more items and waits for the attempt under way. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
      for (const carrier of Object.values(carriers)) carrier?.close?.();
    },
  };
}

export type OutboxSender = ReturnType<typeof outboxSender>;
