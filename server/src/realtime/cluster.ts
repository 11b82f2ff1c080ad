import type { ServerFrame } from '@salon-chat/protocol';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { fromParticipantKey, participantKey, type ParticipantKey } from '../domain.ts';
import { LocalBroker, type Audience, type Broker, type Order } from './broker.ts';
import { CatchUps } from './catch-up.ts';
import type { OnlineView } from './online.ts';
import { localLimiters, type Limiters } from './rate-limit.ts';
import type { ConnectionRegistry } from './registry.ts';
import { ChatSequencer } from './sequencer.ts';

/** How often a node tells the others who is online on it; three missed beats and it is gone. */
const BEAT_MS = 2000;
const MISSED_BEATS = 3;
/** How long a chat's message frame waits for the one before it, from another node. */
const HOLD_MS = 1000;
/** Past this many audiences reached alone, the other nodes are told that all their sockets missed frames. */
const MISSED_AUDIENCES = 1000;
/** How long a node waits for the others to say who has a chat open there; one that has not said counts as nobody. */
const ASK_MS = 500;

interface Envelope {
  audience: Audience;
  frame: ServerFrame;
  order?: Order;
}

/**
 * What a node says of its sockets: how many one participant has there now, all of them, or that
 * it leaves; or whom it sent frames to that only its own sockets received (every audience when
 * `audiences` is absent); or it asks which of some participants have a chat open on the others,
 * and answers the node that asked.
 */
type Note =
  | { kind: 'sockets'; who: string; count: number }
  | { kind: 'beat'; online: [string, number][] }
  | { kind: 'bye' }
  | { kind: 'alone'; audiences?: Audience[] }
  | { kind: 'ask'; ask: string; chatId: number; who: string[] }
  | { kind: 'answer'; ask: string; to: string; who: string[] };
type PresenceNote = Note & { node: string };

interface RemoteNode {
  expires: number;
  /** Open sockets by participant. */
  online: Map<string, number>;
}

export interface ClusterHealth {
  node: string;
  redis: 'up' | 'down';
  /** The nodes this one hears from, itself included. */
  nodes: number;
}

/**
 * A token bucket in Redis, refilled by Redis's clock: KEYS[1] the bucket; ARGV the tokens a
 * second, the burst, and the tokens to take (negative to give back). Answers whether they were
 * there and how many are left.
 */
const TAKE = `
local rate, burst, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local kept = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(kept[1]) or burst
local at = tonumber(kept[2]) or now
tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
local ok = 0
if tokens >= cost then
  tokens = math.min(burst, tokens - cost)
  ok = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return { ok, tostring(tokens) }
`;

export interface Cluster {
  broker: Broker;
  online: OnlineView;
  /** Limits that hold on all the nodes together; each node's own buckets while Redis is away. */
  limiters: Limiters;
  health(): ClusterHealth;
  /**
   * Calls `listener` when frames of the other nodes did not reach this node's sockets, whose
   * clients must then catch up: with no audiences when this node was without Redis (all its
   * sockets missed what the others sent meanwhile), with the audiences another node sent
   * frames to while it was without Redis, or with a chat whose next message never came. Not
   * more often than `CatchUps` allows (catch-up.ts): after a pause doubling from 1 s to 30 s
   * while they keep coming, the audiences asked for meanwhile together.
   */
  onMissed(listener: (audiences?: Audience[]) => void): void;
  /**
   * Which of these participants have a socket joined to the chat on any node: this node's at
   * once, the others' as they answer (within `ASK_MS`; asked only of nodes where one of them is online).
   */
  watching(chatId: number, who: ParticipantKey[]): Promise<ParticipantKey[]>;
  close(): Promise<void>;
}

/**
 * Several server nodes sharing one Redis: frames go out on one channel that every node
 * delivers to its own sockets (a chat's messages in their order, see sequencer.ts), and each
 * node says on another how many sockets each participant has open on it (a change at once,
 * everyone every two seconds), so every node knows who is online anywhere and how many sockets
 * an account holds in all; a node that stops saying so is gone within seconds. Limits that
 * must hold for the whole deployment (logins, failed logins) are token buckets in Redis.
 * Without Redis a node goes on alone: its frames reach its own sockets, and it joins the others
 * again, by itself, when Redis is back. Then each side's sockets that missed frames are told
 * (`onMissed`, and the server closes them with 1012) so that their clients reconnect and catch
 * up with `after_id`: all of this node's, and those of the others whom it sent frames to alone.
 * While Redis is away or comes and goes, these catch-ups (and so the rejoining, which is one)
 * wait for a pause that doubles each time, so that clients are not closed at every gap.
 */
