import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatClient, type ClientEvents, type Mode } from '../client/chat-client.ts';
import type { TokenProvider } from '../client/api.ts';

export interface ClientHost extends ReactiveControllerHost, HTMLElement {
  server: string;
  mode: Mode;
  token: string;
  tokenProvider?: TokenProvider;
}

/**
 * Owns the `ChatClient` of a `<salon-chat>`: makes a new one when `server`, `mode`, `token` or
 * `tokenProvider` change, starts it while connected to the document and stops it after.
 */
export class ClientController implements ReactiveController {
  client: ChatClient | undefined;
  #key: unknown[] = [];
  #unsubscribe: (() => void)[] = [];
  #connected = false;
  #extend: ((client: ChatClient) => void) | undefined;

  constructor(
    private readonly host: ClientHost,
    private readonly listen: { [K in keyof ClientEvents]?: (detail: ClientEvents[K]) => void },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#teardown();
  }

  /**
   * After an update (so properties set before the element was defined are in, and no network
   * call runs while the host renders): when `server`, `mode`, `token` or `tokenProvider`
   * changed, a new client starts with them, since they may name someone else.
   */
  hostUpdated(): void {
    const { server, mode, token, tokenProvider } = this.host;
    const key = [server, mode, token, tokenProvider];
    if (!this.#connected || (this.client && key.every((v, i) => v === this.#key[i]))) return;
    this.#teardown();
    this.#key = key;
    const client = new ChatClient({ server: server || location.origin, mode });
    this.client = client;
    for (const [type, fn] of Object.entries(this.listen)) {
      this.#unsubscribe.push(client.on(type as keyof ClientEvents, fn as (d: unknown) => void));
    }
    this.#unsubscribe.push(client.on('change', () => this.host.requestUpdate()));
    this.#extend?.(client);
    client.auth.use(token || null, tokenProvider);
    void client.start();
    this.host.requestUpdate();
  }

  /** Runs `extend` on this client and on each one made after it (what a loaded panel adds). */
  extend(extend: (client: ChatClient) => void): void {
    this.#extend = extend;
    if (this.client) extend(this.client);
  }

  #teardown(): void {
    this.#unsubscribe.forEach((u) => u());
    this.#unsubscribe = [];
    this.client?.stop();
    this.client = undefined;
  }
}
