/**
 * A flood of failed logins against a server in its own process, while a signed-in customer
 * keeps chatting: prints the send→echo latency of the customer's messages, the latency of a
 * chat list and of a valid login, and how the flood was answered. Two runs: the defaults (the
 * flood from one address meets the address limit) and address limits lifted, as from many
 * addresses at once, where only the hashing queue stands between the flood and the server.
 * Writes bench/results/logins.json. Stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startNodeProcess } from '../scripts/node-process.ts';
import { percentiles, writeResults, type Latency } from './support.ts';

const FLOOD = Number(process.env.BENCH_FLOOD ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_FLOOD_CONCURRENCY ?? 32);

async function startServer(env: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-flood-'));
  const { child, url } = await startNodeProcess({ DATA_DIR: dir, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'info', ...env }, { stderr: 'inherit' });
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The flood goes through plain keep-alive HTTP, so the load generator takes little of the machine. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const flood = (url: string, body: unknown) =>
  new Promise<number>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode!));
    });
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

const ms = (v: number) => `${v.toFixed(1)} ms`;

interface FloodResult {
  label: string;
  floodSeconds: number;
  answers: Record<string, number>;
  echo: Latency & { max: number; messages: number };
  chatList: Latency;
  validLoginMs: number | string;
}

async function run(label: string, env: Record<string, string>): Promise<FloodResult> {
  const server = await startServer(env);
  const api = `${server.url}/api/v1`;
  const login = (await (await post(`${api}/customer-auth/login`, { phone: '+1234567890', password: 'customer123' })).json()) as { access_token: string };
  const staff = (await (await post(`${api}/auth/login`, { email: 'admin@salon.com', password: 'admin123' })).json()) as { access_token: string };
  const chat = (await (await post(`${api}/chat/chats/customer`, { user_id: 1, title: 'during the flood' }, login.access_token)).json()) as { id: number };

  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/chat/ws/chat/customer?token=${login.access_token}`);
  const frames = new Map<string, (frame: { type: string }) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; message?: { client_message_id?: string } };
    frames.get(frame.message?.client_message_id ?? frame.type)?.(frame);
  });
  const awaitFrame = (key: string) => new Promise((resolve) => frames.set(key, resolve));
  await awaitFrame('connected');
  const joined = awaitFrame('joined_chat');
  ws.send(JSON.stringify({ type: 'join_chat', chat_id: chat.id }));
  await joined;

  const echoes: number[] = [];
  const lists: number[] = [];
  const answers = new Map<number, number>();
  let flooding = true;
  const floodStarted = performance.now();
  const chatting = (async () => {
    for (let n = 0; flooding; n++) {
      const started = performance.now();
      const echoed = awaitFrame(`m${n}`);
      ws.send(JSON.stringify({ type: 'send_message', chat_id: chat.id, content: `message ${n}`, client_message_id: `m${n}` }));
      await echoed;
      echoes.push(performance.now() - started);
      const listed = performance.now();
      await (await fetch(`${api}/chat/chats`, { headers: { authorization: `Bearer ${staff.access_token}` } })).arrayBuffer();
      lists.push(performance.now() - listed);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  let sent = 0;
  let validLogin: number | string = '';
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < FLOOD) {
        const n = sent++;
        if (n === FLOOD / 2) {
          const started = performance.now();
          const res = await post(`${api}/auth/login`, { email: 'stylist@salon.com', password: 'stylist123' });
          validLogin = res.ok ? performance.now() - started : `${res.status} (${((await res.json()) as { detail: string }).detail})`;
        }
        const status = await flood(`${api}/auth/login`, { email: `nobody-${n}@example.com`, password: 'wrong' });
        answers.set(status, (answers.get(status) ?? 0) + 1);
      }
    }),
  );
  const floodSeconds = (performance.now() - floodStarted) / 1000;
  flooding = false;
  await chatting;
  ws.close();
  await server.stop();

  const result: FloodResult = {
    label,
    floodSeconds,
    answers: Object.fromEntries(answers),
    echo: { ...percentiles(echoes), max: Math.max(...echoes), messages: echoes.length },
    chatList: percentiles(lists),
    validLoginMs: validLogin,
  };
  console.log(`\n${label}`);
  console.log(`  ${FLOOD} failed logins, ${CONCURRENCY} at a time, in ${floodSeconds.toFixed(1)} s: ${[...answers].map(([status, count]) => `${count}×${status}`).join(', ')}`);
  console.log(`  customer send→echo during the flood (${echoes.length} messages): p50 ${ms(result.echo.p50)}, p99 ${ms(result.echo.p99)}, max ${ms(result.echo.max)}`);
  console.log(`  staff chat list during the flood: p50 ${ms(result.chatList.p50)}, p99 ${ms(result.chatList.p99)}`);
  console.log(`  a valid staff login in the middle of it: ${typeof validLogin === 'number' ? ms(validLogin) : validLogin}`);
  return result;
}

const results = [
  await run('defaults (the flood comes from one address)', {}),
  await run('address limit lifted (as from many addresses): only the hashing queue limits the flood', { LOGINS_PER_MINUTE: '1000000' }),
];
writeResults('logins', { load: { failedLogins: FLOOD, concurrency: CONCURRENCY }, results });
