/**
 * `npm run cluster`: two server nodes on this machine's PostgreSQL and Redis, behind a small
 * round-robin balancer on PORT (8000): no sticky sessions, each request and each WebSocket may
 * land on either node, as behind any load balancer. A node that does not answer is skipped.
 * DATABASE_URL (default: the database `salon_chat_cluster` of the local PostgreSQL, created if
 * missing) and REDIS_URL (default: the local Redis) say where. Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import knex from 'knex';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.PORT ?? 8000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? (await localDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'salon_chat_cluster'));

/** The URL of `name` on the PostgreSQL that `adminUrl` reaches, created when it is not there. */
async function localDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    const found = await admin.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name]);
    if (found.rows.length === 0) await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Node {
  id: string;
  port: number;
  child: ChildProcess;
}

function startNode(id: string): Promise<Node> {
  const child = spawn(process.execPath, ['--conditions=@salon-chat/source', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ID: id, DATABASE_URL, REDIS_URL, TRUST_PROXY: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.on('exit', (code, signal) => console.log(`[${id}] exited (${signal ?? code}); the balancer sends everything to the other node`));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`node ${id} exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      console.log(`[${id}] ${line}`);
      if (line.includes('"salon-chat listening"')) resolve({ id, port: (JSON.parse(line) as { port: number }).port, child });
    });
  });
}

// One after the other: the first seeds the demo data into an empty database, the second finds it there.
const nodes = [await startNode('node-1'), await startNode('node-2')];
let turn = 0;
/** The nodes in the order to try them: the next one first, so that load goes round. */
function rota(): Node[] {
  const first = turn++ % nodes.length;
  return [...nodes.slice(first), ...nodes.slice(0, first)];
}

/** Tries the nodes in turn until one takes the connection. */
function connectToNode(onConnected: (socket: net.Socket, node: Node) => void, onNone: () => void, candidates = rota()): void {
  const node = candidates.shift();
  if (!node) return onNone();
  const socket = net.connect(node.port, '127.0.0.1');
  socket.once('connect', () => onConnected(socket, node));
  socket.once('error', () => connectToNode(onConnected, onNone, candidates));
}

const headOf = (req: http.IncomingMessage) =>
  `${req.method} ${req.url} HTTP/1.1\r\n${Object.entries(req.headersDistinct)
    .flatMap(([name, values]) => values!.map((value) => `${name}: ${value}`))
    .join('\r\n')}\r\nX-Forwarded-For: ${req.socket.remoteAddress}\r\n\r\n`;

const balancer = http.createServer((req, res) => {
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
balancer.on('upgrade', (req, client: net.Socket, head) => {
  connectToNode(
    (socket) => {
      socket.write(headOf(req));
      if (head.length) socket.write(head);
      socket.pipe(client).pipe(socket);
      for (const end of [socket, client]) end.on('error', () => (socket.destroy(), client.destroy()));
    },
    () => client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n'),
  );
});
balancer.once('error', (err: NodeJS.ErrnoException) => {
  console.error(`salon-chat cluster: cannot listen on port ${PORT} (${err.code}); set PORT to another port`);
  process.exit(1);
});
balancer.listen(PORT, () =>
  console.log(`salon-chat cluster: http://localhost:${PORT}/ → ${nodes.map((n) => `${n.id} on :${n.port}`).join(', ')} (PostgreSQL ${new URL(DATABASE_URL).pathname.slice(1)}, Redis ${REDIS_URL})`),
);

// The nodes go with the balancer, however it ends.
process.on('exit', () => nodes.forEach((node) => node.child.kill('SIGTERM')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
