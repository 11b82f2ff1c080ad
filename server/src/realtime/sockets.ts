import type { Duplex } from 'node:stream';
import { CLOSE, LIMITS, decodeClientFrame, type ClientFrame, type ErrorCode } from '@salon-chat/protocol';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { participantKey, type Actor } from '../domain.ts';
import { AppError } from '../errors.ts';
import type { ChatRef } from '../services/messages.ts';
import type { Audience, Broker } from './broker.ts';
import type { Commands, Session } from './commands.ts';
import { closeWithin } from './closing.ts';
import type { Fanout } from './fanout.ts';
import type { OnlineView } from './online.ts';
import type { Presence } from './presence.ts';
import { ABUSE_SECONDS, type AccountBudget, type AccountBudgets } from './account-budgets.ts';
import { TokenBucket } from './rate-limit.ts';
import type { Connection, ConnectionRegistry } from './registry.ts';

export interface SocketLimits {
  /** Frames and frame bytes a second, per socket and for all the sockets of an account. */
  framesPerSecond: number;
  bytesPerSecond: number;
  accountFramesPerSecond: number;
  accountBytesPerSecond: number;
  /** `join_chat`/`leave_chat` have their own budget, ten seconds of it in a burst, so an inbox of thousands joins at once. */
  joinsPerSecond: number;
  socketsPerAccount: number;
  /** Messages, reads and new chats an account may send a second, over WebSocket and REST together. */
  messagesPerSecond: number;
}

export interface SocketDeps {
  registry: ConnectionRegistry;
  broker: Broker;
  fanout: Fanout;
  online: OnlineView;
  commands: Commands;
  presence: Presence;
  logger: Logger;
  heartbeatMs: number;
  /** How long a socket being closed waits for the client's close frame before it is dropped. */
  closeTimeoutMs: number;
  limits: SocketLimits;
  /** What each account may spend, whichever of its sockets and requests spends it. */
  budgets: AccountBudgets;
}

interface LiveConnection extends Connection {
  session: Session;
  /** The client's address, as its upgrade request gave it. */
  address: string;
  alive: boolean;
  frames: TokenBucket;
  bytes: TokenBucket;
  joins: TokenBucket;
  account: AccountBudget;
  queue: Promise<void>;
  /** When the last `rate_limited` error went out. */
  lastRefusal: number;
}

/** A refused frame weighs one, and one more for each of these many bytes. */
const REFUSAL_BYTES = 16 * 1024;

/**
 * The open sockets: their frames run one after another through the commands, within the
 * socket's and the account's budgets; fan-out from the broker; a heartbeat that drops sockets
 * that stopped answering.
 */
