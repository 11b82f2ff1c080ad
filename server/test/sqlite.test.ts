import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { startNodeProcess } from '../scripts/node-process.ts';
import { migrate, openDb } from '../src/db/connection.ts';
import { api, Client, DEMO_ACCOUNTS, newChat, signInCast, startTestServer } from './helpers.ts';

describe('SQLite connection', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-sqlite-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the WAL’s checkpoints to their own thread, which copies commits into the file within a second', async () => {
    const file = path.join(dir, 'checkpoints.sqlite');
    const db = openDb(`sqlite:${file}`);
    await migrate(db);
    assert.deepEqual(await db.raw('PRAGMA wal_autocheckpoint'), [{ wal_autocheckpoint: 0 }]);
    const before = statSync(file).size;
    const text = 'x'.repeat(4000);
    await db.transaction(async (tx) => {
      for (let i = 0; i < 1000; i++) await tx('salons').insert({ name: `${i} ${text}`, created_at: new Date().toISOString() });
    });
    assert.ok(statSync(`${file}-wal`).size > 4_000_000, 'the commit is in the WAL');
    let size = statSync(file).size;
    for (let waited = 0; size < before + 4_000_000 && waited < 3000; waited += 100) {
      await sleep(100);
      size = statSync(file).size;
    }
    assert.ok(size >= before + 4_000_000, `the database file grew to ${size} bytes`);
    await db.destroy();
    assert.equal(existsSync(`${file}-wal`), false, 'the WAL is folded in and removed on close');
    const reopened = openDb(`sqlite:${file}`);
    assert.deepEqual(await reopened('salons').count({ n: '*' }), [{ n: 1000 }]);
    await reopened.destroy();
  });

  it('keeps every message it confirmed when its process is killed in the middle of a stream of them', { timeout: 90_000 }, async () => {
    const data = mkdtempSync(path.join(dir, 'crash-'));
    const env = { DATA_DIR: data, JWT_SECRET: 'test-secret-test-secret', LOG_LEVEL: 'info', WS_FRAMES_PER_SECOND: '100000', WS_ACCOUNT_FRAMES_PER_SECOND: '100000', MESSAGES_PER_SECOND: '100000' };
    const node = await startNodeProcess({ ...env, SEED_DEMO: 'true' });
    const cast = await signInCast(node, DEMO_ACCOUNTS);
    const chatId = await newChat(node, cast.emma, cast.admin);
    const emma = await Client.connect(node, cast.emma);
    await emma.join(chatId);
    const confirmed = new Set<string>();
    emma.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; message?: { client_message_id?: string } };
      if (frame.type === 'message' && frame.message?.client_message_id) confirmed.add(frame.message.client_message_id);
    });
    const exited = new Promise((resolve) => node.child.once('exit', resolve));
    const SENT = 5000;
    for (let i = 0; i < SENT; i++) emma.send({ type: 'send_message', chat_id: chatId, content: `message ${i}`, client_message_id: `m${i}` });
    const deadline = Date.now() + 30_000;
    while (confirmed.size < 300) {
      if (Date.now() > deadline) throw new Error(`only ${confirmed.size} messages confirmed in 30 s`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    node.child.kill('SIGKILL');
    await exited;

    const again = await startNodeProcess({ ...env, SEED_DEMO: 'false' });
    try {
      const stored: string[] = [];
      for (let after = 0; ; ) {
        const page = await api(again, 'GET', `/api/v1/chat/chats/${chatId}/messages?after_id=${after}&page_size=100`, { token: cast.emma.token });
        assert.equal(page.status, 200, JSON.stringify(page.body));
        const messages = page.body.messages as { id: number; client_message_id: string | null }[];
        if (messages.length === 0) break;
        stored.push(...messages.flatMap((m) => m.client_message_id ?? []));
        after = Math.max(...messages.map((m) => m.id));
      }
      assert.ok(stored.length < SENT, `the kill cut the stream short: ${stored.length} of ${SENT} stored`);
      assert.equal(new Set(stored).size, stored.length, 'no message stored twice');
      const missing = [...confirmed].filter((id) => !stored.includes(id));
      assert.deepEqual(missing, [], `of ${confirmed.size} confirmed, ${stored.length} stored`);
    } finally {
      again.child.kill('SIGKILL');
    }
  });

  it('brings the WAL back under its limit once a burst of writes is over', async () => {
    const limit = 1024 * 1024;
    const server = await startTestServer({ SQLITE_WAL_LIMIT: String(limit) });
    try {
      const { db } = server.services;
      assert.deepEqual(await db.raw('PRAGMA journal_size_limit'), [{ journal_size_limit: limit }]);
      const wal = `${server.config.databaseUrl.slice('sqlite:'.length)}-wal`;
      const text = 'x'.repeat(4000);
      let peak = 0;
      for (let batch = 0; batch < 4; batch++) {
        await db.transaction(async (tx) => {
          for (let i = 0; i < 500; i++) await tx('salons').insert({ name: `${batch}.${i} ${text}`, created_at: new Date().toISOString() });
        });
        peak = Math.max(peak, statSync(wal).size);
      }
      assert.ok(peak > 2 * limit, `the burst grew the WAL past its limit (${peak} bytes)`);
      let size = statSync(wal).size;
      for (const deadline = Date.now() + 10_000; size > limit && Date.now() < deadline; ) {
        await sleep(100);
        size = statSync(wal).size;
      }
      assert.ok(size <= limit, `the WAL is ${size} bytes once the writes are over`);
      assert.deepEqual(await db('salons').count({ n: '*' }), [{ n: 2 + 4 * 500 }], 'every committed row is kept');
    } finally {
      await server.stop();
    }
  });
});
