/**
 * Realtime throughput against a bare `ws` relay of the same frames, each in its own process:
 * CHATS chats, each with one staff and one customer socket joined, every socket keeping
 * IN_FLIGHT messages under way for SECONDS; every message reaches both sockets of its chat (the
 * sender's copy is its acknowledgement). Prints deliveries a second and send→delivery latency,
 * and writes them to bench/results/realtime.json. Runs PostgreSQL too when it is reachable.
 * With BENCH_PROFILE=<dir>, each salon-chat server writes a CPU profile there. Stops by itself.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { postgresDatabase } from '../test/postgres.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 200);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const HERE = import.meta.dirname;
const PROFILE = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];

interface Target {
  name: string;
  wsUrl(side: 'user' | 'customer'): string;
  chatIds: number[];
  stop(): Promise<void>;
}

function spawnUntil(args: string[], env: NodeJS.ProcessEnv, ready: (line: string) => string | undefined): Promise<{ child: ChildProcess; value: string }> {
  const child = spawn(process.execPath, [...(args[0] === 'src/main.ts' ? PROFILE : []), '--import', 'tsx', ...args], { cwd: path.join(HERE, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const value = ready(line);
      if (value) resolve({ child, value });
    });
  });
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

async function relay(): Promise<Target> {
  const { child, value } = await spawnUntil(['bench/relay.ts'], {}, (line) => (line.startsWith('{"port"') ? line : undefined));
  const { port } = JSON.parse(value) as { port: number };
  return { name: 'bare ws relay (no auth, no storage)', wsUrl: () => `ws://127.0.0.1:${port}/`, chatIds: Array.from({ length: CHATS }, (_, i) => i + 1), stop: () => stopChild(child) };
}

async function salonChat(name: string, databaseUrl?: string): Promise<Target> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-realtime-'));
  const unlimited = '100000000';
  const { child, value: url } = await spawnUntil(
    ['src/main.ts'],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      JWT_SECRET: 'bench-secret-bench-secret',
      LOG_LEVEL: 'info',
      CHATS_PER_DAY: unlimited,
      WS_FRAMES_PER_SECOND: unlimited,
      WS_BYTES_PER_SECOND: unlimited,
      WS_ACCOUNT_FRAMES_PER_SECOND: unlimited,
      WS_ACCOUNT_BYTES_PER_SECOND: unlimited,
      WS_SOCKETS_PER_ACCOUNT: unlimited,
    },
    (line) => (line.includes('"salon-chat listening"') ? (JSON.parse(line) as { url: string }).url : undefined),
  );
  const post = async (route: string, body: unknown, token?: string) => {
    const res = await fetch(url + route, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ access_token: string; id: number }>;
  };
  const customer = (await post('/api/v1/customer-auth/login', { phone: '+1234567890', password: 'customer123' })).access_token;
  const staff = (await post('/api/v1/auth/login', { email: 'admin@salon.com', password: 'admin123' })).access_token;
  const chatIds: number[] = [];
  for (let i = 0; i < CHATS; i++) chatIds.push((await post('/api/v1/chat/chats/customer', { user_id: 1, title: `load ${i}` }, customer)).id);
  const ws = url.replace(/^http/, 'ws');
  return {
    name,
    wsUrl: (side) => `${ws}/api/v1/chat/ws/chat/${side}?token=${side === 'user' ? staff : customer}`,
    chatIds,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Figures {
  target: string;
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  lost: number;
}

function open(url: string, chatId: number): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', function joined(data) {
      const frame = JSON.parse(data.toString()) as { type: string };
      if (frame.type === 'connected') socket.send(JSON.stringify({ type: 'join_chat', chat_id: chatId }));
      if (frame.type === 'joined_chat') {
        socket.off('message', joined);
        resolve(socket);
      }
    });
  });
}

async function load(target: Target): Promise<Figures> {
  const sockets: { socket: WebSocket; chatId: number }[] = [];
  for (const chatId of target.chatIds) {
    for (const side of ['customer', 'user'] as const) sockets.push({ socket: await open(target.wsUrl(side), chatId), chatId });
  }
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let deliveries = 0;
  let sent = 0;
  let running = true;
  let measuring = false;
  const echoes = new Map<WebSocket, number>();

  const drained = Promise.all(
    sockets.map(
      ({ socket, chatId }, index) =>
        new Promise<void>((resolve) => {
          let n = 0;
          let pending = 0;
          const sendOne = () => {
            const cid = `${index}-${n++}`;
            sentAt.set(cid, performance.now());
            pending++;
            sent++;
            socket.send(JSON.stringify({ type: 'send_message', chat_id: chatId, content: `message ${cid}`, client_message_id: cid }));
          };
          socket.on('message', (data) => {
            const frame = JSON.parse(data.toString()) as { type: string; message?: { client_message_id?: string | null } };
            if (frame.type !== 'message') return;
            const cid = frame.message!.client_message_id!;
            if (measuring) {
              deliveries++;
              latencies.push(performance.now() - sentAt.get(cid)!);
            }
            if (cid.startsWith(`${index}-`)) {
              pending--;
              echoes.set(socket, (echoes.get(socket) ?? 0) + 1);
              if (running) sendOne();
              else if (pending === 0) resolve();
            }
          });
          for (let i = 0; i < IN_FLIGHT; i++) sendOne();
        }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  measuring = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  running = false;
  const settled = await Promise.race([drained.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
  const confirmed = [...echoes.values()].reduce((a, b) => a + b, 0);
  for (const { socket } of sockets) socket.terminate();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { target: target.name, deliveriesPerSecond: deliveries / seconds, p50: at(0.5), p99: at(0.99), lost: settled ? sent - confirmed : -1 };
}

const results: Figures[] = [];
const run = async (start: () => Promise<Target>) => {
  const target = await start();
  try {
    results.push(await load(target));
  } finally {
    await target.stop();
  }
};

const TARGETS = (process.env.BENCH_TARGETS ?? 'relay,sqlite,postgres').split(',');
if (TARGETS.includes('relay')) await run(relay);
if (TARGETS.includes('sqlite')) await run(() => salonChat('salon-chat, SQLite on disk'));
const pg = TARGETS.includes('postgres') ? await postgresDatabase() : { skip: 'not asked for' };
if ('url' in pg) {
  try {
    await run(() => salonChat('salon-chat, PostgreSQL', pg.url));
  } finally {
    await pg.drop();
  }
} else console.log(`PostgreSQL skipped: ${pg.skip}`);

const relayRate = TARGETS.includes('relay') ? results[0]!.deliveriesPerSecond : NaN;
console.log(`\n${CHATS} chats × 2 sockets, ${IN_FLIGHT} messages in flight a socket, ${SECONDS} s\n`);
console.log('| server | deliveries/s | of the relay | p50 | p99 | unconfirmed |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(
    `| ${r.target} | ${Math.round(r.deliveriesPerSecond).toLocaleString('en')} | ${Number.isNaN(relayRate) ? '—' : `${((r.deliveriesPerSecond / relayRate) * 100).toFixed(1)} %`} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.lost < 0 ? 'did not drain' : r.lost} |`,
  );
}
const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
mkdirSync(path.join(HERE, 'results'), { recursive: true });
writeFileSync(
  path.join(HERE, 'results', 'realtime.json'),
  `${JSON.stringify({ commit, date: new Date().toISOString(), machine: { cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, load: { chats: CHATS, inFlight: IN_FLIGHT, seconds: SECONDS }, results }, null, 2)}\n`,
);
