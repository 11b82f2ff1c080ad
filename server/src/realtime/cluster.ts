import type { ServerFrame } from '@salon-chat/protocol';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { fromParticipantKey, participantKey, type ParticipantKey } from '../domain.ts';
import { LocalBroker, type Audience, type Broker, type Order } from './broker.ts';
import type { OnlineView } from './online.ts';
import type { ConnectionRegistry } from './registry.ts';
import { ChatSequencer } from './sequencer.ts';

/** How often a node tells the others who is online on it; three missed beats and it is gone. */
const BEAT_MS = 2000;
const MISSED_BEATS = 3;
/** How long a chat's message frame waits for the one before it, from another node. */
const HOLD_MS = 1000;

interface Envelope {
  audience: Audience;
  frame: ServerFrame;
  order?: Order;
}

type Note = { kind: 'up' | 'down'; who: string } | { kind: 'beat'; online: string[] } | { kind: 'bye' };
type PresenceNote = Note & { node: string };

interface RemoteNode {
  expires: number;
  online: Set<string>;
}

export interface ClusterHealth {
  node: string;
  redis: 'up' | 'down';
  /** The nodes this one hears from, itself included. */
  nodes: number;
}

export interface Cluster {
  broker: Broker;
  online: OnlineView;
  health(): ClusterHealth;
  close(): Promise<void>;
}

/**
 * Several server nodes sharing one Redis: frames go out on one channel that every node
 * delivers to its own sockets (a chat's messages in their order, see sequencer.ts), and each
 * node says on another who is online on it (a change at once, everyone every two seconds), so
 * every node knows who is online anywhere; a node that stops saying so is gone within seconds.
 * Without Redis a node goes on alone: its frames reach its own sockets, and it joins the others
 * again, by itself, when Redis is back (clients elsewhere catch up with `after_id`).
 */
export function joinCluster(url: string, { name, node, registry, logger }: { name: string; node: string; registry: ConnectionRegistry; logger: Logger }): Cluster {
  const FRAMES = `${name}:frames`;
  const PRESENCE = `${name}:presence`;
  const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2000);
  // Publishing never queues: while Redis is away a frame goes to this node's sockets at once.
  const pub = new Redis(url, { retryStrategy, enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 });
  const sub = new Redis(url, { retryStrategy, maxRetriesPerRequest: null });
  const log = logger.child({ node });

  const ready = () => pub.status === 'ready' && sub.status === 'ready';
  let connected = false;
  const watch = () => {
    if (ready() === connected) return;
    connected = ready();
    if (connected) log.info('Redis reachable: this node shares its events with the others');
    else log.warn('Redis unreachable: this node serves its own sockets only until it is back');
  };
  for (const connection of [pub, sub]) {
    connection.on('ready', watch);
    connection.on('close', watch);
    connection.on('error', (err) => log.debug({ err }, 'Redis connection error'));
  }

  const here = new LocalBroker();
  const sequencer = new ChatSequencer((audience, frame) => here.publish(audience, frame), HOLD_MS);

  const remote = new Map<string, RemoteNode>();
  const listeners = new Set<(who: ParticipantKey) => void>();
  const onlineElsewhere = (key: string) => [...remote.values()].some((n) => n.online.has(key));
  const onlineKey = (key: string) => registry.isOnline(fromParticipantKey(key)) || onlineElsewhere(key);

  /** Applies what another node said, and tells the listeners whose presence that changed. */
  function heard(keys: Iterable<string>, apply: () => void): void {
    const before = new Map([...keys].map((key) => [key, onlineKey(key)]));
    apply();
    for (const [key, was] of before) {
      if (onlineKey(key) !== was) for (const listener of listeners) listener(fromParticipantKey(key));
    }
  }
  const alive = (id: string): RemoteNode => {
    const known = remote.get(id) ?? { expires: 0, online: new Set<string>() };
    known.expires = Date.now() + BEAT_MS * MISSED_BEATS;
    remote.set(id, known);
    return known;
  };

  function onPresence(note: PresenceNote): void {
    if (note.node === node) return;
    switch (note.kind) {
      case 'up':
        return heard([note.who], () => alive(note.node).online.add(note.who));
      case 'down':
        return heard([note.who], () => alive(note.node).online.delete(note.who));
      case 'beat': {
        const online = new Set(note.online);
        return heard(new Set([...(remote.get(note.node)?.online ?? []), ...online]), () => (alive(note.node).online = online));
      }
      case 'bye':
        return heard(remote.get(note.node)?.online ?? [], () => remote.delete(note.node));
    }
  }

  sub.on('message', (channel: string, text: string) => {
    try {
      if (channel === FRAMES) {
        const { audience, frame, order } = JSON.parse(text) as Envelope;
        return sequencer.push(audience, frame, order);
      }
      onPresence(JSON.parse(text) as PresenceNote);
    } catch (err) {
      log.error({ err, channel }, 'could not take a note from Redis');
    }
  });
  sub.subscribe(FRAMES, PRESENCE).catch((err) => log.error({ err }, 'could not subscribe to the cluster channels'));

  const say = (note: Note) => {
    if (ready()) pub.publish(PRESENCE, JSON.stringify({ ...note, node })).catch(() => {});
  };
  const beat = setInterval(() => {
    say({ kind: 'beat', online: registry.participants() });
    const now = Date.now();
    for (const [id, known] of remote) {
      if (known.expires < now) heard(known.online, () => remote.delete(id));
    }
  }, BEAT_MS);
  beat.unref();

  const broker: Broker = {
    publish(audience, frame, order) {
      if (!ready()) return sequencer.push(audience, frame, order);
      pub.publish(FRAMES, JSON.stringify({ audience, frame, order } satisfies Envelope)).catch(() => sequencer.push(audience, frame, order));
    },
    subscribe: (deliver) => here.subscribe(deliver),
    close: async () => {
      clearInterval(beat);
      say({ kind: 'bye' });
      sequencer.close();
      await here.close();
      await Promise.all([pub, sub].map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };

  const online: OnlineView = {
    isOnline: (who) => registry.isOnline(who) || onlineElsewhere(participantKey(who)),
    arrived(who) {
      say({ kind: 'up', who: participantKey(who) });
      return !onlineElsewhere(participantKey(who));
    },
    departed(who) {
      say({ kind: 'down', who: participantKey(who) });
      return !onlineElsewhere(participantKey(who));
    },
    onRemoteChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return { broker, online, health: () => ({ node, redis: ready() ? 'up' : 'down', nodes: 1 + remote.size }), close: broker.close };
}
