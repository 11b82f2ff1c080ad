import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { participantKey, type Actor, type ParticipantKey } from '../domain.ts';
import type { Audience } from './broker.ts';

export interface Connection {
  readonly id: number;
  readonly socket: WebSocket;
  /** The TCP stream under the socket. */
  readonly stream: Duplex;
  readonly actor: Actor;
  readonly joined: Set<number>;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
  return set.size === 1;
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean {
  const set = map.get(key);
  if (!set?.delete(value)) return false;
  if (set.size === 0) map.delete(key);
  return set.size === 0;
}

/** The open sockets of this node, indexed by participant, chat and salon. Knows who is online. */
export class ConnectionRegistry {
  readonly #all = new Set<Connection>();
  readonly #byParticipant = new Map<string, Set<Connection>>();
  readonly #byChat = new Map<number, Set<Connection>>();
  readonly #staffBySalon = new Map<number, Set<Connection>>();
  /** The salon of each chat some socket of this node joined. */
  readonly #roomSalon = new Map<number, number>();

  get size(): number {
    return this.#all.size;
  }

  connections(): Iterable<Connection> {
    return this.#all;
  }

  /** Registers a socket; true when it is its participant's first (the participant came online). */
  add(conn: Connection): boolean {
    this.#all.add(conn);
    if (conn.actor.type === 'user' && conn.actor.salonId !== null) addTo(this.#staffBySalon, conn.actor.salonId, conn);
    return addTo(this.#byParticipant, participantKey(conn.actor), conn);
  }

  /** Forgets a socket and its rooms; true when it was its participant's last (went offline). */
  remove(conn: Connection): boolean {
    if (!this.#all.delete(conn)) return false;
    for (const chatId of conn.joined) this.#removeFromRoom(chatId, conn);
    if (conn.actor.type === 'user' && conn.actor.salonId !== null) removeFrom(this.#staffBySalon, conn.actor.salonId, conn);
    return removeFrom(this.#byParticipant, participantKey(conn.actor), conn);
  }

  /** Joins the room of a chat of `salonId`; true when no other socket of the same participant is in it yet. */
  join(conn: Connection, chatId: number, salonId: number): boolean {
    if (conn.joined.has(chatId)) return false;
    const first = !this.inChat(conn.actor, chatId);
    conn.joined.add(chatId);
    addTo(this.#byChat, chatId, conn);
    this.#roomSalon.set(chatId, salonId);
    return first;
  }

  /** Leaves a room; true when it was the participant's last socket in it. */
  leave(conn: Connection, chatId: number): boolean {
    if (!conn.joined.delete(chatId)) return false;
    this.#removeFromRoom(chatId, conn);
    return !this.inChat(conn.actor, chatId);
  }

  #removeFromRoom(chatId: number, conn: Connection): void {
    if (removeFrom(this.#byChat, chatId, conn)) this.#roomSalon.delete(chatId);
  }

  /** The chats of a salon that some socket of this node joined. */
  roomsOfSalon(salonId: number): number[] {
    return [...this.#roomSalon].filter(([, salon]) => salon === salonId).map(([chatId]) => chatId);
  }

  inChat(who: ParticipantKey, chatId: number): boolean {
    for (const c of this.#byParticipant.get(participantKey(who)) ?? []) if (c.joined.has(chatId)) return true;
    return false;
  }

  /** Whether any socket of this node has joined the chat. */
  hasRoom(chatId: number): boolean {
    return this.#byChat.has(chatId);
  }

  isOnline(who: ParticipantKey): boolean {
    return this.hasParticipant(participantKey(who));
  }

  /** Whether the participant of this `participantKey` has a socket open on this node. */
  hasParticipant(key: string): boolean {
    return this.#byParticipant.has(key);
  }

  /** Each participant with sockets open on this node (by `participantKey`), and how many. */
  participantSockets(): [string, number][] {
    return [...this.#byParticipant].map(([key, sockets]) => [key, sockets.size]);
  }

  /** How many sockets of this node the participant has open. */
  socketCount(who: ParticipantKey): number {
    return this.#byParticipant.get(participantKey(who))?.size ?? 0;
  }

  /** The sockets an audience names, each once. */
  resolve(audience: Audience): Set<Connection> {
    const out = new Set<Connection>();
    const add = (set: Set<Connection> | undefined) => set?.forEach((c) => out.add(c));
    if (audience.chatId !== undefined) add(this.#byChat.get(audience.chatId));
    for (const p of audience.participants ?? []) add(this.#byParticipant.get(participantKey(p)));
    if (audience.salonStaff !== undefined) add(this.#staffBySalon.get(audience.salonStaff));
    if (audience.except) for (const c of this.#byParticipant.get(participantKey(audience.except)) ?? []) out.delete(c);
    if (audience.customersOnly) for (const c of out) if (c.actor.type !== 'customer') out.delete(c);
    if (audience.staffOnly) for (const c of out) if (c.actor.type !== 'user') out.delete(c);
    return out;
  }
}
