/**
 * Runs the widget's browser tests in each engine of `ENGINES` (`chromium,firefox,webkit`) at
 * once, one test runner per engine with a server and database of its own, so that the slowest
 * engine sets the time. Each line of output names its engine; at the end, each engine's time and
 * result. Extra arguments (`--files …`) go to every runner.
 *
 * Without `ENGINES`, the three (about 4 minutes together on 2 cores); `ENGINES=chromium` for a
 * quicker run while working.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** Ports free now, one for each runner's page server: runners started together would all take the runner's default one. */
async function freePorts(count) {
  const probes = await Promise.all(
    Array.from({ length: count }, () => new Promise((resolve, reject) => {
      const probe = createServer().once('error', reject);
      probe.listen(0, '127.0.0.1', () => resolve(probe));
    })),
  );
  const ports = probes.map((probe) => probe.address().port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

const engines = (process.env.ENGINES || 'chromium,firefox,webkit').split(',').map((e) => e.trim());
const width = Math.max(...engines.map((e) => e.length));
const ports = await freePorts(engines.length);

const runs = engines.map(
  (engine, i) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn('npx', ['wtr', '--config', 'web-test-runner.config.mjs', '--port', String(ports[i]), ...process.argv.slice(2)], {
        env: { ...process.env, ENGINES: engine },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => {
          // the runner redraws its progress bar; only lines that say something are kept
          const text = line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trimEnd();
          if (text && !/^\S+: +\|/.test(text)) console.log(`${engine.padEnd(width)} │ ${text}`);
        });
      }
      child.once('exit', (code) => resolve({ engine, code, seconds: Math.round((Date.now() - started) / 1000) }));
    }),
);

const results = await Promise.all(runs);
for (const { engine, code, seconds } of results) console.log(`${engine.padEnd(width)} │ ${code === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
