/**
 * Chat lists of a busy salon: 20,000 chats (with their participants) loaded straight into the
 * database, then the first page of the staff list, a deep page by cursor and a search, over HTTP.
 * Prints latencies and sizes; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 20_000);
const ROUNDS = 200;

const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-bench-'));
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'silent', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) });
const server = await startServer(config);
const { db, auth } = server.services;

const fill = performance.now();
const start = Date.now() - CHATS * 60_000;
await db.transaction(async (trx) => {
  const chats = Array.from({ length: CHATS }, (_, i) => {
    const at = new Date(start + i * 60_000).toISOString();
    return { salon_id: 1, title: `Visit ${i}`, last_message_at: at, last_message_preview: `hello ${i}`, message_count: 1, created_at: at, updated_at: at };
  });
  const ids: number[] = [];
  for (let i = 0; i < chats.length; i += 500) {
    const rows = await trx('chats').insert(chats.slice(i, i + 500)).returning('id');
    ids.push(...rows.map((r: { id: number } | number) => (typeof r === 'number' ? r : r.id)));
  }
  const participants = ids.flatMap((chatId, i) => [
    { chat_id: chatId, participant_type: 'customer', participant_id: 1 + (i % 2), joined_at: chats[i]!.created_at, unread_count: 0 },
    { chat_id: chatId, participant_type: 'user', participant_id: 1, joined_at: chats[i]!.created_at, unread_count: i % 3 },
  ]);
  await trx.batchInsert('chat_participants', participants, 500);
});
if (db.client.config.client === 'pg') await db.raw('ANALYZE chats; ANALYZE chat_participants');
console.log(`filled ${CHATS.toLocaleString('en')} chats of one salon in ${((performance.now() - fill) / 1000).toFixed(1)} s (${db.client.config.client})`);

const { access_token } = await auth.staffLogin('admin@salon.com', 'admin123');
const get = async (route: string) => {
  const res = await fetch(server.url + route, { headers: { Authorization: `Bearer ${access_token}` } });
  return { bytes: (await res.arrayBuffer()).byteLength, next: res.headers.get('x-next-cursor') };
};

async function measure(label: string, route: string) {
  for (let i = 0; i < 20; i++) await get(route);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    bytes = (await get(route)).bytes;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${label.padEnd(46)} p50 ${at(0.5)} ms   p99 ${at(0.99)} ms   ${(bytes / 1024).toFixed(1)} KiB`);
}

await measure('GET /chats (first page, as the guide asks)', '/api/v1/chat/chats');
await measure('GET /chats?limit=50', '/api/v1/chat/chats?limit=50');
let cursor = (await get('/api/v1/chat/chats?limit=100')).next!;
for (let i = 0; i < 100; i++) cursor = (await get(`/api/v1/chat/chats?limit=100&cursor=${encodeURIComponent(cursor)}`)).next!;
await measure('GET /chats?limit=50&cursor= (page 202)', `/api/v1/chat/chats?limit=50&cursor=${encodeURIComponent(cursor)}`);
await measure('GET /chats?search=Visit 1234', '/api/v1/chat/chats?limit=50&search=Visit%201234');

await server.close();
rmSync(dir, { recursive: true, force: true });
