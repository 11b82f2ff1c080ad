import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from '../src/db/connection.ts';
import { outboxRepo } from '../src/repos/outbox.ts';
import { INTERRUPTED } from '../src/services/follow-ups/sender.ts';
import { ACCOUNTS, api, loginStaff, startTestServer, type TestServer } from './helpers.ts';
import { eventually, startMailCatcher } from './mail-catcher.ts';
import { postgresDatabase } from './postgres.ts';

/** Starts a node in a child process; answers it with its URL. */
async function startNode(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=@salon-chat/source', '--import', 'tsx', path.join(import.meta.dirname, 'outbox-node.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`node exited (${code}) before listening`)));
  });
  return { child, url };
}

/** A guest of Salon Rose who gave `email` and whose question the owner answers. */
async function answeredGuest(server: { url: string }, email: string): Promise<void> {
  const owner = await loginStaff(server, ACCOUNTS.staff[0].email, ACCOUNTS.staff[0].password);
  const salonId = (await api(server, 'GET', '/api/v1/auth/me', { token: owner.token })).body.salon_id;
  const start = await api(server, 'POST', '/api/v1/customer-auth/guest', { body: { salon_id: salonId, name: 'Kim', email } });
  assert.equal(start.status, 201, JSON.stringify(start.body));
  const chat = await api(server, 'POST', '/api/v1/chat/chats/customer', { token: start.body.access_token, body: { user_id: owner.id, initial_message: 'A trim on Friday?' } });
  const sent = await api(server, 'POST', `/api/v1/chat/chats/${chat.body.id}/messages`, { token: owner.token, body: { content: 'Friday at 3 is free.' } });
  assert.equal(sent.status, 201);
}

describe('the outbox', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-outbox-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sends nothing twice after a node is killed in the middle of sending (SIGKILL) and started again', async () => {
    let node: { child: ChildProcess; url: string } | undefined;
    let killed = false;
    // The SMTP server has the whole first mail when the node dies, before it hears the answer.
    const smtp = await startMailCatcher({
      received: () => {
        if (killed) return;
        killed = true;
        node!.child.kill('SIGKILL');
      },
    });
    const env = {
      DATABASE_URL: `sqlite:${path.join(dir, 'outbox.sqlite')}`,
      DATA_DIR: dir,
      JWT_SECRET: 'test-secret-test-secret',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'hello@rose.test',
      FOLLOW_UP_AFTER: '1',
      OUTBOX_LEASE_SECONDS: '1',
      OUTBOX_RETRY_BASE_SECONDS: '0.2',
    };
    try {
      node = await startNode(env);
      await answeredGuest(node, 'first@example.test');
      await answeredGuest(node, 'second@example.test');
      await eventually(() => node!.child.exitCode !== null || node!.child.signalCode !== null, 8000, 'the node killed mid-send');

      node = await startNode(env);
      await eventually(() => smtp.to('first@example.test').length + smtp.to('second@example.test').length === 2, 8000, 'the other follow-up after the restart');
      await sleep(2500);
      assert.equal(smtp.to('first@example.test').length, 1);
      assert.equal(smtp.to('second@example.test').length, 1);

      const db = openDb(env.DATABASE_URL);
      try {
        const rows = await db('outbox').orderBy('id').select('recipient', 'status', 'last_error', 'attempts');
        const interrupted = rows.filter((r) => r.status === 'failed');
        assert.equal(interrupted.length, 1, JSON.stringify(rows));
        assert.equal(interrupted[0].last_error, INTERRUPTED);
        assert.equal(interrupted[0].attempts, 1);
        assert.equal(rows.filter((r) => r.status === 'sent').length, 1, JSON.stringify(rows));
      } finally {
        await db.destroy();
      }
    } finally {
      node?.child.kill('SIGKILL');
      await smtp.close();
    }
  });

  it('tries a refused connection again later, and drops what waits when the customer unsubscribes', async () => {
    // Nothing listens on port 9 (discard): each attempt is refused before anything is sent.
    const server = await startTestServer({ SMTP_URL: 'smtp://127.0.0.1:9', FOLLOW_UP_AFTER: '1', OUTBOX_RETRY_BASE_SECONDS: '60' });
    try {
      await answeredGuest(server, 'waiting@example.test');
      const row = await eventually(async () => {
        const item = await server.services.db('outbox').where({ recipient: 'waiting@example.test' }).first();
        return item?.attempts === 1 && item.status === 'pending' && item;
      }, 8000, 'a first refused attempt');
      assert.match(row.last_error, /SMTP: .*ECONNREFUSED/);
      assert.ok(Number(row.next_attempt_at) - Date.now() > 50_000, 'the next attempt after the backoff');
      const unsubscribe = (JSON.parse(row.headers) as Record<string, string>)['List-Unsubscribe']!.slice(1, -1);
      const res = await fetch(unsubscribe, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(res.status, 200);
      const after = await server.services.db('outbox').where({ id: row.id }).first();
      assert.deepEqual([after.status, after.last_error], ['cancelled', 'the customer unsubscribed']);
    } finally {
      await server.stop();
    }
  });

  it('is sent once by two nodes on one PostgreSQL database', async (t) => {
    const pg = await postgresDatabase();
    if ('skip' in pg) return t.skip(pg.skip);
    const smtp = await startMailCatcher();
    const env = { DATABASE_URL: pg.url, SMTP_URL: smtp.url, MAIL_FROM: 'hello@rose.test', FOLLOW_UP_AFTER: '1', OUTBOX_RETRY_BASE_SECONDS: '0.1', GUESTS_PER_MINUTE: '100' };
    const nodes: TestServer[] = [];
    try {
      nodes.push(await startTestServer(env), await startTestServer(env));
      const items = 60;
      const repo = outboxRepo(nodes[0]!.services.db);
      for (let i = 0; i < items; i++) {
        const item = { channel: 'email' as const, recipient: `item${i}@example.test`, sender_name: 'Salon Rose', subject: `Item ${i}`, text_body: `Item ${i}`, html_body: null, headers: null, dedupe_key: `test:${i}`, salon_id: null, chat_id: null, customer_id: null };
        await repo.insert(nodes[0]!.services.db, item, Date.now());
      }
      const started = Date.now();
      for (let i = 0; i < 4; i++) await answeredGuest(nodes[i % 2]!, `guest${i}@example.test`);
      await eventually(() => smtp.mails.length >= items + 4, 15_000, 'every item sent');
      t.diagnostic(`${items + 4} items sent once each by two nodes in ${Date.now() - started} ms`);
      await sleep(1500);
      const counts = new Map<string, number>();
      for (const mail of smtp.mails) for (const to of mail.envelopeTo) counts.set(to, (counts.get(to) ?? 0) + 1);
      assert.equal(counts.size, items + 4);
      assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], 'no item sent twice');
      const statuses = await nodes[0]!.services.db('outbox').groupBy('status').select('status', nodes[0]!.services.db.raw('count(*)::int as n'));
      assert.deepEqual(statuses, [{ status: 'sent', n: items + 4 }]);
    } finally {
      for (const node of nodes) await node.stop();
      await pg.drop();
      await smtp.close();
    }
  });
});
