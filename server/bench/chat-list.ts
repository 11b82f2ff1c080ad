/**
 * Chat lists of a busy salon, on SQLite and PostgreSQL: 20,000 chats (with their participants)
 * and 11 messages each (220,000) loaded straight into the database, then the first page of the
 * staff list, a deep page by cursor, the views of the inbox and their counts, and searches, over HTTP, with the event loop's busy time each
 * request costs (the server's and this client's). Prints a table and writes
 * bench/results/chat-list.json; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { isPostgres } from '../src/db/connection.ts';
import { get, ms, onEachDatabase, timed, writeResults, type Latency } from './support.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 20_000);
const MESSAGES_PER_CHAT = 11;
const ROUNDS = 1000;
const SEARCH_ROUNDS = 200;

/** Every message has "colour" (more than a search reads: 422); one in 110 has "balayage" (2,000). */
const text = (chat: number, k: number) => `message ${k} of chat ${chat} about the colour${(chat * MESSAGES_PER_CHAT + k) % 110 === 0 ? ', and a balayage' : ''}`;

const results: { database: string; request: string; latency: Latency; kib: number; loopMs: number; status: number }[] = [];

await onEachDatabase(async (database, server) => {
  const { db, auth } = server.services;
  const fill = performance.now();
  const start = Date.now() - CHATS * 60_000;
  await db.transaction(async (trx) => {
    const chats = Array.from({ length: CHATS }, (_, i) => {
      const at = new Date(start + i * 60_000).toISOString();
      // a tenth resolved, a third of the others waiting, a quarter assigned to the admin
      const status = i % 10 === 0 ? 'resolved' : 'open';
      const state = { status, waiting_since: status === 'open' && i % 3 === 0 ? at : null, assignee_id: i % 4 === 0 ? 1 : null };
      return { salon_id: 1, title: `Visit ${i}`, last_message_at: at, last_message_preview: `hello ${i}`, message_count: 1, created_at: at, updated_at: at, ...state };
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
    for (let i = 0; i < ids.length; i += 30) {
      const rows = ids.slice(i, i + 30).flatMap((chatId, j) =>
        Array.from({ length: MESSAGES_PER_CHAT }, (_, k) => {
          const at = chats[i + j]!.created_at;
          return { chat_id: chatId, sender_type: 'customer', sender_id: 1 + ((i + j) % 2), message_type: 'text', content: text(i + j, k), created_at: at, updated_at: at, seq: k + 1 };
        }),
      );
      await trx('messages').insert(rows);
    }
  });
  // VACUUM also moves the new rows from the GIN index's pending list into the index, as autovacuum would.
  if (isPostgres(db)) await db.raw('VACUUM ANALYZE chats, chat_participants, messages');
  console.log(`${database}: ${CHATS.toLocaleString('en')} chats of one salon, ${(CHATS * MESSAGES_PER_CHAT).toLocaleString('en')} messages, in ${((performance.now() - fill) / 1000).toFixed(1)} s`);

  const { access_token } = await auth.staffLogin('admin@salon.com', 'admin123');
  const list = async (route: string) => {
    const res = await get(server.url + route, access_token);
    return { bytes: res.bytes, next: res.headers['x-next-cursor'] as string };
  };

  /** Latency, then the event loop's busy time a request costs, over 100 more in a row. */
  const measure = async (request: string, route: string, rounds = ROUNDS, status = 200) => {
    const call = () => get(server.url + route, access_token, status);
    const kib = (await call()).bytes / 1024;
    const latency = await timed(call, rounds);
    const before = performance.eventLoopUtilization();
    for (let i = 0; i < 100; i++) await call();
    const loopMs = performance.eventLoopUtilization(before).active / 100;
    results.push({ database, request, latency, kib, loopMs, status });
  };

  await measure('GET /chats (first page, as the guide asks)', '/api/v1/chat/chats');
  await measure('GET /chats?limit=50', '/api/v1/chat/chats?limit=50');
  let cursor = (await list('/api/v1/chat/chats?limit=100')).next!;
  for (let i = 0; i < 100; i++) cursor = (await list(`/api/v1/chat/chats?limit=100&cursor=${encodeURIComponent(cursor)}`)).next!;
  await measure('GET /chats?limit=50&cursor= (page 202)', `/api/v1/chat/chats?limit=50&cursor=${encodeURIComponent(cursor)}`);
  await measure('GET /chats?view=unanswered&limit=50', '/api/v1/chat/chats?view=unanswered&limit=50');
  await measure('GET /chats?view=mine&limit=50', '/api/v1/chat/chats?view=mine&limit=50');
  await measure('GET /chats/counts', '/api/v1/chat/chats/counts');
  await measure('GET /chats?search=Visit 1234', '/api/v1/chat/chats?limit=50&search=Visit%201234');
  await measure('GET /chats?search= (matches nothing)', '/api/v1/chat/chats?limit=50&search=no%20such%20words', SEARCH_ROUNDS);
  await measure('GET /chats?search= (2,000 messages match)', '/api/v1/chat/chats?limit=50&search=balayage', SEARCH_ROUNDS);
  await measure('GET /chats?search= (220,000 match: 422)', '/api/v1/chat/chats?limit=50&search=colour', SEARCH_ROUNDS, 422);
  // the searches one after another measure their cost, not the salon's rate of searches (which the abuse bench measures)
}, { SEARCHES_PER_SECOND_PER_SALON: '100000' });

console.log(`\nChat list of a salon with ${CHATS.toLocaleString('en')} chats, ${ROUNDS} requests each (the searches ${SEARCH_ROUNDS}), one at a time, over HTTP\n`);
console.log('| database | request | status | p50 | p95 | p99 | event loop a request | size |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.database} | ${r.request} | ${r.status} | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${ms(r.loopMs)} | ${r.kib.toFixed(1)} KiB |`);
}
writeResults('chat-list', { load: { chats: CHATS, messages: CHATS * MESSAGES_PER_CHAT, rounds: ROUNDS, searchRounds: SEARCH_ROUNDS }, results });
