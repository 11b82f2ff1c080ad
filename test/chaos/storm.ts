/**
 * Two loads after the chaos: a reconnect storm (a thousand light clients lose their node at once
 * and come back spread by the widget's backoff jitter) and a client that stops reading while its
 * chats flood (the node must cut it at its bounded buffer, not grow without bound).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WS_PATHS } from '@salon-chat/protocol/core';
import { WebSocket } from 'ws';
import { Backoff } from '../../widget/src/client/backoff.ts';
import { post } from './rest.ts';
import { until, vitals, type Deployment } from './deployment.ts';
import { mib } from './report.ts';



const guest = (url: string, name: string) =>
  post<{ access_token: string }>(url, '/api/v1/customer-auth/guest', { name, email: `${name}@example.com`, salon_id: 1 }).then((t) => t.access_token);

/** A socket that only connects, and reconnects as the widget's Connection does: after `Backoff`'s delay. */
class LightClient {
  #ws: WebSocket | undefined;
  #stopped = false;
  readonly #backoff = new Backoff();
  online = false;
  droppedAt: number | undefined;
  backAt: number | undefined;

  constructor(private readonly url: string) {}

  open(): void {
    const ws = new WebSocket(this.url);
    this.#ws = ws;
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type !== 'connected') return;
      this.online = true;
      this.#backoff.reset();
      if (this.droppedAt !== undefined) this.backAt ??= Date.now();
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.online = false;
      if (this.#stopped) return;
      this.droppedAt ??= Date.now();
      setTimeout(() => this.open(), this.#backoff.next());
    });
  }

  close(): void {
    this.#stopped = true;
    this.#ws?.terminate();
  }
}

export interface StormFigures {
  clients: number;
  /** Clients whose node was killed under them. */
  dropped: number;
  reconnected: number;
  /** From the kill to the first and the last client back, and the median. */
  firstBackMs: number;
  medianBackMs: number;
  lastBackMs: number;
  /** The surviving node's event-loop delay over the storm (p99 and max of its last 10 s). */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
}

/** `count` light clients through the balancer; the node holding most of them is killed, then started again. */
export async function reconnectStorm(deployment: Deployment, count: number, say: (line: string) => void): Promise<StormFigures> {
  const ws = deployment.url.replace(/^http/, 'ws');
  // At most 16 sockets an account: the sockets of a killed node still count for some seconds.
  const tokens = await Promise.all(Array.from({ length: Math.ceil(count / 16) }, (_, i) => guest(deployment.url, `storm-${i + 1}`)));
  const clients = Array.from({ length: count }, (_, i) => new LightClient(`${ws}${WS_PATHS.customer}?token=${encodeURIComponent(tokens[i % tokens.length]!)}`));
  for (let i = 0; i < count; i += 100) {
    clients.slice(i, i + 100).forEach((c) => c.open());
    await until(() => clients.slice(i, i + 100).every((c) => c.online), 'a hundred clients online', 20_000).catch(() => {});
  }
  const held = new Map<string, number>();
  for (const tunnel of deployment.balancer.tunnels) held.set(tunnel.node, (held.get(tunnel.node) ?? 0) + 1);
  const victim = deployment.nodes.reduce((a, b) => ((held.get(a.id) ?? 0) >= (held.get(b.id) ?? 0) ? a : b));
  const survivor = deployment.nodes.find((n) => n !== victim)!;
  const killedAt = Date.now();
  await victim.kill();
  let delay = { p99: 0, max: 0 };
  const dropped = () => clients.filter((c) => c.droppedAt !== undefined);
  await until(() => dropped().length > 0 && dropped().every((c) => c.backAt !== undefined), 'the dropped clients back', 30_000).catch(() => {});
  await sleep(500);
  const v = await vitals(survivor);
  if (v) delay = v.event_loop_delay_ms;
  const back = dropped()
    .map((c) => c.backAt)
    .filter((at): at is number => at !== undefined)
    .map((at) => at - killedAt)
    .sort((a, b) => a - b);
  clients.forEach((c) => c.close());
  await victim.start();
  await deployment.settled();
  const figures: StormFigures = {
    clients: count,
    dropped: dropped().length,
    reconnected: back.length,
    firstBackMs: back[0] ?? 0,
    medianBackMs: back[Math.floor(back.length / 2)] ?? 0,
    lastBackMs: back.at(-1) ?? 0,
    eventLoopP99Ms: delay.p99,
    eventLoopMaxMs: delay.max,
  };
  say(`storm: ${figures.dropped} of ${count} clients lost ${victim.id}; back ${figures.firstBackMs}–${figures.lastBackMs} ms after the kill (median ${figures.medianBackMs}); ${survivor.id}'s event loop p99 ${figures.eventLoopP99Ms} ms, max ${figures.eventLoopMaxMs} ms`);
  return figures;
}

/**
 * A staff socket on one node joins three chats and stops reading, while their guests send the
 * longest messages the frame budgets allow: the node must drop that socket once it holds 8 MiB
 * for it (fanout.ts). True when it did, within a minute.
 */
export async function slowReader(deployment: Deployment, say: (line: string) => void): Promise<boolean> {
  const node = deployment.nodes[0]!;
  const before = (await vitals(node))?.rss_bytes ?? 0;
  const dropped = node.slowReadersDropped;
  const staff = await post<{ access_token: string; profile: { id: number } }>(deployment.url, '/api/v1/auth/login', { email: 'admin@salon.com', password: 'admin123' });
  const flooders: WebSocket[] = [];
  const chats: number[] = [];
  for (let i = 0; i < 3; i++) {
    const token = await guest(deployment.url, `flood-${i + 1}`);
    const chat = await post<{ id: number }>(deployment.url, '/api/v1/chat/chats/customer', { user_id: staff.profile.id, initial_message: 'a flood follows' }, token);
    chats.push(chat.id);
    for (let s = 0; s < 3; s++) flooders.push(await joined(`${deployment.url.replace(/^http/, 'ws')}${WS_PATHS.customer}?token=${token}`, [chat.id]));
  }
  const reader = await joined(`${node.url.replace(/^http/, 'ws')}${WS_PATHS.user}?token=${staff.access_token}`, chats);
  reader.pause();
  const text = 'x'.repeat(4000);
  let n = 0;
  let peak = before;
  const started = Date.now();
  while (node.slowReadersDropped === dropped && Date.now() - started < 60_000) {
    flooders.forEach((socket, i) => socket.send(JSON.stringify({ type: 'send_message', chat_id: chats[Math.floor(i / 3)], content: text, client_message_id: `flood-${i}-${n}` })));
    n++;
    if (n % 25 === 0) peak = Math.max(peak, (await vitals(node))?.rss_bytes ?? 0);
    await sleep(40);
  }
  const cut = node.slowReadersDropped > dropped;
  reader.terminate();
  flooders.forEach((socket) => socket.terminate());
  say(`slow reader: ${cut ? `dropped by ${node.id} after ${Math.round((Date.now() - started) / 1000)} s` : 'never dropped'} (${n * flooders.length} messages of 4000 characters sent at it); ${node.id} rss ${mib(before)} before, ${mib(peak)} at most`);
  return cut;
}

/** A socket, open and joined to the chats. */
function joined(url: string, chats: number[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const waiting = new Set(chats);
    ws.on('error', reject);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; chat_id?: number };
      if (frame.type === 'connected') for (const id of chats) ws.send(JSON.stringify({ type: 'join_chat', chat_id: id }));
      if (frame.type === 'joined_chat' && waiting.delete(frame.chat_id!) && waiting.size === 0) resolve(ws);
    });
  });
}
