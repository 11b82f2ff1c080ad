/**
 * The widget's Connection in Node, against a WebSocket server that takes the socket and never
 * says `connected` (as when the route goes silent during the handshake): the client must give
 * that socket up within its deadline and try again, not wait for ever.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { Backoff } from '../../widget/src/client/backoff.ts';
import { Connection, type ConnectionStatus } from '../../widget/src/client/connection.ts';
import { installBrowserGlobals } from './browser.ts';

describe('Connection to a server that never confirms the socket', () => {
  let silent: WebSocketServer;
  let attempts = 0;

  before(async () => {
    installBrowserGlobals();
    silent = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    silent.on('connection', () => attempts++);
    await new Promise((resolve) => silent.once('listening', resolve));
  });

  after(() => new Promise<void>((resolve) => silent.close(() => resolve())));

  it('gives the socket up when the deadline passes and tries again', async () => {
    const statuses: ConnectionStatus[] = [];
    const connection = new Connection({
      url: async () => `ws://127.0.0.1:${(silent.address() as { port: number }).port}/`,
      onFrame: () => undefined,
      onStatus: (s) => statuses.push(s),
      onUnauthorized: async () => false,
      confirmMs: 200,
      backoff: new Backoff({ base: 20, cap: 40 }),
    });
    connection.start();
    try {
      const deadline = Date.now() + 3000;
      while (attempts < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(attempts >= 3, `${attempts} sockets opened in 3 s`);
      assert.deepEqual(statuses.slice(0, 2), ['connecting', 'reconnecting']);
    } finally {
      connection.stop();
    }
  });
});
