import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  CLOSE,
  LIMITS,
  WS_PATHS,
  decodeClientFrame,
  type ClientFrame,
  type ErrorCode,
  type ParticipantType,
  type ServerFrame,
} from '@salon-chat/protocol';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { participantKey, type Actor } from '../domain.ts';
import { AppError } from '../errors.ts';
import type { AuthService } from '../services/auth.ts';
import type { ChatService } from '../services/chats.ts';
import type { ChatRef, MessageService } from '../services/messages.ts';
import type { Broker } from './broker.ts';
import { TokenBucket } from './rate-limit.ts';
import type { Connection, ConnectionRegistry } from './registry.ts';

export interface GatewayDeps {
  auth: AuthService;
  chatService: ChatService;
  messageService: MessageService;
  registry: ConnectionRegistry;
  broker: Broker;
  logger: Logger;
  heartbeatMs: number;
  limits: SocketLimits;
}

export interface SocketLimits {
  /** Frames and frame bytes a second, per socket and for all the sockets of an account. */
  framesPerSecond: number;
  bytesPerSecond: number;
  accountFramesPerSecond: number;
  accountBytesPerSecond: number;
  /** `join_chat`/`leave_chat` have their own budget, ten seconds of it in a burst, so an inbox of thousands joins at once. */
  joinsPerSecond: number;
  socketsPerAccount: number;
}

/** What all the sockets of one account share. */
interface AccountBudget {
  frames: TokenBucket;
  bytes: TokenBucket;
}

interface LiveConnection extends Connection {
  alive: boolean;
  /** The chats this socket joined, as `join_chat` found them when it proved access. */
  chats: Map<number, ChatRef>;
  frames: TokenBucket;
  bytes: TokenBucket;
  joins: TokenBucket;
  account: AccountBudget;
  /** Refused frames the socket may still send before it is closed; refills at the frame rate. */
  tolerance: TokenBucket;
  queue: Promise<void>;
  /** When the last `rate_limited` error went out. */
  lastRefusal: number;
}

const SIDES: Record<string, ParticipantType> = { [WS_PATHS.user]: 'user', [WS_PATHS.customer]: 'customer' };
/** The hard ceiling: `ws` closes with 1009 above it. Frames between the soft limit and this get an `error`, undecoded. */
const MAX_PAYLOAD = 256 * 1024;
/** A client that leaves this much unread in its socket is too slow to keep. */
const MAX_BUFFERED = 8 * 1024 * 1024;
/** Refused frames, in seconds' worth of the rate and net of what the rate gives back, after which the socket is closed. */
const ABUSE_SECONDS = 10;
/** A refused frame weighs one, and one more for each of these many bytes. */
const REFUSAL_BYTES = 16 * 1024;

