/** What the benches share: timing, the databases to run on, and the results file. */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { postgresDatabase } from '../test/postgres.ts';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

const WARM_UP_MS = 2000;

/**
 * Runs `run` for two seconds and at least `rounds` times to warm up (the JIT, the database's
 * caches and each pooled connection's prepared statements: the first few hundred calls here are
 * several times slower), then `rounds` times measured, one after another; milliseconds.
 */
export async function timed(run: () => Promise<unknown>, rounds: number): Promise<Latency> {
  const warm = performance.now() + WARM_UP_MS;
  for (let i = 0; i < rounds || performance.now() < warm; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return percentiles(times);
}

export function percentiles(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * A GET that must answer `status` (200 unless told), as a client on one kept-alive connection makes it, with node:http: `fetch` costs this
 * process (which also runs the server) a millisecond more a request than the server's own work.
 */
export function get(url: string, token: string, status = 200): Promise<{ bytes: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: keepAlive, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => (res.statusCode === status ? resolve({ bytes, headers: res.headers }) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;

export interface Answer {
  status: number;
  body: string;
}

/** One request over a kept-alive agent; network errors count as status 0. */
export function request(agent: http.Agent, url: string, method: string, options: { token?: string; json?: unknown; body?: Buffer; type?: string; localAddress?: string } = {}): Promise<Answer> {
  const body = options.json !== undefined ? Buffer.from(JSON.stringify(options.json)) : options.body;
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (body) headers['content-type'] = options.json !== undefined ? 'application/json' : options.type!;
  return new Promise((resolve) => {
    const req = http.request(url, { method, agent, headers, localAddress: options.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('error', (err) => resolve({ status: 0, body: err.message }));
    req.end(body);
  });
}

/** A server in its own temporary directory, on `databaseUrl` or SQLite there; `bench` gets it started and it is stopped after. */
async function withServer(databaseUrl: string | undefined, env: Record<string, string>, bench: (server: RunningServer) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-bench-'));
  const server = await startServer(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'silent', ...env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }),
  );
  try {
    await bench(server);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `bench` against a server on SQLite (a file in a fresh directory, as `npm start` has it)
 * and, when it is reachable, on a throwaway PostgreSQL database; `env`: configuration the bench
 * changes (a limit it lifts).
 */
export async function onEachDatabase(bench: (database: 'SQLite' | 'PostgreSQL', server: RunningServer) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  await withServer(undefined, env, (server) => bench('SQLite', server));
  const pg = await postgresDatabase();
  if (!('url' in pg)) {
    console.log(`PostgreSQL skipped: ${pg.skip}`);
    return;
  }
  try {
    await withServer(pg.url, env, (server) => bench('PostgreSQL', server));
  } finally {
    await pg.drop();
  }
}

/** Writes `bench/results/<name>.json`: the figures with the commit and the machine they come from. */
export function writeResults(name: string, figures: object): void {
  let commit: string | null = null;
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    commit = null;
  }
  const machine = { cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ commit, date: new Date().toISOString(), machine, ...figures }, null, 2)}\n`);
}
