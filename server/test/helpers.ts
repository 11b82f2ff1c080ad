import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerFrame } from '@salon-chat/protocol';
import { WebSocket } from 'ws';
import { loadConfig, type Config } from '../src/config.ts';
import { DEMO_ACCOUNTS } from '../src/demo/seed.ts';
import { startServer, type RunningServer, type ServerOptions } from '../src/server.ts';
import { ACCOUNTS, seedFixture } from './fixture.ts';
import { postgresDatabase } from './postgres.ts';

export { ACCOUNTS, DEMO_ACCOUNTS };

export interface TestServer extends RunningServer {
  dir: string;
  config: Config;
  stop(): Promise<void>;
}

/**
 * A real server on a free port over a fresh SQLite file (or the given database), starting from
 * the tests' fixture (`fixture.ts`), or from the demo with `SEED_DEMO: 'true'`.
 */
export async function startTestServer(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    JWT_SECRET: 'test-secret-test-secret',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    ...env,
  });
  const server = await startServer(config, options);
  if (!config.seedDemo) await seedFixture(server.services);
  return {
    ...server,
    dir,
    config,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A test server on SQLite, or on a throwaway PostgreSQL database dropped when it stops; or the
 * reason there is none (PostgreSQL unreachable, outside CI), which is logged.
 */
export async function startOn(dialect: 'sqlite' | 'postgres', env: Record<string, string> = {}): Promise<TestServer | { skip: string }> {
  if (dialect === 'sqlite') return startTestServer(env);
  const db = await postgresDatabase();
  if ('skip' in db) {
    console.log(`# skipped: ${db.skip}`);
    return db;
  }
  const server = await startTestServer({ ...env, DATABASE_URL: db.url });
  return {
    ...server,
    async stop() {
      await server.stop();
      await db.drop();
    },
  };
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(
  server: { url: string },
  method: string,
  route: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Response<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await fetch(server.url + route, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}

export interface Session {
  token: string;
  id: number;
  type: 'user' | 'customer';
}

export async function loginStaff(server: { url: string }, email: string, password: string): Promise<Session> {
  const res = await api(server, 'POST', '/api/v1/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.access_token, id: res.body.profile.id, type: 'user' };
}

export async function loginCustomer(server: { url: string }, phone: string, password: string): Promise<Session> {
  const res = await api(server, 'POST', '/api/v1/customer-auth/login', { body: { phone, password } });
  if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.access_token, id: res.body.profile.id, type: 'customer' };
}

/** Everyone of `accounts` (the fixture's, or the demo's on a demo server), signed in. */
export async function signInCast(server: { url: string }, accounts: typeof ACCOUNTS | typeof DEMO_ACCOUNTS = ACCOUNTS) {
  const [admin, stylist] = await Promise.all(accounts.staff.map((s) => loginStaff(server, s.email, s.password)));
  const other = await loginStaff(server, accounts.otherSalonStaff.email, accounts.otherSalonStaff.password);
  const [emma, lucas] = await Promise.all(accounts.customers.map((c) => loginCustomer(server, c.phone, c.password)));
  return { admin: admin!, stylist: stylist!, other, emma: emma!, lucas: lucas! };
}

/** A chat between a customer and a staff user, created by the customer. */
export async function newChat(server: { url: string }, customer: Session, staff: Session, initial?: string): Promise<number> {
  const res = await api(server, 'POST', '/api/v1/chat/chats/customer', {
    token: customer.token,
    body: { user_id: staff.id, title: 'Test chat', ...(initial ? { initial_message: initial } : {}) },
  });
  if (res.status !== 201) throw new Error(`create chat: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

type AnyFrame = ServerFrame & Record<string, any>;

/** A WebSocket client that records every frame and waits for the ones a test expects. */
export class Client {
  readonly frames: AnyFrame[] = [];
  /** Every frame received, in order; `next` takes frames out of `frames`, never out of this. */
  readonly log: AnyFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: { match: (f: AnyFrame) => boolean; resolve: (f: AnyFrame) => void }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as AnyFrame;
      this.frames.push(frame);
      this.log.push(frame);
      this.#waiters = this.#waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** `headers`: of the upgrade request (an `X-Forwarded-For`, as a proxy in front would send it). */
  static open(server: { url: string }, side: 'user' | 'customer', token: string, headers?: Record<string, string>): Client {
    return new Client(new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v1/chat/ws/chat/${side}?token=${encodeURIComponent(token)}`, { headers }));
  }

  /** Opens a socket for a session and waits for its `connected` frame. */
  static async connect(server: { url: string }, session: Session, headers?: Record<string, string>): Promise<Client> {
    const client = Client.open(server, session.type, session.token, headers);
    await client.next('connected');
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) of this type that matches. */
  next<T extends AnyFrame['type']>(type: T, match: (f: AnyFrame) => boolean = () => true, timeoutMs = 3000): Promise<AnyFrame> {
    const test = (f: AnyFrame) => f.type === type && match(f);
    const seen = this.frames.find(test);
    if (seen) {
      this.frames.splice(this.frames.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`)), timeoutMs);
      this.#waiters.push({
        match: test,
        resolve: (f) => {
          clearTimeout(timer);
          this.frames.splice(this.frames.indexOf(f), 1);
          resolve(f);
        },
      });
    });
  }

  async join(chatId: number): Promise<AnyFrame> {
    this.send({ type: 'join_chat', chat_id: chatId });
    return this.next('joined_chat', (f) => f.chat_id === chatId);
  }

  /** Round-trips a ping: every frame the server sent before its pong has arrived by then. */
  async settle(timeoutMs?: number): Promise<void> {
    this.send({ type: 'ping' });
    await this.next('pong', undefined, timeoutMs);
  }

  /** Frames of a type received so far (after `settle`, everything sent before it). */
  received(type: string): AnyFrame[] {
    return this.frames.filter((f) => f.type === type);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await this.closed;
  }
}