export function createSockets({ registry, broker, fanout, online, commands, presence, logger, heartbeatMs, closeTimeoutMs, limits, budgets }: SocketDeps) {
  let nextId = 1;
  let closing = false;
  const background = new Set<Promise<void>>();
  /** Runs work no frame waits for (commits under way, presence), so that close() can let it finish first. */
  const inBackground = (work: Promise<unknown>, what: string, failed = (err: unknown) => logger.error({ err }, `${what} failed`)) => {
    const tracked = work.then(() => undefined, failed).finally(() => background.delete(tracked));
    background.add(tracked);
  };

  const { send } = fanout;

  const fail = (conn: Connection, code: ErrorCode, error: string, about: { chat_id?: number; client_message_id?: string | null } = {}) =>
    send(conn, { type: 'error', error, code, ...about });

  /** An `error` frame for a frame that failed, naming its chat and message. */
  function answerError(conn: Connection, frame: ClientFrame, err: unknown): void {
    const about = {
      ...(frame.type !== 'ping' ? { chat_id: frame.chat_id } : {}),
      ...(frame.type === 'send_message' && frame.client_message_id ? { client_message_id: frame.client_message_id } : {}),
    };
    if (err instanceof AppError) return fail(conn, err.code, err.message, about);
    logger.error({ err, frame: frame.type }, 'frame failed');
    fail(conn, 'internal', 'the server could not process this frame', about);
  }

  const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
  const framesRefused = `too many frames: at most ${limits.framesPerSecond} frames and ${kib(limits.bytesPerSecond)} a second on a socket, ${limits.accountFramesPerSecond} and ${kib(limits.accountBytesPerSecond)} on all the sockets of an account`;
  const messagesRefused = `too many messages and reads: at most ${limits.messagesPerSecond} a second for an account`;

  /**
   * An account's budgets are shared by its sockets on every node: this node spends its share of
   * them, a frame here weighing as much more as the account has sockets elsewhere.
   */
  const accountWeight = (actor: Actor) => {
    const here = registry.socketCount(actor);
    return (here + online.socketsElsewhere(actor)) / here;
  };

  const unsubscribe = broker.subscribe(fanout.deliver);
  const unwatch = online.onRemoteChange((who) => !closing && inBackground(presence.announce(who), 'presence'));

  /**
   * Frames of a connection run one after another, errors included, so answers keep their order.
   * A frame over the soft size limit is answered without being decoded.
   */
  function onFrame(conn: LiveConnection, data: RawData, isBinary: boolean) {
    const size = (data as Buffer).length;
    const oversize = size > LIMITS.maxFrameBytes;
    const decoded = isBinary || oversize ? undefined : decodeClientFrame(data.toString());
    const frame = decoded?.ok ? decoded.frame : undefined;
    const membership = frame?.type === 'join_chat' || frame?.type === 'leave_chat' ? frame.chat_id : undefined;
    const weight = accountWeight(conn.actor);
    const counted = membership === undefined ? conn.frames.take() && conn.account.frames.take(weight) : conn.joins.take();
    if (!counted || !conn.bytes.take(size) || !conn.account.bytes.take(size * weight)) {
      if (membership === undefined) return refuse(conn, size, framesRefused);
      return refuse(conn, size, `too many joins: at most ${limits.joinsPerSecond} a second`, { chat_id: membership });
    }
    // A message or a read also draws on the account's budget of them, shared with its REST requests;
    // a guest's message also on what the guests of its address may send in a day.
    if (frame?.type === 'send_message' || frame?.type === 'read_message') {
      const about = frame.type === 'send_message' ? { chat_id: frame.chat_id, ...(frame.client_message_id ? { client_message_id: frame.client_message_id } : {}) } : undefined;
      if (!conn.account.messages.take(weight)) return refuse(conn, size, messagesRefused, about);
      if (about && conn.actor.guestOf !== undefined && !budgets.guestMessage(conn.address).ok) return refuse(conn, size, budgets.guestMessagesRefused, about);
    }
    conn.queue = conn.queue.then(async () => {
      if (oversize) return fail(conn, 'frame_too_large', `frame larger than ${LIMITS.maxFrameBytes} bytes`);
      if (!decoded) return fail(conn, 'bad_frame', 'frames must be JSON text');
      if (!decoded.ok) return fail(conn, decoded.code, decoded.error);
      try {
        await commands(conn.session, decoded.frame);
      } catch (err) {
        answerError(conn, decoded.frame, err);
      }
    });
  }

  /**
   * Drops a frame over a budget, and the socket closes (1013) when its account goes on faster
   * than the rate forgives it (on any of its sockets, before or after a reconnect). A refused
   * join, leave or message is answered with its `chat_id` and `client_message_id` (`about`), so
   * the client knows which to send again; other frames get one `rate_limited` error a second.
   */
  function refuse(conn: LiveConnection, size: number, error: string, about?: { chat_id: number; client_message_id?: string }) {
    if (!conn.account.tolerance.take(Math.min(1 + Math.floor(size / REFUSAL_BYTES), limits.framesPerSecond * ABUSE_SECONDS))) {
      logger.warn({ conn: conn.id, participant: participantKey(conn.actor) }, 'closing a socket that keeps sending over its limits');
      return closeWithin(conn.socket, closeTimeoutMs, CLOSE.tryAgainLater, 'rate limit exceeded');
    }
    if (about) {
      conn.queue = conn.queue.then(() => fail(conn, 'rate_limited', error, about));
      return;
    }
    const now = performance.now();
    if (now - conn.lastRefusal < 1000) return;
    conn.lastRefusal = now;
    conn.queue = conn.queue.then(() => fail(conn, 'rate_limited', error));
  }

  const heartbeat = setInterval(() => {
    for (const conn of registry.connections() as Iterable<LiveConnection>) {
      if (!conn.alive) {
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    /** Why the actor may not open one more socket, or null. */
    refusal: (actor: Actor) =>
      registry.socketCount(actor) + online.socketsElsewhere(actor) >= limits.socketsPerAccount
        ? `too many open sockets for this account: at most ${limits.socketsPerAccount}`
        : null,

    /** Takes an authenticated socket: says `connected`, runs its frames, and tells the others it is online. */
    accept(socket: WebSocket, actor: Actor, stream: Duplex, address: string): void {
      const session: Session = {
        get conn() {
          return conn;
        },
        chats: new Map<number, ChatRef>(),
        send: (frame) => send(conn, frame),
        isOpen: () => socket.readyState === socket.OPEN,
        later: (work, frame) => inBackground(work, 'a message', (err) => answerError(conn, frame, err)),
      };
      const conn: LiveConnection = {
        id: nextId++,
        socket,
        stream,
        actor,
        address,
        joined: new Set(),
        session,
        alive: true,
        frames: new TokenBucket(limits.framesPerSecond),
        bytes: new TokenBucket(limits.bytesPerSecond),
        joins: new TokenBucket(limits.joinsPerSecond, limits.joinsPerSecond * 10),
        account: budgets.of(actor),
        queue: Promise.resolve(),
        lastRefusal: -Infinity,
      };
      registry.add(conn);
      conn.account.sockets++;
      const cameOnline = online.opened(actor, registry.socketCount(actor));
      send(conn, { type: 'connected', participant_type: actor.type, participant_id: actor.id, name: actor.name });
      if (cameOnline && !closing) inBackground(presence.announce(actor), 'presence');

      socket.on('pong', () => (conn.alive = true));
      socket.on('message', (data, isBinary) => onFrame(conn, data, isBinary));
      socket.on('error', (err) => logger.debug({ err, conn: conn.id }, 'socket error'));
      socket.on('close', () => {
        conn.account.sockets--;
        presence.closed(conn);
        if (online.closed(actor, registry.socketCount(actor)) && !closing) inBackground(presence.announce(actor), 'presence');
      });
    },

    /** Closes the sockets the audiences name (all without them); their clients reconnect and fetch the state anew. */
    disconnect(code: number, reason: string, audiences?: Audience[]): void {
      const named = audiences ? new Set(audiences.flatMap((audience) => [...registry.resolve(audience)])) : registry.connections();
      for (const conn of named) closeWithin(conn.socket, closeTimeoutMs, code, reason);
    },

    /** Closes every socket with 1001, stops the heartbeat, and lets the work under way finish. */
    async close(): Promise<void> {
      closing = true;
      clearInterval(heartbeat);
      unsubscribe();
      unwatch();
      const open = [...registry.connections()] as LiveConnection[];
      const closed = open.map(
        (conn) =>
          new Promise<void>((resolve) => {
            conn.socket.once('close', () => resolve());
            closeWithin(conn.socket, closeTimeoutMs, CLOSE.goingAway, 'server shutting down');
          }),
      );
      await Promise.all(closed);
      await Promise.all([...open.map((conn) => conn.queue), ...background]);
    },
  };
}
