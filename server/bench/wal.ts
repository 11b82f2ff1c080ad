/**
 * The SQLite WAL under a fill: a customer sends `BENCH_WAL_MB` (300) MB of 4,000-character
 * messages as fast as the server (in its own process, on SQLite) takes them, then the server
 * idles. Prints the WAL's peak, its size every second of `BENCH_WAL_IDLE` (10) idle seconds, and
 * the send→echo latency of a second socket's small messages during the fill (what a checkpoint
 * holding the writer up would show). Writes bench/results/wal.json. Stops by itself.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { startNodeProcess } from '../scripts/node-process.ts';
import { percentiles, writeResults } from './support.ts';

const MEGABYTES = Number(process.env.BENCH_WAL_MB ?? 300);
const IDLE_SECONDS = Number(process.env.BENCH_WAL_IDLE ?? 10);
const TEXT = 'x'.repeat(4000);
const IN_FLIGHT = 256;
const MiB = 2 ** 20;

const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-wal-'));
const wal = path.join(dir, 'salon-chat.sqlite-wal');
const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
const unlimited = '1000000000';
const { child, url } = await startNodeProcess(
  {
    DATA_DIR: dir,
    JWT_SECRET: 'bench-secret-bench-secret',
    LOG_LEVEL: 'info',
    SEED_DEMO: 'true',
    WS_FRAMES_PER_SECOND: unlimited,
    WS_BYTES_PER_SECOND: unlimited,
    WS_ACCOUNT_FRAMES_PER_SECOND: unlimited,
    WS_ACCOUNT_BYTES_PER_SECOND: unlimited,
    MESSAGES_PER_SECOND: unlimited,
  },
  { stderr: 'inherit' },
);

const post = async (route: string, body: unknown, token?: string) => {
  const res = await fetch(`${url}/api/v1${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};

/** A customer's socket joined to a chat of theirs; `echoed(id)` resolves when the message with that client id comes back. */
async function sender(token: string, chatId: number) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/chat/ws/chat/customer?token=${token}`);
  const waiting = new Map<string, () => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; message?: { client_message_id?: string } };
    waiting.get(frame.message?.client_message_id ?? frame.type)?.();
  });
  const wait = (key: string) => new Promise<void>((resolve) => waiting.set(key, resolve));
  await wait('connected');
  const joined = wait('joined_chat');
  ws.send(JSON.stringify({ type: 'join_chat', chat_id: chatId }));
  await joined;
  return {
    send(id: string, content: string) {
      const echoed = wait(id);
      ws.send(JSON.stringify({ type: 'send_message', chat_id: chatId, content, client_message_id: id }));
      return echoed;
    },
    close: () => ws.close(),
  };
}

const emma = await post('/customer-auth/login', { phone: '+1234567890', password: 'customer123' });
const lucas = await post('/customer-auth/login', { phone: '+1987654321', password: 'customer456' });
const fill = await sender(emma.access_token, (await post('/chat/chats/customer', { user_id: 1, title: 'the fill' }, emma.access_token)).id);
const probe = await sender(lucas.access_token, (await post('/chat/chats/customer', { user_id: 1, title: 'the probe' }, lucas.access_token)).id);

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, sizeOf(wal))), 50);
const MESSAGES = Math.ceil((MEGABYTES * MiB) / TEXT.length);
let filling = true;
const echoes: number[] = [];
const probing = (async () => {
  for (let n = 0; filling; n++) {
    const started = performance.now();
    await probe.send(`p${n}`, `probe ${n}`);
    echoes.push(performance.now() - started);
    await sleep(100);
  }
})();
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < MESSAGES) await fill.send(`m${next++}`, TEXT);
  }),
);
const fillSeconds = (performance.now() - started) / 1000;
filling = false;
await probing;
const atEnd = sizeOf(wal);
const idle: number[] = [];
for (let s = 1; s <= IDLE_SECONDS; s++) {
  await sleep(1000);
  idle.push(sizeOf(wal));
}
clearInterval(sampler);
const database = sizeOf(path.join(dir, 'salon-chat.sqlite'));
fill.close();
probe.close();
const exited = new Promise((resolve) => child.once('exit', resolve));
child.kill('SIGTERM');
await exited;
rmSync(dir, { recursive: true, force: true });

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const echo = { ...percentiles(echoes), max: Math.max(...echoes), messages: echoes.length };
console.log(`${MESSAGES.toLocaleString('en')} messages (${MEGABYTES} MB of text) in ${fillSeconds.toFixed(1)} s; database ${mib(database)}`);
console.log(`WAL: peak ${mib(peak)}, ${mib(atEnd)} as the writes stopped, then ${idle.map((b, i) => `${i + 1} s: ${mib(b)}`).join(', ')}`);
console.log(`a small message's send→echo during the fill (${echo.messages}): p50 ${echo.p50.toFixed(1)} ms, p99 ${echo.p99.toFixed(1)} ms, max ${echo.max.toFixed(1)} ms`);
writeResults('wal', {
  load: { megabytes: MEGABYTES, messages: MESSAGES, fillSeconds },
  bytes: { database, walPeak: peak, walAtEnd: atEnd, walIdleEachSecond: idle },
  probeEchoMs: echo,
});
