import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Config } from './config.ts';
import { addressKey } from './client-address.ts';

/** Idle keep-alive connections close after this long (Node's default, written here so that it is a choice). */
const KEEP_ALIVE_MS = 5000;
/** How often, at most, connections are looked at for headers that are late. */
const CHECK_MS = 1000;

const BUSY = 'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\nRetry-After: 10\r\n\r\n';

type ConnectionLimits = Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'uploadTimeoutMs' | 'maxConnections' | 'maxConnectionsPerAddress' | 'trustProxy'>;

/**
 * An HTTP server that no slow or numerous client holds open: a request's headers must arrive
 * within `headersTimeoutMs` (a silent new connection too), its body within `requestTimeoutMs`
 * of them (`uploadTimeoutMs` for a multipart upload, which may be large on a slow link), an idle
 * keep-alive connection closes after 5 s; at most `maxConnections` are open (WebSocket ones
 * included; more are dropped as they come) and, when no proxy is trusted, at most
 * `maxConnectionsPerAddress` from one client address (an IPv6 /64, see `addressKey`), the next
 * ones answered 503. Behind a proxy every connection comes from the proxy, which must cap its
 * clients' connections itself.
 */
export function createHttpServer(limits: ConnectionLimits, listener: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // Timed per request below, since uploads need longer than the rest.
      requestTimeout: 0,
      keepAliveTimeout: KEEP_ALIVE_MS,
      connectionsCheckingInterval: Math.min(CHECK_MS, limits.headersTimeoutMs / 2),
    },
    listener,
  );
  server.maxConnections = limits.maxConnections;
  server.on('request', (req, res) => {
    const ms = /^multipart\//i.test(req.headers['content-type'] ?? '') ? limits.uploadTimeoutMs : limits.requestTimeoutMs;
    const deadline = setTimeout(() => req.complete || req.socket.destroy(), ms);
    res.once('close', () => clearTimeout(deadline));
  });
  if (limits.trustProxy === 0) capPerAddress(server, limits.maxConnectionsPerAddress);
  return server;
}

/** Counts the open connections by client address, and answers those over `max` with 503. */
function capPerAddress(server: http.Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    if (!socket.remoteAddress) return socket.destroy();
    const key = addressKey(socket.remoteAddress);
    const count = (open.get(key) ?? 0) + 1;
    if (count > max) return refuse(socket, BUSY);
    open.set(key, count);
    socket.once('close', () => {
      const left = open.get(key)! - 1;
      if (left === 0) open.delete(key);
      else open.set(key, left);
    });
  });
}

/** Answers a connection with `response` and closes it, whether or not the client closes its side. */
export function refuse(socket: Duplex, response: string): void {
  socket.end(response, () => socket.destroy());
}