export function joinCluster(url: string, { name, node, registry, logger }: { name: string; node: string; registry: ConnectionRegistry; logger: Logger }): Cluster {
  const FRAMES = `${name}:frames`;
  const PRESENCE = `${name}:presence`;
  const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2000);
  // Publishing never queues: while Redis is away a frame goes to this node's sockets at once.
  const pub = new Redis(url, { retryStrategy, enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 });
  // Subscribed anew on each connection, so that the node counts as connected only once it hears the channels.
  const sub = new Redis(url, { retryStrategy, maxRetriesPerRequest: null, autoResubscribe: false });
  const log = logger.child({ node });

  let subscribed = false;
  const ready = () => pub.status === 'ready' && sub.status === 'ready' && subscribed;
  /** Whether this node shares its frames with the others: Redis is ready, and its sockets caught up since it was last without. */
  let connected = false;
  let wasConnected = false;
  const missedListeners = new Set<(audiences?: Audience[]) => void>();
  const join = () => {
    connected = wasConnected = true;
    log.info('Redis reachable: this node shares its events with the others');
    tellAlone();
  };
  /**
   * Frames of these audiences (all, without) went by this node's sockets while it or another was
   * alone, or a chat's next message never came: where their chats stand is no longer known, and
   * their sockets catch up.
   */
  const catchUp = (audiences?: Audience[]) => {
    sequencer.forget(audiences?.flatMap((audience) => audience.chatId ?? []));
    missedListeners.forEach((listener) => listener(audiences));
  };
  /** While this node is alone, catch-ups come after a doubling pause (`CatchUps`), not at every gap. */
  const catchUps = new CatchUps(catchUp);
  /** Back with Redis, the node joins the others, and all its sockets catch up with what the others sent meanwhile. */
  const rejoins = new CatchUps(() => {
    if (connected || !ready()) return;
    join();
    catchUps.all();
  });
  /**
   * Without Redis the node is alone at once. When Redis is back it joins the others again: at
   * once after an outage, and while Redis comes and goes after the pause of `CatchUps`, alone
   * meanwhile (the others' frames are dropped, its own reach its sockets only).
   */
  const watch = () => {
    if (!ready()) {
      if (connected) log.warn('Redis unreachable: this node serves its own sockets only until it is back');
      connected = false;
      return;
    }
    if (connected) return;
    if (wasConnected) rejoins.ask();
    else join();
  };
  sub.on('ready', () => {
    sub.subscribe(FRAMES, PRESENCE).then(
      () => ((subscribed = true), watch()),
      (err) => log.error({ err }, 'could not subscribe to the cluster channels'),
    );
  });
  sub.on('close', () => (subscribed = false));
  for (const connection of [pub, sub]) {
    connection.on('ready', watch);
    connection.on('close', watch);
    connection.on('error', (err) => log.debug({ err }, 'Redis connection error'));
  }

  const here = new LocalBroker();
  // A chat whose message never came: its sockets here reconnect and fetch it, at once while the node
  // hears the others (a message whose node died), after the pause while it is alone (every chat
  // written on two nodes keeps missing frames).
  const sequencer = new ChatSequencer(
    (audience, frame) => here.publish(audience, frame),
    HOLD_MS,
    (chatId) => (connected ? (catchUp([{ chatId }]), true) : catchUps.ask([{ chatId }])),
  );

  const remote = new Map<string, RemoteNode>();
  const listeners = new Set<(who: ParticipantKey) => void>();
  const socketsElsewhere = (key: string) => {
    let sockets = 0;
    for (const known of remote.values()) sockets += known.online.get(key) ?? 0;
    return sockets;
  };
  const onlineElsewhere = (key: string) => socketsElsewhere(key) > 0;
  const onlineKey = (key: string) => registry.hasParticipant(key) || onlineElsewhere(key);

  /** Applies what another node said, and tells the listeners whose presence that changed. */
  function heard(keys: Iterable<string>, apply: () => void): void {
    const before = new Map([...keys].map((key) => [key, onlineKey(key)]));
    apply();
    for (const [key, was] of before) {
      if (onlineKey(key) !== was) for (const listener of listeners) listener(fromParticipantKey(key));
    }
  }
  const alive = (id: string): RemoteNode => {
    const known = remote.get(id) ?? { expires: 0, online: new Map<string, number>() };
    known.expires = Date.now() + BEAT_MS * MISSED_BEATS;
    remote.set(id, known);
    return known;
  };

  function onPresence(note: PresenceNote): void {
    if (note.node === node) return;
    switch (note.kind) {
      case 'sockets':
        return heard([note.who], () => {
          const { online } = alive(note.node);
          if (note.count > 0) online.set(note.who, note.count);
          else online.delete(note.who);
        });
      case 'beat': {
        const online = new Map(note.online);
        return heard(new Set([...(remote.get(note.node)?.online.keys() ?? []), ...online.keys()]), () => (alive(note.node).online = online));
      }
      case 'bye':
        return heard(remote.get(note.node)?.online.keys() ?? [], () => remote.delete(note.node));
      case 'alone':
        return void catchUps.ask(note.audiences);
      case 'ask':
        return say({ kind: 'answer', ask: note.ask, to: note.node, who: note.who.filter((key) => registry.inChat(fromParticipantKey(key), note.chatId)) });
      case 'answer': {
        const asked = asks.get(note.ask);
        if (note.to !== node || !asked) return;
        for (const key of note.who) asked.found.add(key);
        asked.waiting.delete(note.node);
        if (asked.waiting.size === 0) asked.done();
      }
    }
  }

  /** The questions of `watching` still open, by id: the nodes yet to answer, who was found so far. */
  const asks = new Map<string, { waiting: Set<string>; found: Set<string>; done: () => void }>();
  async function watching(chatId: number, who: ParticipantKey[]): Promise<ParticipantKey[]> {
    const found = new Set(who.filter((w) => registry.inChat(w, chatId)).map(participantKey));
    const elsewhere = who.map(participantKey).filter((key) => !found.has(key) && onlineElsewhere(key));
    const nodes = new Set([...remote].filter(([, known]) => elsewhere.some((key) => known.online.has(key))).map(([id]) => id));
    if (connected && nodes.size > 0) {
      const ask = randomUUID();
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          asks.delete(ask);
          resolve();
        };
        const timer = setTimeout(done, ASK_MS);
        asks.set(ask, { waiting: nodes, found, done });
        say({ kind: 'ask', ask, chatId, who: elsewhere });
      });
    }
    return [...found].map(fromParticipantKey);
  }

  sub.on('message', (channel: string, text: string) => {
    try {
      if (channel === FRAMES) {
        // Alone, this node's sockets miss the others' frames until they all catch up: none is delivered in between.
        if (!connected) return;
        const { audience, frame, order } = JSON.parse(text) as Envelope;
        return sequencer.push(audience, frame, order);
      }
      onPresence(JSON.parse(text) as PresenceNote);
    } catch (err) {
      log.error({ err, channel }, 'could not take a note from Redis');
    }
  });

  const say = (note: Note) => {
    if (ready()) pub.publish(PRESENCE, JSON.stringify({ ...note, node })).catch(() => {});
  };
  /** Whom this node sent frames to that only its own sockets received, until it can tell the others; 'all' past the bound. */
  let alone: Map<string, Audience> | 'all' = new Map();
  const deliverAlone = (audience: Audience, frame: ServerFrame, order?: Order) => {
    if (alone !== 'all') {
      alone.set(JSON.stringify(audience), audience);
      if (alone.size > MISSED_AUDIENCES) alone = 'all';
    }
    sequencer.push(audience, frame, order);
    if (connected) tellAlone();
  };
  function tellAlone(): void {
    if (alone !== 'all' && alone.size === 0) return;
    const note: PresenceNote = { kind: 'alone', audiences: alone === 'all' ? undefined : [...alone.values()], node };
    alone = new Map();
    pub.publish(PRESENCE, JSON.stringify(note)).catch(() => (alone = 'all'));
  }

  const beat = setInterval(() => {
    say({ kind: 'beat', online: registry.participantSockets() });
    const now = Date.now();
    for (const [id, known] of remote) {
      if (known.expires < now) heard(known.online.keys(), () => remote.delete(id));
    }
  }, BEAT_MS);
  beat.unref();

  const broker: Broker = {
    publish(audience, frame, order) {
      if (!connected) return deliverAlone(audience, frame, order);
      pub.publish(FRAMES, JSON.stringify({ audience, frame, order } satisfies Envelope)).catch(() => deliverAlone(audience, frame, order));
    },
    subscribe: (deliver) => here.subscribe(deliver),
    joinedAt: (chatId, seq) => sequencer.joinedAt(chatId, seq),
    close: async () => {
      clearInterval(beat);
      for (const asked of asks.values()) asked.done();
      catchUps.close();
      rejoins.close();
      say({ kind: 'bye' });
      sequencer.close();
      await here.close();
      await Promise.all([pub, sub].map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };

  const online: OnlineView = {
    isOnline: (who) => registry.isOnline(who) || onlineElsewhere(participantKey(who)),
    opened(who, here) {
      say({ kind: 'sockets', who: participantKey(who), count: here });
      return here === 1 && !onlineElsewhere(participantKey(who));
    },
    closed(who, here) {
      say({ kind: 'sockets', who: participantKey(who), count: here });
      return here === 0 && !onlineElsewhere(participantKey(who));
    },
    socketsElsewhere: (who) => socketsElsewhere(participantKey(who)),
    onRemoteChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  const limiters: Limiters = (what, perSecond, burst) => {
    const alone = localLimiters(what, perSecond, burst);
    const bucket = (key: string) => `${name}:limit:${what.replaceAll(' ', '-')}:${key}`;
    const run = (key: string, cost: number) => pub.eval(TAKE, 1, bucket(key), perSecond, burst, cost) as Promise<[number, string]>;
    return {
      async take(key) {
        if (!ready()) return alone.take(key);
        try {
          const [ok, left] = await run(key, 1);
          return { ok: ok === 1, waitMs: ok === 1 ? 0 : ((1 - Number(left)) / perSecond) * 1000 };
        } catch {
          return alone.take(key);
        }
      },
      async give(key) {
        if (!ready()) return alone.give(key);
        await run(key, -1).catch(() => alone.give(key));
      },
    };
  };

  return {
    broker,
    online,
    limiters,
    health: () => ({ node, redis: connected ? 'up' : 'down', nodes: 1 + remote.size }),
    onMissed: (listener) => void missedListeners.add(listener),
    watching,
    close: broker.close,
  };
}
