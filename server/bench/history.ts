/**
 * History latency on a chat of 100k messages: page 1 (what every client opens with), a deep
 * page, an `after_id` catch-up, and the full HTTP round trip. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const ROUNDS = 300;

const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-bench-'));
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'silent', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) });
const server = await startServer(config);
const { db, chats, messages, auth } = server.services;

const admin = { type: 'user' as const, id: 1, salonId: 1, name: 'Camille Laurent' };
const emma = { type: 'customer' as const, id: 1, salonId: null, name: 'Emma Wilson' };
const chat = await chats.createAsCustomer(emma, { user_id: 1, title: 'Bench' });

let t = Date.now() - MESSAGES * 1000;
const fill = performance.now();
await db.transaction(async (trx) => {
  const rows = [];
  for (let i = 0; i < MESSAGES; i++) {
    const at = new Date((t += 1000)).toISOString();
    const fromEmma = i % 2 === 0;
    rows.push({
      chat_id: chat.id,
      sender_type: fromEmma ? 'customer' : 'user',
      sender_id: 1,
      message_type: 'text',
      content: `message ${i} — ${'lorem ipsum '.repeat(3)}`,
      is_edited: false,
      is_deleted: false,
      created_at: at,
      updated_at: at,
    });
  }
  await trx.batchInsert('messages', rows, 500);
  await trx('chats').where({ id: chat.id }).update({ message_count: MESSAGES, last_message_at: new Date(t).toISOString() });
});
// A bulk load leaves PostgreSQL's planner statistics stale until autovacuum runs; refresh them as it would.
if (db.client.config.client === 'pg') await db.raw('ANALYZE messages');
console.log(`filled ${MESSAGES.toLocaleString('en')} messages in ${((performance.now() - fill) / 1000).toFixed(1)} s (${db.client.config.client})`);

async function measure(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${label.padEnd(44)} p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   p99 ${at(0.99)} ms`);
}

const page = (n: number) => () => messages.history(admin, chat.id, { page: n, page_size: 50 });
await measure('history page 1 (50 newest), service', page(1));
await measure('history page 100 (offset 4,950), service', page(100));
await measure('history before_id (50 before the 1,000th)', () => messages.history(admin, chat.id, { page: 1, page_size: 50, before_id: 1000 }));
await measure('history after_id (50 after the 99,000th)', () => messages.history(admin, chat.id, { page: 1, page_size: 50, after_id: MESSAGES - 1000 }));

const { access_token } = await auth.staffLogin('admin@salon.com', 'admin123');
await measure('GET /messages?page=1&page_size=50, HTTP', async () => {
  const res = await fetch(`${server.url}/api/v1/chat/chats/${chat.id}/messages?page=1&page_size=50`, { headers: { Authorization: `Bearer ${access_token}` } });
  await res.arrayBuffer();
});

let queries = 0;
db.on('query', () => queries++);
await chats.list(admin, {});
console.log(`GET /chats ran ${queries} queries for ${(await chats.list(admin, {})).chats.length} chats`);

await server.close();
rmSync(dir, { recursive: true, force: true });
