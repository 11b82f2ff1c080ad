import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import type { Knex } from 'knex';
import { isPostgres } from '../src/db/connection.ts';
import { searchReader } from '../src/db/sqlite-client.ts';
import { repositories } from '../src/repos/index.ts';
import { api, newChat, signInCast, startOn, type Session, type TestServer } from './helpers.ts';

const MAX_MESSAGES = 20;

/** The staff's chat search, through the real server, on every dialect. */
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`chat search on ${dialect}`, () => {
    let server: TestServer | undefined;
    let skip: string | undefined;
    let cast: Awaited<ReturnType<typeof signInCast>>;
    const chats: Record<'colour' | 'nails' | 'elsewhere', number> = { colour: 0, nails: 0, elsewhere: 0 };

    const search = async (who: Session, words: string) => {
      const res = await api(server!, 'GET', `/api/v1/chat/chats?search=${encodeURIComponent(words)}`, { token: who.token });
      assert.equal(res.status, 200, `${words}: ${JSON.stringify(res.body)}`);
      return (res.body as { id: number }[]).map((c) => c.id).sort((a, b) => a - b);
    };
    const send = (who: Session, chatId: number, content: string) => api(server!, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: who.token, body: { content } });

    before(async () => {
      const started = await startOn(dialect, {
        SEARCHES_PER_ACCOUNT: '2',
        SEARCHES_PER_SALON: '3',
        SEARCHES_PER_PROCESS: '3',
        // the tests search one after another faster than staff type: the rate has a test of its own
        SEARCHES_PER_SECOND_PER_SALON: '1000',
        SEARCH_MAX_MESSAGES: String(MAX_MESSAGES),
        SEARCH_TIMEOUT_MS: '60000',
      });
      if ('skip' in started) {
        skip = started.skip;
        return;
      }
      server = started;
      cast = await signInCast(server);
      chats.colour = await newChat(server, cast.lucas, cast.stylist, 'An Éclat balayage, please');
      assert.equal((await send(cast.lucas, chats.colour, 'And a trim')).status, 201);
      await server.services.db('chats').where({ id: chats.colour }).update({ title: 'Colour Consultation' });
      for (let i = 0; i < 3; i++) assert.equal((await send(cast.stylist, chats.colour, `later word ${i}`)).status, 201);
      chats.nails = await newChat(server, cast.emma, cast.admin, 'hello');
      chats.elsewhere = await newChat(server, cast.lucas, cast.other, 'Éclat balayage in the other salon');
    });
    after(() => server?.stop());

    it('finds chats by customer name, contact, title and any message, case aside, in the caller’s salon only', async (t) => {
      if (skip) return t.skip(skip);
      assert.deepEqual(await search(cast.admin, 'éclat'), [chats.colour], 'an old message of the chat, "Éclat" found by "éclat"');
      assert.deepEqual(await search(cast.admin, 'ÉCLAT BALAYAGE'), [chats.colour]);
      assert.deepEqual(await search(cast.admin, 'later word 2'), [chats.colour], 'a message sent after the chat began');
      assert.deepEqual(await search(cast.admin, 'colour consult'), [chats.colour], 'the title');
      assert.deepEqual(await search(cast.admin, 'zoe ad'), [chats.nails], 'the customer’s name');
      assert.deepEqual(await search(cast.admin, '50000001'), [chats.nails], 'the customer’s contact');
      assert.deepEqual(await search(cast.stylist, 'leo'), [chats.colour], 'the other customer, in this salon only');
      assert.deepEqual(await search(cast.other, 'éclat'), [chats.elsewhere], 'another salon finds its own chat only');
      assert.deepEqual(await search(cast.admin, 'no such words anywhere'), []);
      assert.deepEqual(await search(cast.admin, 'a%trim'), [], '% is a character, not a wildcard');
    });

    it('looks for fewer than 3 letters or digits in names, contacts and titles only', async (t) => {
      if (skip) return t.skip(skip);
      assert.deepEqual(await search(cast.admin, 'Zo'), [chats.nails], 'a name');
      assert.deepEqual(await search(cast.admin, 'ns'), [chats.colour], 'a title ("Consultation")');
      assert.deepEqual(await search(cast.admin, 'ri'), [], '"trim" is in a message only');
    });

    it('pages search results by cursor', async (t) => {
      if (skip) return t.skip(skip);
      const first = await api(server!, 'GET', `/api/v1/chat/chats?search=e&limit=1`, { token: cast.admin.token });
      assert.equal(first.body.length, 1);
      const cursor = first.headers.get('x-next-cursor');
      assert.ok(cursor);
      const second = await api(server!, 'GET', `/api/v1/chat/chats?search=e&limit=1&cursor=${cursor}`, { token: cast.admin.token });
      assert.equal(second.status, 200);
      assert.deepEqual([...first.body, ...second.body].map((c: { id: number }) => c.id).sort(), [chats.colour, chats.nails].sort());
    });

    it('answers 422, asking for more specific words, when the words are in more messages than a search reads', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'common words 0');
      for (let i = 1; i <= MAX_MESSAGES; i++) assert.equal((await send(cast.emma, chatId, `common words ${i}`)).status, 201);
      const res = await api(server!, 'GET', `/api/v1/chat/chats?search=common`, { token: cast.admin.token });
      assert.equal(res.status, 422);
      assert.match(res.body.detail, /^search: .*more than 20 messages.*more specific/);
      assert.deepEqual(await search(cast.admin, 'common words 7'), [chatId], 'narrower words find the chat');
      assert.deepEqual(await search(cast.other, 'common'), [], 'another salon’s messages are not counted');
    });

    it('answers 422 with a detail to a malformed cursor or search, before the database sees it', async (t) => {
      if (skip) return t.skip(skip);
      const cursor = (value: unknown) => encodeURIComponent(Buffer.from(JSON.stringify(value)).toString('base64url'));
      const time = '2026-11-30T09:15:00.000Z';
      const cursors = [
        'nonsense!',
        cursor({ at: time, id: 1 }),
        cursor(['yesterday', 1]),
        cursor(['2026-13-45T00:00:00.000Z', 1]),
        cursor(['2026-02-30T00:00:00.000Z', 1]),
        cursor(['0000-01-01T00:00:00.000Z', 1]),
        cursor([`${time}\u0000`, 1]),
        cursor([time, 0]),
        cursor([time, -1]),
        cursor([time, 2 ** 31]),
        cursor([time, 1.5]),
        `${cursor([time, 1])}%00`,
        '%01abc',
      ];
      for (const c of cursors) {
        for (const search of ['', '&search=eclat']) {
          const res = await api(server!, 'GET', `/api/v1/chat/chats?limit=5&cursor=${c}${search}`, { token: cast.admin.token });
          assert.equal(res.status, 422, `cursor ${c}${search}: ${JSON.stringify(res.body)}`);
          assert.match(res.body.detail, /cursor/);
        }
      }
      for (const words of ['%00', 'ab%00cd', '%01', 'line%0Abreak', '%7F', 'x'.repeat(101)]) {
        const res = await api(server!, 'GET', `/api/v1/chat/chats?search=${words}`, { token: cast.admin.token });
        assert.equal(res.status, 422, `search ${words}: ${JSON.stringify(res.body)}`);
        assert.match(res.body.detail, /search/);
      }
      const good = await api(server!, 'GET', `/api/v1/chat/chats?limit=5&cursor=${cursor([time, 2 ** 31 - 1])}&search=eclat`, { token: cast.admin.token });
      assert.equal(good.status, 200, 'a cursor of the right shape is taken');
    });

    it('reads the messages through the index, not every message', async (t) => {
      if (skip) return t.skip(skip);
      const db = server!.services.db;
      // A salon as large as a real one (2,000 chats, 20,000 messages), so that the database
      // weighs reading through the index against reading the salon's messages.
      const at = new Date().toISOString();
      const bulk = Array.from({ length: 2000 }, (_, i) => ({ salon_id: 1, title: null, is_archived: true, last_message_at: at, message_count: 10, created_at: at, updated_at: at, id: 100_000 + i }));
      await db.batchInsert('chats', bulk, 500);
      const messages = bulk.flatMap((c, i) => Array.from({ length: 10 }, (_, seq) => ({ chat_id: c.id, sender_type: 'customer', sender_id: cast.emma.id, message_type: 'text', content: `bulk message ${seq} of chat ${i}`, created_at: at, updated_at: at, seq: seq + 1 })));
      await db.batchInsert('messages', messages, 400);
      // VACUUM moves the new rows from the GIN index's pending list into the index, as autovacuum would.
      if (isPostgres(db)) await db.raw('VACUUM ANALYZE messages, chats');
      const statements: { sql: string; bindings: readonly unknown[] }[] = [];
      const onEventLoop: string[] = [];
      const record = (q: { sql: string; bindings?: readonly unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
      const recordOnEventLoop = (q: { sql: string }) => onEventLoop.push(q.sql);
      // SQLite's search runs on a thread of its own, with its own connection
      const runner = searchReader(db) ?? db;
      runner.on('query', record);
      if (runner !== db) db.on('query', recordOnEventLoop);
      try {
        const outcome = await repositories(db).chats.searchSalon(1, { archived: false, me: 1 }, { limit: 10, search: 'balayage' }, { messages: MAX_MESSAGES, ms: 60_000 });
        assert.deepEqual('rows' in outcome && outcome.rows.map((r) => r.id), [chats.colour]);
      } finally {
        runner.removeListener('query', record);
        db.removeListener('query', recordOnEventLoop);
      }
      assert.deepEqual(onEventLoop, [], 'no statement of the search on the event loop’s connection');
      const reading = statements.filter((s) => /\bmessages(_search)?\b/.test(s.sql));
      assert.equal(reading.length, 2, 'the count of matching messages, then the page');
      for (const { sql, bindings } of reading) {
        const plan = await explain(db, sql, bindings);
        if (isPostgres(db)) {
          assert.match(plan, /messages_content_trgm/, plan);
          assert.doesNotMatch(plan, /Seq Scan on messages/, plan);
        } else {
          assert.match(plan, /SCAN messages_search VIRTUAL TABLE INDEX/, plan);
          assert.doesNotMatch(plan, /SCAN (messages|m|sm)\b(?!_search)/, plan);
        }
      }
    });

    // A deadline: a server without the limit keeps all five waiting for the lock.
    it('refuses more searches at once than an account, a salon or the server may run, with Retry-After', { timeout: 60_000 }, async (t) => {
      if (skip) return t.skip(skip);
      // Nothing a SQLite writer does makes a reader in WAL mode wait: a search cannot be held half-way.
      if (dialect === 'sqlite') return t.skip('a SQLite search cannot be held half-way');
      const db = server!.services.db;
      const lock = await db.transaction();
      await lock.raw('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
      // The searches that get a place wait for the lock; the others are answered at once.
      const answers: { status: number; body: { detail: string }; headers: Headers }[] = [];
      const searches = [cast.admin, cast.admin, cast.admin, cast.stylist, cast.stylist].map((who) =>
        api(server!, 'GET', '/api/v1/chat/chats?search=balayage', { token: who.token }).then((res) => {
          answers.push(res);
          return res;
        }),
      );
      await until(() => answers.length >= 2);
      assert.deepEqual(answers.map((a) => a.status), [429, 429], 'two of five refused (2 an account, 3 the salon), three waiting');
      for (const a of answers) {
        assert.equal(a.headers.get('retry-after'), '1');
        assert.match(a.body.detail, /^search: at most [23] searches of one (account|salon) at once/);
      }
      const elsewhere = await api(server!, 'GET', '/api/v1/chat/chats?search=zo', { token: cast.other.token });
      assert.equal(elsewhere.status, 429, 'another salon’s search finds the server’s 3 places taken');
      assert.match(elsewhere.body.detail, /^search: at most 3 searches at once on this server/);
      await lock.commit();
      const statuses = (await Promise.all(searches)).map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.deepEqual(await search(cast.admin, 'balayage'), [chats.colour], 'the places are given back');
      assert.deepEqual(await search(cast.other, 'éclat'), [chats.elsewhere]);
    });

    it('answers 503 to a search whose thread ends under it, then searches on a new thread', async (t) => {
      if (skip) return t.skip(skip);
      if (dialect === 'postgres') return t.skip('PostgreSQL runs the searches in its own processes');
      const reader = searchReader(server!.services.db)!;
      assert.deepEqual(await search(cast.admin, 'balayage'), [chats.colour]);
      const thread = (reader.client as { thread?: Worker }).thread!;
      // the thread ends with the search's first statement on it
      reader.once('query', () => void thread.terminate());
      const lost = await api(server!, 'GET', '/api/v1/chat/chats?search=balayage', { token: cast.admin.token });
      assert.equal(lost.status, 503, JSON.stringify(lost.body));
      assert.match(lost.body.detail, /^search: the search stopped before it answered; try again/);
      assert.equal(lost.headers.get('retry-after'), '1');
      assert.notEqual((reader.client as { thread?: Worker }).thread, thread, 'a new thread');
      assert.deepEqual(await search(cast.admin, 'balayage'), [chats.colour], 'the next search is answered');
      assert.deepEqual(await search(cast.other, 'éclat'), [chats.elsewhere]);
    });

    it('stops a search past its time budget on PostgreSQL', async (t) => {
      if (skip) return t.skip(skip);
      if (dialect === 'sqlite') return t.skip('SQLite cannot stop a statement; its searches are bounded by the messages they read');
      const db = server!.services.db;
      const lock = await db.transaction();
      try {
        await lock.raw('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
        const outcome = await repositories(db).chats.searchSalon(1, { archived: false, me: 1 }, { limit: 10, search: 'balayage' }, { messages: MAX_MESSAGES, ms: 50 });
        assert.deepEqual(outcome, { over: 'time' });
      } finally {
        await lock.rollback();
      }
    });
  });
}

/** The plan of a statement: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL. */
async function explain(db: Knex, sql: string, bindings: readonly unknown[]): Promise<string> {
  if (isPostgres(db)) {
    // Knex reports PostgreSQL's statements with $1, $2… in the order of their bindings.
    const { rows } = await db.raw(`EXPLAIN ${sql.replace(/\$\d+/g, '?')}`, bindings as Knex.RawBinding[]);
    return rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
  }
  const rows = await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.RawBinding[]);
  return rows.map((r: { detail: string }) => r.detail).join('\n');
}

