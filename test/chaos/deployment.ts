/**
 * The deployment under test: two server nodes, each a child process that can be killed with
 * SIGKILL and started again, on one PostgreSQL database and a private Redis (its own port,
 * started and restarted here), behind the balancer of `npm run cluster`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBalancer, type Balancer, type Upstream } from '../../server/scripts/balancer.ts';
import { startNodeProcess } from '../../server/scripts/node-process.ts';

/** A free TCP port on loopback, as the system hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** Waits until `check` holds, polling; throws naming `what` when `timeoutMs` runs out. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
    socket.once('error', () => resolve(false));
  });

/** A Redis of its own on a free port, without persistence: a restart forgets everything, as a new instance would. */
export class PrivateRedis {
  #child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.#spawn();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async #spawn(): Promise<void> {
    this.#child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await until(() => answers(this.port), `redis-server on port ${this.port}`);
  }

  /** Killed without a word and started again on the same port. */
  async restart(downMs: number): Promise<void> {
    this.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.#spawn();
  }

  stop(): void {
    this.#child?.kill('SIGKILL');
  }
}

/** A server node in a child process of its own; its log goes to `log`. */
export class NodeProcess implements Upstream {
  port = 0;
  #child: ChildProcess | undefined;
  /** Sockets the node dropped for not reading (fanout.ts), counted from its log. */
  slowReadersDropped = 0;

  constructor(
    readonly id: string,
    private readonly env: Record<string, string>,
    private readonly log: WriteStream,
  ) {}

  get alive(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(seed = false): Promise<void> {
    const node = await startNodeProcess(
      { ...this.env, NODE_ID: this.id, SEED_DEMO: String(seed) },
      {
        stderr: (chunk) => this.log.write(`[${this.id} stderr] ${chunk}`),
        onLine: (line) => {
          this.log.write(`[${this.id}] ${line}\n`);
          if (line.includes('a socket that does not read')) this.slowReadersDropped++;
        },
      },
    );
    this.#child = node.child;
    this.port = node.port;
  }

  /** SIGKILL: no goodbye to Redis, no close frames, transactions cut short. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || !this.alive) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

export interface Vitals {
  status: string;
  event_loop_delay_ms: { p50: number; p99: number; max: number };
  rss_bytes: number;
  cluster?: { nodes: number; redis: string };
}

export async function vitals(node: NodeProcess): Promise<Vitals | null> {
  try {
    const res = await fetch(`${node.url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return (await res.json()) as Vitals;
  } catch {
    return null;
  }
}

export interface DeploymentOptions {
  databaseUrl: string;
  /** Extra settings for the nodes (limits). */
  env?: Record<string, string>;
}

export class Deployment {
  private constructor(
    readonly nodes: NodeProcess[],
    readonly redis: PrivateRedis,
    readonly balancer: Balancer,
    readonly dir: string,
    private readonly log: WriteStream,
  ) {}

  static async start({ databaseUrl, env = {} }: DeploymentOptions): Promise<Deployment> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-chaos-'));
    const log = createWriteStream(path.join(dir, 'nodes.log'));
    const redis = await PrivateRedis.start();
    const shared = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      CLUSTER_NAME: `chaos-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATA_DIR: dir,
      TRUST_PROXY: '1',
      LOG_LEVEL: 'info',
      ...env,
    };
    const nodes = ['node-1', 'node-2'].map((id) => new NodeProcess(id, shared, log));
    // One after the other: the first seeds the demo data into the empty database.
    await nodes[0]!.start(true);
    await nodes[1]!.start();
    const balancer = await startBalancer(nodes, 0, '127.0.0.1');
    const deployment = new Deployment(nodes, redis, balancer, dir, log);
    await deployment.settled();
    return deployment;
  }

  get url(): string {
    return `http://127.0.0.1:${this.balancer.port}`;
  }

  /** Both nodes up, each hearing the other through Redis. */
  async settled(timeoutMs = 30_000): Promise<void> {
    await until(async () => (await Promise.all(this.nodes.map(vitals))).every((v) => v?.status === 'ok' && v.cluster?.nodes === 2), 'both nodes up and hearing each other', timeoutMs);
  }

  async stop(): Promise<void> {
    await this.balancer.close();
    await Promise.all(this.nodes.map((node) => node.kill()));
    this.redis.stop();
    await new Promise((resolve) => this.log.end(resolve));
  }

  /** Removes the uploads folder and the nodes' log (kept when a run fails, to be read). */
  forget(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
