import { CLOSE } from '@salon-chat/protocol/core';
import { Backoff } from './backoff.ts';
import type { ClientFrame, ServerFrame } from './types.ts';

/**
 * `online`: socket open and confirmed; `connecting`/`reconnecting`: trying; `polling`: the
 * socket could not be opened, REST polling stands in; `unauthorized`: the server refused the
 * token (1008) and none better could be had; `offline`: stopped.
 */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'polling' | 'unauthorized' | 'offline';

export interface ConnectionOptions {
  /** The WebSocket URL, token included, or null when no token can be had. */
  url: () => Promise<string | null>;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** The server closed with 1008; resolve true when a new token is ready to retry with. */
  onUnauthorized: () => Promise<boolean>;
  pingMs?: number;
  pongMs?: number;
  /** How long a new socket may wait for the server's `connected` (`CONFIRM_MS`). */
  confirmMs?: number;
  /** Failed attempts in a row, the socket never opening, before polling stands in. */
  pollAfter?: number;
  backoff?: Backoff;
}

/** A new socket not confirmed by the server within this long is given up for another. */
export const CONFIRM_MS = 10_000;

/**
 * One WebSocket with heartbeat and reconnection: `ping` every 30 s and a pong deadline, a
 * deadline for the server's `connected` on a new socket,
 * exponential backoff with jitter, and an immediate retry when the browser comes back
 * online or the page becomes visible.
 */
export class Connection {
  status: ConnectionStatus = 'offline';
  #ws: WebSocket | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #pongDeadline: ReturnType<typeof setTimeout> | undefined;
  #confirmDeadline: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #running = false;
  readonly #backoff: Backoff;

  constructor(private readonly o: ConnectionOptions) {
    this.#backoff = o.backoff ?? new Backoff();
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    addEventListener('online', this.#wake);
    document.addEventListener('visibilitychange', this.#wake);
    this.#set('connecting');
    void this.#open();
  }

  stop(): void {
    this.#running = false;
    removeEventListener('online', this.#wake);
    document.removeEventListener('visibilitychange', this.#wake);
    clearTimeout(this.#retry);
    this.#drop();
    this.#set('offline');
  }

  /** Sends a frame; false when the socket is not open (the caller falls back to REST). */
  send(frame: ClientFrame): boolean {
    if (this.status !== 'online' || this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(frame));
    return true;
  }

  /** Tries right now instead of waiting for the backoff timer. */
  reconnectNow(): void {
    if (!this.#running || this.#ws) return;
    clearTimeout(this.#retry);
    void this.#open();
  }

  readonly #wake = (): void => {
    if (document.visibilityState === 'hidden') return;
    if (this.#ws && this.status === 'online') this.#ping();
    else this.reconnectNow();
  };

  #set(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.o.onStatus(status);
  }

  async #open(): Promise<void> {
    const url = await this.o.url();
    if (!this.#running || this.#ws) return;
    if (!url) {
      this.#set('unauthorized');
      return;
    }
    let opened = false;
    const ws = new WebSocket(url);
    this.#ws = ws;
    // A socket the server does not confirm in time (a route gone silent during the handshake) is
    // given up like a missed pong: nothing else would end the wait.
    this.#confirmDeadline = setTimeout(() => {
      this.#drop();
      this.#scheduleRetry(opened);
    }, this.o.confirmMs ?? CONFIRM_MS);
    ws.onopen = () => {
      opened = true;
    };
    ws.onmessage = (e) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(e.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'pong') clearTimeout(this.#pongDeadline);
      if (frame.type === 'connected') {
        clearTimeout(this.#confirmDeadline);
        this.#failures = 0;
        this.#backoff.reset();
        this.#set('online');
        this.#heartbeat = setInterval(() => this.#ping(), this.o.pingMs ?? 30_000);
      }
      this.o.onFrame(frame);
    };
    ws.onclose = (e) => {
      if (this.#ws !== ws) return;
      this.#drop();
      if (e.code === CLOSE.policyViolation) void this.#unauthorized();
      // closed for its limits (a flood, too many sockets): again later, the wait growing as after a failed attempt
      else this.#scheduleRetry(opened && e.code !== CLOSE.tryAgainLater);
    };
    // WebKit fails a socket to a port it blocks with an error, still connecting, and no close event after it.
    ws.onerror = () =>
      setTimeout(() => {
        if (this.#ws !== ws || ws.readyState !== WebSocket.CLOSED) return;
        this.#drop();
        this.#scheduleRetry(opened);
      });
  }

  async #unauthorized(): Promise<void> {
    this.#set('unauthorized');
    if (this.#running && (await this.o.onUnauthorized())) this.#scheduleRetry(true);
  }

  #scheduleRetry(opened: boolean): void {
    if (!this.#running) return;
    if (!opened) this.#failures++;
    this.#set(this.#failures >= (this.o.pollAfter ?? 3) ? 'polling' : 'reconnecting');
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.#open(), this.#backoff.next());
  }

  #ping(): void {
    if (!this.send({ type: 'ping' })) return;
    clearTimeout(this.#pongDeadline);
    this.#pongDeadline = setTimeout(() => {
      this.#drop();
      this.#scheduleRetry(true);
    }, this.o.pongMs ?? 10_000);
  }

  /** Forgets the socket and its timers without waiting for a close handshake. */
  #drop(): void {
    clearInterval(this.#heartbeat);
    clearTimeout(this.#pongDeadline);
    clearTimeout(this.#confirmDeadline);
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
    }
  }
}