/** The WebSocket side of the guide: authenticates sockets, runs their frames, delivers fan-out. */
export function createGateway(deps: GatewayDeps) {
  const { auth, chatService, messageService, registry, broker, logger, limits } = deps;
  const accounts = new Map<string, AccountBudget>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  let nextId = 1;
  let closing = false;
  const background = new Set<Promise<void>>();
  /** Runs work no frame waits for (commits under way, presence), so that close() can let it finish first. */
  const inBackground = (work: Promise<void>, what: string) => {
    const tracked = work.catch((err) => logger.error({ err }, `${what} failed`)).finally(() => background.delete(tracked));
    background.add(tracked);
  };

  const send = (conn: Connection, frame: ServerFrame | string) => {
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    if (conn.socket.bufferedAmount > MAX_BUFFERED) {
      logger.warn({ conn: conn.id }, 'dropping a socket that does not read');
      return conn.socket.terminate();
    }
    conn.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };

  const fail = (conn: Connection, code: ErrorCode, error: string, about: { chat_id?: number; client_message_id?: string | null } = {}) =>
    send(conn, { type: 'error', error, code, ...about });

  const unsubscribe = broker.subscribe((audience, frame) => {
    const targets = registry.resolve(audience);
    if (targets.size === 0) return;
    const data = JSON.stringify(frame);
    for (const conn of targets) send(conn, data);
  });

  /** Tells the sockets in the actor's chats whether it is online, as it is when the frame goes out. */
  async function announcePresence(actor: Actor) {
    if (closing) return;
    const watched = (await chatService.chatIdsOf(actor)).filter((chatId) => registry.hasRoom(chatId));
    if (watched.length === 0) return;
    const onlineIn = await chatService.onlineParticipants(watched);
    const online = registry.isOnline(actor);
    for (const [chatId, who] of onlineIn) {
      broker.publish(
        { chatId, except: actor },
        { type: 'presence', chat_id: chatId, participant_type: actor.type, participant_id: actor.id, online, ...who },
      );
    }
  }

  function requireJoined(conn: Connection, chatId: number): void {
    if (!conn.joined.has(chatId)) throw new AppError(409, 'not_joined', `join chat ${chatId} before using it (send join_chat)`);
  }

  async function handle(conn: LiveConnection, frame: ClientFrame): Promise<void> {
    const { actor } = conn;
    switch (frame.type) {
      case 'ping':
        return send(conn, { type: 'pong', timestamp: new Date().toISOString() });
      case 'join_chat': {
        const chat = await chatService.accessible(actor, frame.chat_id);
        if (conn.socket.readyState !== conn.socket.OPEN) return;
        conn.chats.set(chat.id, { id: chat.id, salon_id: chat.salon_id });
        if (registry.join(conn, frame.chat_id)) {
          broker.publish(
            { chatId: frame.chat_id, except: actor },
            { type: 'user_joined', chat_id: frame.chat_id, participant_type: actor.type, participant_id: actor.id },
          );
        }
        const online = await chatService.onlineParticipants([frame.chat_id]);
        return send(conn, { type: 'joined_chat', chat_id: frame.chat_id, ...online.get(frame.chat_id)! });
      }
      case 'leave_chat':
        conn.chats.delete(frame.chat_id);
        if (registry.leave(conn, frame.chat_id)) {
          broker.publish(
            { chatId: frame.chat_id, except: actor },
            { type: 'user_left', chat_id: frame.chat_id, participant_type: actor.type, participant_id: actor.id },
          );
        }
        return send(conn, { type: 'left_chat', chat_id: frame.chat_id });
      case 'send_message': {
        requireJoined(conn, frame.chat_id);
        const { type: _type, chat_id, ...draft } = frame;
        // The socket's next frames need not wait for the commit: the message has its place in the queue.
        const { sent } = await messageService.submit(actor, chat_id, draft, conn.chats.get(chat_id));
        inBackground(
          sent.then(
            ({ message, duplicate }) => void (duplicate && send(conn, { type: 'message', message, client_message_id: message.client_message_id })),
            (err: unknown) => answerError(conn, frame, err),
          ),
          'a message',
        );
        return;
      }
      case 'typing':
        requireJoined(conn, frame.chat_id);
        return broker.publish(
          { chatId: frame.chat_id, except: actor },
          { type: 'typing', chat_id: frame.chat_id, participant_type: actor.type, participant_id: actor.id, is_typing: frame.is_typing },
        );
      case 'read_message':
        requireJoined(conn, frame.chat_id);
        await messageService.markRead(actor, frame.chat_id, { upTo: frame.message_id });
        return;
    }
  }

  /**
   * Frames of a connection run one after another, errors included, so answers keep their order.
   * A frame over the soft size limit is answered without being decoded.
   */
  function onFrame(conn: LiveConnection, data: RawData, isBinary: boolean) {
    const size = (data as Buffer).length;
    const oversize = size > LIMITS.maxFrameBytes;
    const decoded = isBinary || oversize ? undefined : decodeClientFrame(data.toString());
    const membership = decoded?.ok && (decoded.frame.type === 'join_chat' || decoded.frame.type === 'leave_chat') ? decoded.frame.chat_id : undefined;
    const counted = membership === undefined ? conn.frames.take() && conn.account.frames.take() : conn.joins.take();
    if (!counted || !conn.bytes.take(size) || !conn.account.bytes.take(size)) return refuse(conn, size, membership);
    conn.queue = conn.queue.then(async () => {
      if (oversize) return fail(conn, 'frame_too_large', `frame larger than ${LIMITS.maxFrameBytes} bytes`);
      if (!decoded) return fail(conn, 'bad_frame', 'frames must be JSON text');
      if (!decoded.ok) return fail(conn, decoded.code, decoded.error);
      try {
        await handle(conn, decoded.frame);
      } catch (err) {
        answerError(conn, decoded.frame, err);
      }
    });
  }

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

  /**
   * Drops a frame over a budget, and the socket closes (1008) when that goes on faster than the
   * rate forgives it. A refused join or leave is answered with its `chat_id`, so the client knows
   * which to send again; other frames get one `rate_limited` error a second.
   */
  function refuse(conn: LiveConnection, size: number, chatId?: number) {
    if (!conn.tolerance.take(Math.min(1 + Math.floor(size / REFUSAL_BYTES), limits.framesPerSecond * ABUSE_SECONDS))) {
      logger.warn({ conn: conn.id, participant: participantKey(conn.actor) }, 'closing a socket that keeps sending over its limits');
      return conn.socket.close(CLOSE.policyViolation, 'rate limit exceeded');
    }
    if (chatId !== undefined) {
      conn.queue = conn.queue.then(() => fail(conn, 'rate_limited', `too many joins: at most ${limits.joinsPerSecond} a second`, { chat_id: chatId }));
      return;
    }
    const now = performance.now();
    if (now - conn.lastRefusal < 1000) return;
    conn.lastRefusal = now;
    const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
    conn.queue = conn.queue.then(() =>
      fail(
        conn,
        'rate_limited',
        `too many frames: at most ${limits.framesPerSecond} frames and ${kib(limits.bytesPerSecond)} a second on a socket, ${limits.accountFramesPerSecond} and ${kib(limits.accountBytesPerSecond)} on all the sockets of an account`,
      ),
    );
  }

  function budgetOf(actor: Actor): AccountBudget {
    const key = participantKey(actor);
    let budget = accounts.get(key);
    if (!budget) {
      budget = { frames: new TokenBucket(limits.accountFramesPerSecond), bytes: new TokenBucket(limits.accountBytesPerSecond) };
      accounts.set(key, budget);
    }
    return budget;
  }

  function onConnection(socket: WebSocket, actor: Actor) {
    const conn: LiveConnection = {
      id: nextId++,
      socket,
      actor,
      joined: new Set(),
      chats: new Map(),
      alive: true,
      frames: new TokenBucket(limits.framesPerSecond),
      bytes: new TokenBucket(limits.bytesPerSecond),
      joins: new TokenBucket(limits.joinsPerSecond, limits.joinsPerSecond * 10),
      account: budgetOf(actor),
      tolerance: new TokenBucket(limits.framesPerSecond, limits.framesPerSecond * ABUSE_SECONDS),
      queue: Promise.resolve(),
      lastRefusal: -Infinity,
    };
    const cameOnline = registry.add(conn);
    send(conn, { type: 'connected', participant_type: actor.type, participant_id: actor.id, name: actor.name });
    if (cameOnline) inBackground(announcePresence(actor), 'presence');

    socket.on('pong', () => (conn.alive = true));
    socket.on('message', (data, isBinary) => onFrame(conn, data, isBinary));
    socket.on('error', (err) => logger.debug({ err, conn: conn.id }, 'socket error'));
    socket.on('close', () => {
      const joined = [...conn.joined];
      const wentOffline = registry.remove(conn);
      if (wentOffline) accounts.delete(participantKey(actor));
      for (const chatId of joined) {
        if (!registry.inChat(actor, chatId)) {
          broker.publish({ chatId, except: actor }, { type: 'user_left', chat_id: chatId, participant_type: actor.type, participant_id: actor.id });
        }
      }
      if (wentOffline) inBackground(announcePresence(actor), 'presence');
    });
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
  }, deps.heartbeatMs);
  heartbeat.unref();

  return {
    /** Takes over an HTTP upgrade on the two chat paths; false for any other path. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const side = SIDES[url.pathname.replace(/\/+$/, '')];
      if (!side) return false;
      const token = url.searchParams.get('token') ?? '';
      auth
        .authenticate(token)
        .then(
          (actor): { actor?: Actor; reason?: string } =>
            actor.type === side ? { actor } : { reason: `a ${actor.type} token cannot open the ${side} endpoint` },
          (err: unknown): { actor?: Actor; reason?: string } => ({
            reason: err instanceof AppError ? err.message : 'authentication failed',
          }),
        )
        .then((result) => {
          wss.handleUpgrade(req, socket, head, (ws) => {
            if (!result.actor) return ws.close(CLOSE.policyViolation, result.reason);
            if (registry.socketCount(result.actor) >= limits.socketsPerAccount) {
              return ws.close(CLOSE.policyViolation, `too many open sockets for this account: at most ${limits.socketsPerAccount}`);
            }
            onConnection(ws, result.actor);
          });
        })
        .catch((err) => {
          logger.error({ err }, 'upgrade failed');
          socket.destroy();
        });
      return true;
    },

    /** Closes every open socket; clients reconnect and fetch the state anew. */
    disconnectAll(code: number, reason: string): void {
      for (const conn of registry.connections()) conn.socket.close(code, reason);
    },

    /** Closes every socket with 1001 and stops the heartbeat. */
    async close(): Promise<void> {
      closing = true;
      clearInterval(heartbeat);
      unsubscribe();
      const open = [...registry.connections()] as LiveConnection[];
      const closed = open.map(
        (conn) =>
          new Promise<void>((resolve) => {
            conn.socket.once('close', () => resolve());
            conn.socket.close(CLOSE.goingAway, 'server shutting down');
            setTimeout(() => {
              conn.socket.terminate();
              resolve();
            }, 2000).unref();
          }),
      );
      await Promise.all(closed);
      await Promise.all([...open.map((conn) => conn.queue), ...background]);
      wss.close();
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;

