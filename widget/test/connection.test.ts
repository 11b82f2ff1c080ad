import { expect, waitUntil } from '@open-wc/testing';
import { Backoff } from '../src/client/backoff.ts';
import { Connection, type ConnectionStatus } from '../src/client/connection.ts';
import type { ServerFrame } from '../src/client/types.ts';
import { login, server } from './helpers.ts';

describe('Connection', () => {
  let url: string;
  let token: string;
  let open: Connection | undefined;

  before(async () => {
    ({ url } = await server());
    token = await login(url, 'customer');
  });
  afterEach(() => open?.stop());

  function connect(wsUrl: string, extra: Partial<ConstructorParameters<typeof Connection>[0]> = {}) {
    const statuses: ConnectionStatus[] = [];
    const frames: ServerFrame[] = [];
    open = new Connection({
      url: async () => wsUrl,
      onFrame: (f) => frames.push(f),
      onStatus: (s) => statuses.push(s),
      onUnauthorized: async () => false,
      backoff: new Backoff({ base: 20, cap: 40 }),
      ...extra,
    });
    open.start();
    return { statuses, frames, connection: open };
  }

  const socketUrl = (t: string) => `${url.replace('http', 'ws')}/api/v1/chat/ws/chat/customer?token=${t}`;

  it('is online once the server confirms, and keeps the socket alive with ping/pong', async () => {
    const { statuses, frames, connection } = connect(socketUrl(token), { pingMs: 100, pongMs: 1000 });
    await waitUntil(() => connection.status === 'online');
    await waitUntil(() => frames.filter((f) => f.type === 'pong').length >= 3, 'pongs', { timeout: 3000 });
    expect(statuses).to.deep.equal(['connecting', 'online']);
  });

  it('falls back to polling when the socket cannot be opened, and keeps retrying', async () => {
    const { statuses, connection } = connect('ws://127.0.0.1:9/never', { pollAfter: 3 });
    await waitUntil(() => connection.status === 'polling', 'polling', { timeout: 5000 });
    expect(statuses.slice(0, 2)).to.deep.equal(['connecting', 'reconnecting']);
  });

  it('reports a refused token (1008) and asks for a new one', async () => {
    let asked = 0;
    const { connection } = connect(socketUrl('forged'), { onUnauthorized: async () => (asked++, false) });
    await waitUntil(() => asked === 1, 'asked for a token');
    expect(connection.status).to.equal('unauthorized');
  });

  it('drops a socket whose pong does not come in time and reconnects', async () => {
    const { statuses, connection } = connect(socketUrl(token), { pingMs: 50, pongMs: 0 });
    await waitUntil(() => statuses.filter((s) => s === 'online').length >= 2, 'back online after a missed pong', { timeout: 5000 });
    expect(statuses).to.include('reconnecting');
    expect(connection.status).to.equal('online');
  });

  it('tries again at once when the browser comes back online', async () => {
    const { connection } = connect('ws://127.0.0.1:9/never', { backoff: new Backoff({ base: 60_000, cap: 60_000 }) });
    await waitUntil(() => connection.status === 'reconnecting');
    let opened = 0;
    const Native = WebSocket;
    window.WebSocket = class extends Native {
      constructor(u: string | URL) {
        super(u);
        opened++;
      }
    } as typeof WebSocket;
    try {
      dispatchEvent(new Event('online'));
      await waitUntil(() => opened === 1, 'a new attempt without waiting for the backoff', { timeout: 1000 });
    } finally {
      window.WebSocket = Native;
    }
  });
});
