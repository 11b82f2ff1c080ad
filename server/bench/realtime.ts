/**
 * The realtime bench: a bare `ws` relay of the same frames (the baseline, run before and after
 * the others; its figure is the mean) and salon-chat on SQLite and on PostgreSQL, each in its own
 * process. CHATS chats, each with one staff and one customer socket joined:
 * - throughput: every socket keeps IN_FLIGHT messages under way for SECONDS; every message reaches
 *   both sockets of its chat (the sender's copy is its acknowledgement);
 * - latency: the same sockets send at a steady 20 % of the throughput just measured (as messages:
 *   each is delivered twice) for 10 s; send→delivery latency, and the server's event-loop delay
 *   and utilisation from `/healthz`;
 * - idle sockets (salon-chat, a fresh process): the memory of IDLE authenticated sockets, then of
 *   the same sockets each joined to a chat.
 * Prints tables and writes bench/results/realtime.json. With BENCH_PROFILE=<dir>, each salon-chat
 * server writes a CPU profile there; BENCH_TARGETS=relay,sqlite,postgres,cluster picks targets
 * (cluster: two nodes on PostgreSQL and Redis, customers on one and staff on the other). Stops by
 * itself; sends only to 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { postgresDatabase } from '../test/postgres.ts';
import { percentiles, writeResults } from './support.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 200);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PACED_SECONDS = 10;
const IDLE = Number(process.env.BENCH_IDLE_SOCKETS ?? 10_000);
const HERE = import.meta.dirname;
const PROFILE = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];

interface Target {
  name: string;
  wsUrl(side: 'user' | 'customer'): string;
  chatIds: number[];
  /** The server's `/healthz` (salon-chat only). */
  health?(): Promise<Health>;
  stop(): Promise<void>;
}

interface Health {
  event_loop_delay_ms: { p50: number; p99: number; max: number };
  event_loop_utilization: number;
  rss_bytes: number;
}

function spawnUntil(args: string[], env: NodeJS.ProcessEnv, ready: (line: string) => string | undefined): Promise<{ child: ChildProcess; value: string }> {
  const child = spawn(process.execPath, [...(args[0] === 'src/main.ts' ? PROFILE : []), '--conditions=@salon-chat/source', '--import', 'tsx', ...args], { cwd: path.join(HERE, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
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

/** One node, or with `redisUrl` two nodes of one cluster: customers on the first, staff on the second, so every message crosses. */
async function salonChat(name: string, databaseUrl?: string, redisUrl?: string): Promise<Target> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-realtime-'));
  const unlimited = '100000000';
  const startNode = (nodeId: string) =>
    spawnUntil(
      ['src/main.ts'],
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        ...(redisUrl ? { REDIS_URL: redisUrl, CLUSTER_NAME: `bench-${process.pid}`, NODE_ID: nodeId } : {}),
        JWT_SECRET: 'bench-secret-bench-secret',
        LOG_LEVEL: 'info',
        CHATS_PER_DAY: unlimited,
        WS_FRAMES_PER_SECOND: unlimited,
        WS_BYTES_PER_SECOND: unlimited,
        WS_ACCOUNT_FRAMES_PER_SECOND: unlimited,
        WS_ACCOUNT_BYTES_PER_SECOND: unlimited,
        MESSAGES_PER_SECOND: unlimited,
        WS_SOCKETS_PER_ACCOUNT: unlimited,
        MAX_CONNECTIONS: unlimited,
        MAX_CONNECTIONS_PER_ADDRESS: unlimited,
      },
      (line) => (line.includes('"salon-chat listening"') ? (JSON.parse(line) as { url: string }).url : undefined),
    );
  const nodes = [await startNode('bench-1')];
  if (redisUrl) nodes.push(await startNode('bench-2'));
  const url = nodes[0]!.value;
  const wsBase = (side: 'user' | 'customer') => nodes[side === 'user' ? nodes.length - 1 : 0]!.value.replace(/^http/, 'ws');
  const post = async (route: string, body: unknown, token?: string) => {
    const res = await fetch(url + route, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ access_token: string; id: number }>;
  };
  const customer = (await post('/api/v1/customer-auth/login', { phone: '+1234567890', password: 'customer123' })).access_token;
  const staff = (await post('/api/v1/auth/login', { email: 'admin@salon.com', password: 'admin123' })).access_token;
  const chatIds: number[] = [];
  for (let i = 0; i < CHATS; i++) chatIds.push((await post('/api/v1/chat/chats/customer', { user_id: 1, title: `load ${i}` }, customer)).id);
  return {
    name,
    wsUrl: (side) => `${wsBase(side)}/api/v1/chat/ws/chat/${side}?token=${side === 'user' ? staff : customer}`,
    chatIds,
    health: async () => (await fetch(`${url}/healthz`)).json() as Promise<Health>,
    async stop() {
      for (const node of nodes) await stopChild(node.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Throughput {
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  /** Messages sent and never confirmed by their echo; -1 when the sockets did not drain. */
  lost: number;
}

interface Paced {
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  server?: Health;
}

interface Member {
  socket: WebSocket;
  chatId: number;
}

function open(url: string, chatId?: number): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', function joined(data) {
      const frame = JSON.parse(data.toString()) as { type: string };
      if (frame.type === 'connected' && chatId !== undefined) socket.send(JSON.stringify({ type: 'join_chat', chat_id: chatId }));
      if ((frame.type === 'connected' && chatId === undefined) || frame.type === 'joined_chat') {
        socket.off('message', joined);
        resolve(socket);
      }
    });
  });
}

async function members(target: Target): Promise<Member[]> {
  const all: Member[] = [];
  for (const chatId of target.chatIds) {
    for (const side of ['customer', 'user'] as const) all.push({ socket: await open(target.wsUrl(side), chatId), chatId });
  }
  return all;
}

type Frame = { type: string; message?: { client_message_id?: string | null } };

/** Every socket keeps IN_FLIGHT messages under way: the most the server can deliver. */
async function throughput(sockets: Member[]): Promise<Throughput> {
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
          socket.on('message', function onFrame(data) {
            const frame = JSON.parse(data.toString()) as Frame;
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
              else if (pending === 0) {
                socket.off('message', onFrame);
                resolve();
              }
            }
          });
          for (let i = 0; i < IN_FLIGHT; i++) sendOne();
        }),
    ),
  );
  await sleep(1000);
  measuring = true;
  const started = performance.now();
  await sleep(SECONDS * 1000);
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  running = false;
  const settled = await Promise.race([drained.then(() => true), sleep(10_000).then(() => false)]);
  const confirmed = [...echoes.values()].reduce((a, b) => a + b, 0);
  const { p50, p99 } = percentiles(latencies);
  return { deliveriesPerSecond: deliveries / seconds, p50, p99, lost: settled ? sent - confirmed : -1 };
}

