/**
 * A small round-robin balancer for nodes on this machine: no sticky sessions, each request and
 * each WebSocket may land on any node, as behind any load balancer; a node that does not take
 * the connection is skipped. `npm run cluster` and the chaos test (test/chaos/) put it in front
 * of their nodes; the chaos test also cuts its WebSocket tunnels, both ways or one.
 */
import http from 'node:http';
import net from 'node:net';

/** Where a node listens; the balancer reads `port` at each connection, so a restarted node may move. */
export interface Upstream {
  id: string;
  port: number;
}

/** A WebSocket carried to a node. */
export interface Tunnel {
  readonly node: string;
  /** The request's path and query, as the client asked. */
  readonly path: string;
  /** Closes both ends at once, as a network that fails. */
  cut(): void;
  /** Stops passing the node's bytes to the client; both ends stay open, as a half-dead route. */
  silence(): void;
}

export interface Balancer {
  port: number;
  readonly tunnels: ReadonlySet<Tunnel>;
  close(): Promise<void>;
}

/** Listens on `port` (0: any free one) of `host` (default: every interface). */
export function startBalancer(nodes: readonly Upstream[], port: number, host?: string): Promise<Balancer> {
  let turn = 0;
  /** The nodes in the order to try them: the next one first, so that load goes round. */
  const rota = (): Upstream[] => {
    const first = turn++ % nodes.length;
    return [...nodes.slice(first), ...nodes.slice(0, first)];
  };
  /** Tries the nodes in turn until one takes the connection. */
  const connectToNode = (onConnected: (socket: net.Socket, node: Upstream) => void, onNone: () => void, candidates = rota()): void => {
    const node = candidates.shift();
    if (!node) return onNone();
    const socket = net.connect(node.port, '127.0.0.1');
    socket.once('connect', () => onConnected(socket, node));
    socket.once('error', () => connectToNode(onConnected, onNone, candidates));
  };

  const headOf = (req: http.IncomingMessage) =>
    `${req.method} ${req.url} HTTP/1.1\r\n${Object.entries(req.headersDistinct)
      .flatMap(([name, values]) => values!.map((value) => `${name}: ${value}`))
      .join('\r\n')}\r\nX-Forwarded-For: ${req.socket.remoteAddress}\r\n\r\n`;

  const tunnels = new Set<Tunnel>();
  const server = http.createServer((req, res) => {
    connectToNode(
      (socket, node) => {
        const upstream = http.request({ createConnection: () => socket, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress } }, (answer) => {
          res.writeHead(answer.statusCode!, { ...answer.headers, 'x-salon-chat-node': node.id });
          answer.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      },
      () => res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'no node answers' })),
    );
  });
  server.on('upgrade', (req, client: net.Socket, head) => {
    connectToNode(
      (socket, node) => {
        socket.write(headOf(req));
        if (head.length) socket.write(head);
        socket.pipe(client).pipe(socket);
        const tunnel: Tunnel = {
          node: node.id,
          path: req.url ?? '',
          cut: () => (socket.destroy(), client.destroy()),
          silence: () => {
            socket.unpipe(client);
            socket.on('data', () => {});
          },
        };
        tunnels.add(tunnel);
        for (const end of [socket, client]) {
          end.on('error', tunnel.cut);
          end.on('close', () => (tunnel.cut(), tunnels.delete(tunnel)));
        }
      },
      () => client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n'),
    );
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as net.AddressInfo).port,
        tunnels,
        close: () =>
          new Promise((done) => {
            for (const tunnel of tunnels) tunnel.cut();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
