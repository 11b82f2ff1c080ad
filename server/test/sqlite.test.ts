import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { migrate, openDb } from '../src/db/connection.ts';

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
});