/** The sockets send `rate` messages a second in all, evenly, for PACED_SECONDS: latency under a steady load. */
async function paced(target: Target, sockets: Member[], rate: number): Promise<Paced> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let max = 0;
  const listeners = sockets.map(({ socket }) => {
    const listener = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Frame;
      const cid = frame.type === 'message' ? frame.message!.client_message_id : null;
      const at = cid ? sentAt.get(cid) : undefined;
      if (at === undefined) return;
      const latency = performance.now() - at;
      latencies.push(latency);
      max = Math.max(max, latency);
    };
    socket.on('message', listener);
    return listener;
  });
  let sent = 0;
  let next = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= PACED_SECONDS) {
        clearInterval(tick);
        resolve();
        return;
      }
      for (const due = Math.floor(elapsed * rate); sent < due; sent++) {
        const { socket, chatId } = sockets[next++ % sockets.length]!;
        const cid = `paced-${sent}`;
        sentAt.set(cid, performance.now());
        socket.send(JSON.stringify({ type: 'send_message', chat_id: chatId, content: `message ${cid}`, client_message_id: cid }));
      }
    }, 2);
  });
  await sleep(500);
  const server = await target.health?.();
  sockets.forEach(({ socket }, i) => socket.off('message', listeners[i]!));
  const { p50, p99 } = percentiles(latencies);
  return { messagesPerSecond: sent / PACED_SECONDS, deliveriesPerSecond: latencies.length / PACED_SECONDS, p50, p99, max, server };
}

/** The memory of IDLE authenticated sockets on a fresh server, then of the same sockets each in a chat. */
async function idleSockets(target: Target): Promise<{ sockets: number; idleBytes: number; joinedBytes: number }> {
  const rss = async () => {
    await sleep(2000);
    return (await target.health!()).rss_bytes;
  };
  const before = await rss();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < IDLE; i += 250) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(250, IDLE - i) }, (_, k) => open(target.wsUrl((i + k) % 2 ? 'user' : 'customer'))))));
  }
  const idle = await rss();
  for (let i = 0; i < sockets.length; i += 250) {
    await Promise.all(
      sockets.slice(i, i + 250).map(
        (socket, k) =>
          new Promise<void>((resolve) => {
            socket.on('message', (data) => (JSON.parse(data.toString()) as Frame).type === 'joined_chat' && resolve());
            socket.send(JSON.stringify({ type: 'join_chat', chat_id: target.chatIds[(i + k) % target.chatIds.length] }));
          }),
      ),
    );
  }
  const joined = await rss();
  for (const socket of sockets) socket.terminate();
  return { sockets: IDLE, idleBytes: (idle - before) / IDLE, joinedBytes: (joined - before) / IDLE };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TARGETS = (process.env.BENCH_TARGETS ?? 'relay,sqlite,postgres,cluster').split(',');

const loads: ({ target: string } & Throughput)[] = [];
const steady: ({ target: string } & Paced)[] = [];
let memory: { target: string; sockets: number; idleBytes: number; joinedBytes: number } | undefined;

