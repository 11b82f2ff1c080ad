import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { api, startTestServer, type TestServer } from './helpers.ts';

/** A raw TCP connection to the server from `localAddress`, recording what comes back and whether it closed. */
function rawConnection(server: TestServer, localAddress = '127.0.0.1') {
  const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress });
  let received = '';
  let closed = false;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((waiter) => waiter());
  socket.on('data', (data) => ((received += data.toString('latin1')), wake()));
  socket.on('close', () => ((closed = true), wake()));
  socket.on('error', () => {});
  /** Waits until `done()` holds, failing after a deadline that only a broken server reaches. */
  const until = (what: string, done: () => boolean, deadlineMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: not within ${deadlineMs} ms; received ${JSON.stringify(received.slice(0, 200))}`)), deadlineMs);
      const check = () => (done() ? (clearTimeout(timer), resolve()) : waiters.push(check));
      check();
    });
  return {
    socket,
    received: () => received,
    /** Resolves once the server has closed the connection. */
    closed: (what: string) => until(what, () => closed),
    /** Sends a request and waits for its answer's status line, on a connection kept open. */
    async ask(path = '/healthz'): Promise<string> {
      const from = received.length;
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      await until(`an answer to ${path}`, () => received.indexOf('\r\n\r\n', from) >= 0 || closed);
      return received.slice(from).split('\r\n')[0]!;
    },
  };
}

describe('connections', () => {
  it('closes a connection whose headers come too slowly, and serves the others meanwhile', async () => {
    const server = await startTestServer({ HEADERS_TIMEOUT_MS: '300' });
    try {
      const slow = rawConnection(server);
      slow.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
      const drip = setInterval(() => slow.socket.writable && slow.socket.write('X-Slow: 1\r\n'), 100);
      try {
        await slow.closed('the slow connection closed');
      } finally {
        clearInterval(drip);
      }
      assert.match(slow.received(), /^HTTP\/1\.1 408/);
      assert.equal((await api(server, 'GET', '/healthz')).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('closes a connection whose request body comes too slowly', async () => {
    const server = await startTestServer({ REQUEST_TIMEOUT_MS: '300' });
    try {
      const slow = rawConnection(server);
      slow.socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":');
      const drip = setInterval(() => slow.socket.writable && slow.socket.write(' '), 100);
      try {
        await slow.closed('the slow body cut off');
      } finally {
        clearInterval(drip);
      }
      assert.equal((await api(server, 'GET', '/healthz')).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('refuses a connection over the cap of its address with 503, while another address still connects', async () => {
    const server = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '2' });
    try {
      const [first, second] = [rawConnection(server), rawConnection(server)];
      assert.equal(await first.ask(), 'HTTP/1.1 200 OK');
      assert.equal(await second.ask(), 'HTTP/1.1 200 OK');
      const third = rawConnection(server);
      await third.closed('the third connection refused');
      assert.match(third.received(), /^HTTP\/1\.1 503/);
      const elsewhere = rawConnection(server, '127.0.0.2');
      assert.equal(await elsewhere.ask(), 'HTTP/1.1 200 OK', 'another address has its own count');
      first.socket.destroy();
      await first.closed('the first connection closed');
      let again = rawConnection(server);
      for (let tries = 0; (await again.ask()) !== 'HTTP/1.1 200 OK'; tries++) {
        assert.ok(tries < 50, 'a closed connection frees its place');
        again = rawConnection(server);
      }
      for (const connection of [second, elsewhere, again]) connection.socket.destroy();
    } finally {
      await server.stop();
    }
  });

  it('counts no address behind a trusted proxy, and caps the connections in all', async () => {
    const server = await startTestServer({ TRUST_PROXY: '1', MAX_CONNECTIONS_PER_ADDRESS: '1', MAX_CONNECTIONS: '2' });
    try {
      const [first, second] = [rawConnection(server), rawConnection(server)];
      assert.equal(await first.ask(), 'HTTP/1.1 200 OK');
      assert.equal(await second.ask(), 'HTTP/1.1 200 OK', 'the proxy is one address for many clients');
      const third = rawConnection(server, '127.0.0.2');
      await third.closed('the connection over the total dropped');
      assert.equal(third.received(), '');
      for (const connection of [first, second]) connection.socket.destroy();
    } finally {
      await server.stop();
    }
  });

  it('drops a WebSocket whose client does not answer the close handshake', async () => {
    const server = await startTestServer({ WS_CLOSE_TIMEOUT_MS: '200' });
    try {
      const silent = rawConnection(server);
      silent.socket.write(
        [
          'GET /api/v1/chat/ws/chat/customer?token=not-a-token HTTP/1.1',
          'Host: localhost',
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
      await silent.closed('the socket dropped');
      assert.match(silent.received(), /^HTTP\/1\.1 101/);
      assert.ok(silent.received().includes('\x88'), 'the server sent its close frame first');
    } finally {
      await server.stop();
    }
  });
});
