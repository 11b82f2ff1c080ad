/**
 * `npm run mutation`: runs the suite against the reference server with each single fault of
 * test/helpers/mutations.ts injected, and prints which scenarios kill each. Exits 1 if any fault
 * survives, or is caught without its rule being named.
 */
import { MUTATIONS } from './helpers/mutations.ts';
import { runMutants } from './helpers/mutants.ts';
import { startReferenceServer } from './helpers/reference-server.ts';

const server = await startReferenceServer();
const started = performance.now();
try {
  const results = await runMutants(server.url, MUTATIONS, (r) => process.stderr.write(r.killed ? '.' : 'S'));
  process.stderr.write('\n');
  console.log('| fault | rule it breaks | killed by |');
  console.log('| --- | --- | --- |');
  for (const r of results) {
    const killers = r.refused ? `the run refused the target: ${r.refused.message}` : r.killers.map((k) => (k.rule === r.mutation.rule ? `**${k.id}**` : k.id)).join(', ');
    console.log(`| ${r.name} | \`${r.mutation.rule}\` | ${killers || 'SURVIVED'} |`);
  }
  const survivors = results.filter((r) => !r.killed);
  const unnamed = results.filter((r) => r.killed && !r.namesRule);
  console.log(`\n${results.length - survivors.length} of ${results.length} faults killed (bold: the scenarios that name the broken rule), in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  for (const r of survivors) console.log(`survived: ${r.name}`);
  for (const r of unnamed) console.log(`killed without naming ${r.mutation.rule}: ${r.name} (${r.killers.map((k) => `${k.id}: ${k.rule}`).join('; ')})`);
  process.exitCode = survivors.length || unnamed.length ? 1 : 0;
} finally {
  await server.stop();
}