async function withTarget<T>(start: () => Promise<Target>, use: (target: Target) => Promise<T>): Promise<T> {
  const target = await start();
  try {
    return await use(target);
  } finally {
    await target.stop();
  }
}

/** Throughput, then latency at 20 % of it, on the same sockets. */
const measure = (start: () => Promise<Target>) =>
  withTarget(start, async (target) => {
    const sockets = await members(target);
    const most = await throughput(sockets);
    loads.push({ target: target.name, ...most });
    steady.push({ target: target.name, ...(await paced(target, sockets, (most.deliveriesPerSecond * 0.2) / 2)) });
    for (const { socket } of sockets) socket.terminate();
  });

const relayRuns: Throughput[] = [];
const relayOnce = () =>
  withTarget(relay, async (target) => {
    const sockets = await members(target);
    relayRuns.push(await throughput(sockets));
    for (const { socket } of sockets) socket.terminate();
  });
const relayRate = () => (relayRuns.length ? relayRuns.reduce((sum, r) => sum + r.deliveriesPerSecond, 0) / relayRuns.length : NaN);

if (TARGETS.includes('relay')) await relayOnce();
if (TARGETS.includes('sqlite')) {
  await measure(() => salonChat('salon-chat, SQLite on disk'));
  if (IDLE > 0) memory = { target: 'salon-chat', ...(await withTarget(() => salonChat('salon-chat, SQLite on disk'), idleSockets)) };
}
const pg = TARGETS.includes('postgres') ? await postgresDatabase() : { skip: 'not asked for' };
if ('url' in pg) {
  try {
    await measure(() => salonChat('salon-chat, PostgreSQL', pg.url));
  } finally {
    await pg.drop();
  }
} else console.log(`PostgreSQL skipped: ${pg.skip}`);
const twoNodes = TARGETS.includes('cluster') ? await postgresDatabase() : { skip: 'not asked for' };
if ('url' in twoNodes) {
  try {
    await measure(() => salonChat('salon-chat, two nodes (PostgreSQL + Redis; every message crosses nodes)', twoNodes.url, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
  } finally {
    await twoNodes.drop();
  }
} else console.log(`Two nodes skipped: ${twoNodes.skip}`);
if (TARGETS.includes('relay') && TARGETS.length > 1) await relayOnce();

const relayLine: ({ target: string } & Throughput)[] = relayRuns.length
  ? [
      {
        target: `bare ws relay (no auth, no storage)${relayRuns.length > 1 ? `, mean of ${relayRuns.length} runs` : ''}`,
        deliveriesPerSecond: relayRate(),
        p50: Math.max(...relayRuns.map((r) => r.p50)),
        p99: Math.max(...relayRuns.map((r) => r.p99)),
        lost: Math.max(...relayRuns.map((r) => r.lost)),
      },
    ]
  : [];
const share = (rate: number) => (Number.isNaN(relayRate()) ? '—' : `${((rate / relayRate()) * 100).toFixed(1)} %`);
const f = (value: number) => `${value.toFixed(1)} ms`;

console.log(`\nThroughput: ${CHATS} chats × 2 sockets, ${IN_FLIGHT} messages in flight a socket, ${SECONDS} s\n`);
console.log('| server | deliveries/s | of the relay | p50 | p99 | unconfirmed |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of [...relayLine, ...loads]) {
  console.log(`| ${r.target} | ${Math.round(r.deliveriesPerSecond).toLocaleString('en')} | ${share(r.deliveriesPerSecond)} | ${f(r.p50)} | ${f(r.p99)} | ${r.lost < 0 ? 'did not drain' : r.lost} |`);
}
if (steady.length) {
  console.log(`\nLatency at a steady 20 % of each server's throughput, ${PACED_SECONDS} s\n`);
  console.log('| server | messages/s | deliveries/s | p50 | p99 | max | event-loop delay p99 / max | event-loop busy |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of steady) {
    const loop = r.server ? `${f(r.server.event_loop_delay_ms.p99)} / ${f(r.server.event_loop_delay_ms.max)}` : '—';
    console.log(`| ${r.target} | ${Math.round(r.messagesPerSecond).toLocaleString('en')} | ${Math.round(r.deliveriesPerSecond).toLocaleString('en')} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | ${loop} | ${r.server ? `${Math.round(r.server.event_loop_utilization * 100)} %` : '—'} |`);
  }
}
if (memory) {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  console.log(`\nMemory (RSS) of ${memory.sockets.toLocaleString('en')} authenticated sockets: ${kb(memory.idleBytes)} each idle, ${kb(memory.joinedBytes)} each joined to a chat`);
}
writeResults('realtime', {
  load: { chats: CHATS, inFlight: IN_FLIGHT, seconds: SECONDS, pacedSeconds: PACED_SECONDS, idleSockets: IDLE },
  relay: relayRuns,
  throughput: [...relayLine, ...loads],
  latency: steady,
  memory,
});
