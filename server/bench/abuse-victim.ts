/**
 * The other salon of the abuse bench (abuse.ts), on a thread of its own, so that the attacking
 * clients' loops on the bench's main thread do not delay what it sees: its customer's send→echo
 * over a socket and its staff's chat list, measured one after another from an address of their
 * own (as a real customer's), from `measure` until `stop`. The main thread sends `{ url, address }`,
 * then `measure` and `stop` as often as it likes, and gets `ready`, then the figures of each stop.
 */
import http from 'node:http';
import { parentPort } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { percentiles, request, type Latency } from './support.ts';

/** What one stop answers: the figures measured since the `measure` before it. */
export interface Measured {
  echo: Latency & { max: number; n: number };
  chatList: Latency & { max: number; n: number };
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
const figures = (times: number[]) => ({ ...percentiles(times), max: Math.max(...times), n: times.length });

async function otherSalon(url: string, address: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2, localAddress: address });
  const api = `${url}/api/v1`;
  const customer = JSON.parse((await request(agent, `${api}/customer-auth/login`, 'POST', { json: { phone: '+1987654321', password: 'customer456' } })).body) as { access_token: string };
  const staff = JSON.parse((await request(agent, `${api}/auth/login`, 'POST', { json: { email: 'owner@other-salon.com', password: 'owner123' } })).body) as { access_token: string; profile: { id: number } };
  const created = await request(agent, `${api}/chat/chats/customer`, 'POST', { token: customer.access_token, json: { user_id: staff.profile.id, title: 'the other salon' } });
  if (created.status !== 201) throw new Error(`the other salon's chat could not be started: ${created.status} ${created.body}`);
  const chat = JSON.parse(created.body) as { id: number };
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/chat/ws/chat/customer?token=${customer.access_token}`, { localAddress: address });
  const waiting = new Map<string, () => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; message?: { client_message_id?: string } };
    waiting.get(frame.message?.client_message_id ?? frame.type)?.();
  });
  /** The frame, or after 30 s none: a probe that got no answer counts for as long as it waited. */
  const frame = (key: string) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      waiting.set(key, () => (clearTimeout(timer), resolve()));
    });
  await frame('connected');
  const joined = frame('joined_chat');
  ws.send(JSON.stringify({ type: 'join_chat', chat_id: chat.id }));
  await joined;

  let n = 0;
  /** Measures until `stopped()`. */
  async function measure(stopped: () => boolean): Promise<Measured> {
    const echoes: number[] = [];
    const lists: number[] = [];
    while (!stopped()) {
      const id = `probe-${n++}`;
      let started = performance.now();
      const echoed = frame(id);
      ws.send(JSON.stringify({ type: 'send_message', chat_id: chat.id, content: `still here ${n}`, client_message_id: id }));
      await echoed;
      echoes.push(performance.now() - started);
      started = performance.now();
      await request(agent, `${api}/chat/chats?limit=50`, 'GET', { token: staff.access_token });
      lists.push(performance.now() - started);
      await sleep(50);
    }
    return { echo: figures(echoes), chatList: figures(lists) };
  }
  return measure;
}

const port = parentPort!;
let measure: Awaited<ReturnType<typeof otherSalon>> | undefined;
let measuring: Promise<Measured> | undefined;
let stop = false;
port.on('message', async (message: { url: string; address: string } | 'measure' | 'stop') => {
  if (typeof message === 'object') {
    measure = await otherSalon(message.url, message.address);
    port.postMessage('ready');
  } else if (message === 'measure') {
    stop = false;
    measuring = measure!(() => stop);
  } else if (message === 'stop') {
    stop = true;
    port.postMessage(await measuring);
  }
});
