import { EventEmitter } from 'node:events';
import type { ServerFrame } from '@salon-chat/protocol';
import type { ParticipantKey } from '../domain.ts';

/** Who a frame is for. Connections matching any field receive it once; `except` wins. */
export interface Audience {
  /** Connections that joined this chat. */
  chatId?: number;
  /** Every connection of these participants, joined or not. */
  participants?: ParticipantKey[];
  /** Every staff connection of this salon. */
  salonStaff?: number;
  /** Never the connections of this participant. */
  except?: ParticipantKey;
  /** Only the customers' connections among the above. */
  customersOnly?: boolean;
  /** Only the staff's connections among the above. */
  staffOnly?: boolean;
}

export type Delivery = (audience: Audience, frame: ServerFrame) => void;

/**
 * A message frame's place in its chat: frames of one chat go out in this order. `again`: the
 * frame of a message sent before (a retry found it stored), to go only where it never went out.
 */
export interface Order {
  chatId: number;
  seq: number;
  again?: boolean;
}

/**
 * Fan-out between the code that causes events and the sockets on each node. The in-process
 * broker serves one node; several nodes share the one of `joinCluster` (cluster.ts).
 */
export interface Broker {
  publish(audience: Audience, frame: ServerFrame, order?: Order): void;
  subscribe(deliver: Delivery): () => void;
  /** A socket of this node joined the chat when its newest message had place `seq` (where frames of several nodes meet). */
  joinedAt?(chatId: number, seq: number): void;
  close(): Promise<void>;
}

export class LocalBroker implements Broker {
  readonly #events = new EventEmitter().setMaxListeners(0);

  /** One process delivers every frame once it is committed: a message sent again has gone out already. */
  publish(audience: Audience, frame: ServerFrame, order?: Order): void {
    if (!order?.again) this.#events.emit('frame', audience, frame);
  }

  subscribe(deliver: Delivery): () => void {
    this.#events.on('frame', deliver);
    return () => this.#events.off('frame', deliver);
  }

  async close(): Promise<void> {
    this.#events.removeAllListeners();
  }
}
