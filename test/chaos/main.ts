/**
 * `npm run chaos`: the full chaos run (run.ts) on a throwaway database of the local PostgreSQL
 * (PG_TEST_URL, as the server's tests) and a private Redis. Prints what it did and found; exits
 * 1 on any loss, duplicate, reordering or other broken rule.
 */
import { postgresDatabase } from '../../server/test/postgres.ts';
import { printReport } from './report.ts';
import { runChaos } from './run.ts';

const db = await postgresDatabase();
if ('skip' in db) {
  console.error(`chaos: ${db.skip}`);
  process.exit(1);
}
try {
  const report = await runChaos({
    databaseUrl: db.url,
    customers: 40,
    staffTabs: 5,
    seconds: 180,
    kills: 20,
    redisRestarts: 4,
    cutEveryMs: 1500,
    stormClients: 1000,
    heartbeat: { pingMs: 3000, pongMs: 2000 },
    actEveryMs: 3000,
    say: (line) => console.log(`chaos: ${line}`),
  });
  printReport(report, console.log);
  process.exitCode = report.passed ? 0 : 1;
} finally {
  await db.drop();
}
