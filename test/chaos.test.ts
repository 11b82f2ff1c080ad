/**
 * The chaos run, short (`npm run chaos` is the full one): 50 people on the widget's client code
 * chat across two nodes while nodes are killed, Redis restarts and connections are cut; nothing
 * may be lost, duplicated or reordered (test/chaos/). Skipped (with the reason) where PostgreSQL
 * or redis-server is absent, except under CI=true.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { postgresDatabase } from '../server/test/postgres.ts';
import { printReport } from './chaos/report.ts';
import { runChaos, type ChaosReport } from './chaos/run.ts';

/** Why no private Redis can be started here, or null. */
function redisAbsent(): string | null {
  const found = spawnSync('redis-server', ['--version']);
  if (found.status === 0) return null;
  if (process.env.CI === 'true') throw new Error('redis-server is not installed');
  return 'redis-server is not installed';
}

describe('chaos: two nodes, a Redis and the network failing under 50 chatting people', { timeout: 150_000 }, () => {
  let skip: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  let report: ChaosReport;

  before(async () => {
    const db = await postgresDatabase();
    if ('skip' in db) skip = db.skip;
    else drop = db.drop;
    skip ??= redisAbsent() ?? undefined;
    if (skip) return console.log(`# skipped: ${skip}`);
    if ('skip' in db) return;
    report = await runChaos({
      databaseUrl: db.url,
      customers: 40,
      staffTabs: 5,
      seconds: 28,
      kills: 4,
      redisRestarts: 1,
      cutEveryMs: 1000,
      stormClients: 1000,
      heartbeat: { pingMs: 2000, pongMs: 1500 },
      actEveryMs: 2500,
      say: (line) => console.log(`# chaos: ${line}`),
    });
    printReport(report, (line) => console.log(`# ${line}`));
  });

  after(async () => {
    await drop?.();
  });

  it('stores every confirmed message once and shows it once, in id order, to every member', (t) => {
    if (skip) return t.skip(skip);
    assert.ok(report.confirmed > 0, 'messages were confirmed');
    assert.deepEqual({ lost: report.lost, duplicated: report.duplicated, outOfOrder: report.outOfOrder, unconfirmed: report.unconfirmed }, { lost: 0, duplicated: 0, outOfOrder: 0, unconfirmed: 0 }, report.problems.join('\n'));
  });

  it("keeps each participant's unread count to the server's rule, after the reads they made", (t) => {
    if (skip) return t.skip(skip);
    assert.deepEqual({ unreadWrong: report.unreadWrong, readsAstray: report.readsAstray }, { unreadWrong: 0, readsAstray: 0 }, report.problems.join('\n'));
  });

  it('brings every client back within the bound its heartbeat and backoff give', (t) => {
    if (skip) return t.skip(skip);
    assert.ok(report.kills > 0 && report.cuts > 0 && report.silenced > 0, 'faults happened');
    assert.equal(report.overBound, 0, `longest outage ${report.longestOutageMs} ms, bound ${report.outageBoundMs} ms`);
  });

  it('takes back a thousand clients at once after a node dies', (t) => {
    if (skip) return t.skip(skip);
    assert.ok(report.storm.dropped > 0);
    assert.equal(report.storm.reconnected, report.storm.dropped);
  });

  it('drops a client that stops reading before it grows a node without bound', (t) => {
    if (skip) return t.skip(skip);
    assert.ok(report.slowReaderDropped);
  });
});
