import type { ParticipantKey } from '../domain.ts';
import type { Online } from '../services/chats.ts';
import type { ConnectionRegistry } from './registry.ts';

/**
 * Who is online across the deployment, and with how many sockets, as this node knows it. Each
 * node tells its own sockets of every change it sees, so nothing is told twice: the changes of
 * its own sockets (`opened`/`closed` say whether it is a change at all: another node may hold
 * the same participant) and the changes other nodes report (`onRemoteChange`).
 */
export interface OnlineView extends Online {
  /** A socket of `who` opened here, which now has `here` of them: true when that brings `who` online. */
  opened(who: ParticipantKey, here: number): boolean;
  /** A socket of `who` closed here, which now has `here` of them: true when that takes `who` offline. */
  closed(who: ParticipantKey, here: number): boolean;
  /** The sockets `who` has open on the other nodes. */
  socketsElsewhere(who: ParticipantKey): number;
  /** Calls `listener` for each participant who came online or went offline elsewhere. */
  onRemoteChange(listener: (who: ParticipantKey) => void): () => void;
}

/** One node alone: its sockets are the whole story. */
export function localOnline(registry: ConnectionRegistry): OnlineView {
  return {
    isOnline: (who) => registry.isOnline(who),
    opened: (_who, here) => here === 1,
    closed: (_who, here) => here === 0,
    socketsElsewhere: () => 0,
    onRemoteChange: () => () => {},
  };
}