/** Waits, a turn of the event loop at a time, until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the SQLite search thread', () => {
  it('ends with the server', async () => {
    const started = await startOn('sqlite');
    if ('skip' in started) throw new Error(started.skip);
    const cast = await signInCast(started);
    assert.equal((await api(started, 'GET', '/api/v1/chat/chats?search=balayage', { token: cast.admin.token })).status, 200);
    const thread = (searchReader(started.services.db)!.client as { thread?: Worker }).thread!;
    const exited = once(thread, 'exit');
    await started.stop();
    await exited;
  });
});

describe('the rate of chat searches', () => {
  it('lets one salon start a few searches a second, answers 429 beyond, and leaves other salons theirs', async () => {
    const started = await startOn('sqlite', { SEARCHES_PER_SECOND_PER_SALON: '1', SEARCHES_PER_ACCOUNT: '100', SEARCHES_PER_SALON: '100', SEARCHES_PER_PROCESS: '100' });
    if ('skip' in started) throw new Error(started.skip);
    try {
      const cast = await signInCast(started);
      const search = (who: Session) => api(started, 'GET', '/api/v1/chat/chats?search=balayage', { token: who.token });
      const answers = await Promise.all([cast.admin, cast.stylist, cast.admin, cast.stylist].map(search));
      const refused = answers.filter((r) => r.status === 429);
      assert.ok(refused.length >= 1 && answers.filter((r) => r.status === 200).length >= 2, `answers ${answers.map((r) => r.status)}: two at once, then one a second`);
      assert.match(refused[0]!.body.detail, /at most 1 searches a second for one salon/);
      assert.ok(Number(refused[0]!.headers.get('retry-after')) >= 1);
      assert.equal((await search(cast.other)).status, 200, 'another salon searches still');
    } finally {
      await started.stop();
    }
  });
});
