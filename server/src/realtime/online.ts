import type { ParticipantKey } from '../domain.ts';
import type { Online } from '../services/chats.ts';
import type { ConnectionRegistry } from './registry.ts';

/**
 * Who is online across the deployment, as this node knows it. Each node tells its own sockets
 * of every change it sees, so nothing is told twice: the change of its own sockets
 * (`arrived`/`departed` say whether it is a change at all, another node may hold the same
 * participant) and the changes other nodes report (`onRemoteChange`).
 */
export interface OnlineView extends Online {
  /** This node's first socket of `who` opened: true when that brings `who` online. */
  arrived(who: ParticipantKey): boolean;
  /** This node's last socket of `who` closed: true when that takes `who` offline. */
  departed(who: ParticipantKey): boolean;
  /** Calls `listener` for each participant who came online or went offline elsewhere. */
  onRemoteChange(listener: (who: ParticipantKey) => void): () => void;
}

/** One node alone: its sockets are the whole story. */
export function localOnline(registry: ConnectionRegistry): OnlineView {
  return {
    isOnline: (who) => registry.isOnline(who),
    arrived: () => true,
    departed: () => true,
    onRemoteChange: () => () => {},
  };
}
