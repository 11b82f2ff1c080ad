/**
 * Chat lists of a busy salon, on SQLite and PostgreSQL: 20,000 chats (with their participants)
 * loaded straight into the database, then the first page of the staff list, a deep page by cursor
 * and a search, over HTTP. Prints a table and writes bench/results/chat-list.json; asserts nothing.
 */
import { isPostgres } from '../src/db/connection.ts';
import { get, ms, onEachDatabase, timed, writeResults, type Latency } from './support.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 20_000);
const ROUNDS = 1000;

const results: { database: string; request: string; latency: Latency; kib: number }[] = [];

await onEachDatabase(async (database, server) => {
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
  if (isPostgres(db)) await db.raw('ANALYZE chats; ANALYZE chat_participants');
  console.log(`${database}: ${CHATS.toLocaleString('en')} chats of one salon in ${((performance.now() - fill) / 1000).toFixed(1)} s`);

  const { access_token } = await auth.staffLogin('admin@salon.com', 'admin123');
  const list = async (route: string) => {
    const res = await get(server.url + route, access_token);
    return { bytes: res.bytes, next: res.headers['x-next-cursor'] as string };
  };

  const measure = async (request: string, route: string) => {
    const kib = (await list(route)).bytes / 1024;
    results.push({ database, request, latency: await timed(() => list(route), ROUNDS), kib });
  };

  await measure('GET /chats (first page, as the guide asks)', '/api/v1/chat/chats');
  await measure('GET /chats?limit=50', '/api/v1/chat/chats?limit=50');
  let cursor = (await list('/api/v1/chat/chats?limit=100')).next!;
  for (let i = 0; i < 100; i++) cursor = (await list(`/api/v1/chat/chats?limit=100&cursor=${encodeURIComponent(cursor)}`)).next!;
  await measure('GET /chats?limit=50&cursor= (page 202)', `/api/v1/chat/chats?limit=50&cursor=${encodeURIComponent(cursor)}`);
  await measure('GET /chats?search=Visit 1234', '/api/v1/chat/chats?limit=50&search=Visit%201234');
});

console.log(`\nChat list of a salon with ${CHATS.toLocaleString('en')} chats, ${ROUNDS} requests each, one at a time, over HTTP\n`);
console.log('| database | request | p50 | p95 | p99 | size |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) console.log(`| ${r.database} | ${r.request} | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${r.kib.toFixed(1)} KiB |`);
writeResults('chat-list', { load: { chats: CHATS, rounds: ROUNDS }, results });
