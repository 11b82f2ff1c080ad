/**
 * The PostgreSQL write of a lone message, both ways, alternated on one chat of a throwaway
 * database: the one statement committed by itself (`writeMessagesAtOnce`, one round trip) and
 * the transaction of its parts (`writeMessages`: `BEGIN`, the insert, the chat and its unread
 * counts, `COMMIT`). Prints their latencies; writes bench/results/write-path.json.
 */
import { migrate, openDb } from '../src/db/connection.ts';
import { repositories } from '../src/repos/index.ts';
import { textMessage } from '../src/repos/messages.ts';
import { postgresDatabase } from '../test/postgres.ts';
import { ms, percentiles, writeResults } from './support.ts';

const WRITES = Number(process.env.BENCH_WRITES ?? 400);

const pg = await postgresDatabase();
if (!('url' in pg)) {
  console.log(`PostgreSQL skipped: ${pg.skip}`);
  process.exit(0);
}
const db = openDb(pg.url);
try {
  await migrate(db);
  const at = new Date().toISOString();
  await db('salons').insert({ name: 'Bench', created_at: at });
  const [{ id: chatId }] = await db('chats')
    .insert({ salon_id: 1, title: 'bench', chat_type: 'user_customer', is_active: true, is_archived: false, message_count: 0, created_at: at, updated_at: at, last_message_at: at })
    .returning('id');
  await db('chat_participants').insert({ chat_id: chatId, participant_type: 'customer', participant_id: 1, joined_at: at, is_active: true, unread_count: 0 });
  const repos = repositories(db);
  const customer = { type: 'customer' as const, id: 1 };
  const times = { statement: [] as number[], transaction: [] as number[] };
  for (let i = 0; i < WRITES; i++) {
    const now = new Date().toISOString();
    const content = `hello ${i}`;
    const row = { created_at: now, ...textMessage(chatId, customer, content, `bench-${i}`) };
    const started = performance.now();
    if (i % 2 === 0) {
      if (!(await repos.writeMessagesAtOnce!(now, [{ ...row, preview: content }]))) throw new Error('the statement gave way to a transaction with no other writer');
      times.statement.push(performance.now() - started);
    } else {
      await repos.writeMessages(async (tx) => {
        await tx.messages.place([row]);
        await tx.chats.recordMessages(now, [{ chatId, count: 1, preview: content, customerWrote: true, customerCount: 1, firstStaff: null, endsWithCustomer: true, senders: [{ who: customer, count: 1 }] }]);
      });
      times.transaction.push(performance.now() - started);
    }
  }
  const figures = { statement: percentiles(times.statement), transaction: percentiles(times.transaction) };
  console.log(`A lone message's write on PostgreSQL, ${WRITES / 2} each way, alternated:`);
  for (const [way, f] of Object.entries(figures)) console.log(`  ${way === 'statement' ? 'one statement' : 'transaction  '}: p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, p99 ${ms(f.p99)}`);
  writeResults('write-path', { writes: WRITES, ...figures });
} finally {
  await db.destroy();
  await pg.drop();
}
