import type { Duplex } from 'node:stream';
import type { ServerFrame } from '@salon-chat/protocol';
import type { Logger } from 'pino';
import type { Delivery } from './broker.ts';
import type { Connection, ConnectionRegistry } from './registry.ts';

/** A client that leaves this much unread in its socket is too slow to keep. */
const MAX_BUFFERED = 8 * 1024 * 1024;

/**
 * Frames to the sockets of this node: to one, or to every socket an audience names here. The
 * frames a socket gets in one turn of the event loop leave together: its stream is corked at
 * the first and uncorked at the end of the turn, so they cost the socket one write, not one each.
 */
export function createFanout(registry: ConnectionRegistry, logger: Logger) {
  const corked = new Set<Duplex>();
  const uncork = () => {
    for (const stream of corked) stream.uncork();
    corked.clear();
  };

  const send = (conn: Connection, frame: ServerFrame | string) => {
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    if (conn.socket.bufferedAmount > MAX_BUFFERED) {
      logger.warn({ conn: conn.id }, 'dropping a socket that does not read');
      return conn.socket.terminate();
    }
    if (!corked.has(conn.stream)) {
      if (corked.size === 0) process.nextTick(uncork);
      conn.stream.cork();
      corked.add(conn.stream);
    }
    conn.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };

  const deliver: Delivery = (audience, frame) => {
    const targets = registry.resolve(audience);
    if (targets.size === 0) return;
    const data = JSON.stringify(frame);
    for (const conn of targets) send(conn, data);
  };

  return { send, deliver };
}

export type Fanout = ReturnType<typeof createFanout>;
