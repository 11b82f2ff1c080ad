/**
 * `npm run cluster`: two server nodes on this machine's PostgreSQL and Redis, behind a small
 * round-robin balancer on PORT (8000, see balancer.ts): no sticky sessions, each request and each
 * WebSocket may land on either node, as behind any load balancer. A node that does not answer is skipped.
 * DATABASE_URL (default: the database `salon_chat_cluster` of the local PostgreSQL, created if
 * missing) and REDIS_URL (default: the local Redis) say where. Ctrl-C stops everything.
 */
import knex from 'knex';
import { startBalancer } from './balancer.ts';
import { startNodeProcess, type NodeProcess } from './node-process.ts';

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

async function startNode(id: string): Promise<NodeProcess & { id: string }> {
  const node = await startNodeProcess({ NODE_ID: id, DATABASE_URL, REDIS_URL, TRUST_PROXY: '1' }, { stderr: 'inherit', onLine: (line) => console.log(`[${id}] ${line}`) });
  node.child.on('exit', (code, signal) => console.log(`[${id}] exited (${signal ?? code}); the balancer sends everything to the other node`));
  return { ...node, id };
}

// One after the other: the first seeds the demo data into an empty database, the second finds it there.
const nodes = [await startNode('node-1'), await startNode('node-2')];
try {
  const balancer = await startBalancer(nodes, PORT);
  console.log(`salon-chat cluster: http://localhost:${balancer.port}/ → ${nodes.map((n) => `${n.id} on :${n.port}`).join(', ')} (PostgreSQL ${new URL(DATABASE_URL).pathname.slice(1)}, Redis ${REDIS_URL})`);
} catch (err) {
  console.error(`salon-chat cluster: cannot listen on port ${PORT} (${(err as NodeJS.ErrnoException).code}); set PORT to another port`);
  process.exit(1);
}

// The nodes go with the balancer, however it ends.
process.on('exit', () => nodes.forEach((node) => node.child.kill('SIGTERM')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
