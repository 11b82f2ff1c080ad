import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { Client, signInCast, startTestServer } from './helpers.ts';

describe('shutdown', () => {
  it('closes sockets with 1001 and stops even with a request stalled half-way', { timeout: 20_000 }, async () => {
    const server = await startTestServer();
    const cast = await signInCast(server);
    const socket = await Client.connect(server, cast.emma);

    const stalled = net.connect(server.port, '127.0.0.1');
    const dropped = new Promise<void>((resolve) => stalled.on('close', () => resolve()));
    stalled.on('error', () => {});
    await new Promise<void>((resolve) => stalled.once('connect', () => resolve()));
    stalled.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":');

    await server.stop();
    await dropped;
    assert.equal((await socket.closed).code, 1001);
  });
});
