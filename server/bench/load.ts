/**
 * WebSocket load on loopback: CHATS chats, each with a customer socket and a staff socket
 * joined; every customer sends MESSAGES messages as fast as the server confirms them. Prints
 * throughput and send-to-delivery latency at the other side. Stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 50);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 40);

const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-load-'));
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dir,
  JWT_SECRET: 'bench-secret-bench-secret',
  LOG_LEVEL: 'silent',
  WS_FRAMES_PER_SECOND: '1000',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
});
const server = await startServer(config);
const { auth, chats } = server.services;
const customerToken = (await auth.customerLogin('+1234567890', 'customer123')).access_token;
const staffToken = (await auth.staffLogin('admin@salon.com', 'admin123')).access_token;
const emma = { type: 'customer' as const, id: 1, salonId: null, name: 'Emma Wilson' };

type Frame = Record<string, any>;
function open(side: 'user' | 'customer', token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/chat/ws/chat/${side}?token=${token}`);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('message', () => resolve(ws));
  });
}
const next = (ws: WebSocket, match: (f: Frame) => boolean) =>
  new Promise<Frame>((resolve) => {
    const on = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (match(frame)) {
        ws.off('message', on);
        resolve(frame);
      }
    };
    ws.on('message', on);
  });

const pairs = [];
for (let i = 0; i < CHATS; i++) {
  const chat = await chats.createAsCustomer(emma, { user_id: 1 + (i % 2), title: `load ${i}` });
  const [customer, staff] = await Promise.all([open('customer', customerToken), open('user', staffToken)]);
  for (const ws of [customer, staff]) {
    const joined = next(ws, (f) => f.type === 'joined_chat');
    ws.send(JSON.stringify({ type: 'join_chat', chat_id: chat.id }));
    await joined;
  }
  pairs.push({ chatId: chat.id, customer, staff });
}

const latencies: number[] = [];
const sentAt = new Map<string, number>();
const started = performance.now();
await Promise.all(
  pairs.map(async ({ chatId, customer, staff }) => {
    let delivered = 0;
    const all = new Promise<void>((resolve) =>
      staff.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as Frame;
        if (frame.type !== 'message') return;
        latencies.push(performance.now() - sentAt.get(frame.client_message_id)!);
        if (++delivered === MESSAGES) resolve();
      }),
    );
    for (let n = 0; n < MESSAGES; n++) {
      const cid = `${chatId}-${n}`;
      const confirmed = next(customer, (f) => f.type === 'message' && f.client_message_id === cid);
      sentAt.set(cid, performance.now());
      customer.send(JSON.stringify({ type: 'send_message', chat_id: chatId, content: `load message ${n}`, client_message_id: cid }));
      await confirmed;
    }
    await all;
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
console.log(`${CHATS} chats × ${MESSAGES} messages, ${CHATS * 2} sockets (${server.services.db.client.config.client})`);
console.log(`${latencies.length} messages stored and delivered in ${seconds.toFixed(2)} s: ${Math.round(latencies.length / seconds)} messages/s`);
console.log(`send → delivery at the other side: p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   p99 ${at(0.99)} ms`);

for (const { customer, staff } of pairs) {
  customer.close();
  staff.close();
}
await server.close();
rmSync(dir, { recursive: true, force: true });
