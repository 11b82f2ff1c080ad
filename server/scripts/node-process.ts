/**
 * A server node in a process of its own (`server/src/main.ts` from the sources), for what needs
 * one it can kill: the cluster, the chaos run, the two-node test, the conformance suite's tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STARTING_MS = 30_000;

export interface NodeProcess {
  child: ChildProcess;
  url: string;
  port: number;
}

export interface NodeOptions {
  /** Each line the node writes on stdout (its JSON log). */
  onLine?(line: string): void;
  /** Where the node's stderr goes: this process's, or a function given each chunk. */
  stderr?: 'inherit' | ((chunk: string) => void);
}

/**
 * Starts a node on a free port of 127.0.0.1 with this process's environment and `env`, and
 * resolves once it logs that it listens. Rejects, naming the exit or the wait, if it exits first
 * or does not listen within 30 s (the child is then killed).
 */
export function startNodeProcess(env: Record<string, string | undefined>, options: NodeOptions = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--conditions=@salon-chat/source', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', options.stderr === 'inherit' ? 'inherit' : 'pipe'],
  });
  const { stderr } = options;
  // Until it listens, what it says on stderr is kept to say why it did not start; after, it is dropped.
  let errors: string[] | undefined = [];
  child.stderr?.on('data', (chunk: Buffer) => (typeof stderr === 'function' ? stderr(chunk.toString()) : errors?.push(chunk.toString())));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`the node ${why}${errors?.length ? `: ${errors.join('')}` : ''}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`did not listen within ${STARTING_MS / 1000} s`);
    }, STARTING_MS);
    const exited = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited while starting (${signal ?? code})`);
    child.once('exit', exited);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      options.onLine?.(line);
      if (!line.includes('"salon-chat listening"')) return;
      const { url, port } = JSON.parse(line) as { url: string; port: number };
      clearTimeout(timer);
      child.off('exit', exited);
      errors = undefined;
      resolve({ child, url, port });
    });
  });
}
