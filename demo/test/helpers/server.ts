/** Starts the reference server as `npm start` does (API, widget at /widget, demo at /) on a free port with fresh data. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** `env`: more of the server's configuration (a short `FOLLOW_UP_AFTER`…). */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'salon-chat-demo-'));
  const child = spawn(process.execPath, ['--conditions=@salon-chat/source', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, JWT_SECRET: 'demo-test-secret-123', LOG_LEVEL: 'info', NODE_ENV: 'test', LOGINS_PER_MINUTE: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s: ${stderr.join('')}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}): ${stderr.join('')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.includes('"msg":"salon-chat listening"')) return;
      const { url } = JSON.parse(line) as { url?: string };
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, stop };
}

/** The server serves widget/dist at /widget: build it when a fresh clone has none yet. */
export function ensureWidgetBuilt(): void {
  if (existsSync(path.join(ROOT, 'widget/dist/salon-chat.js'))) return;
  execFileSync('npm', ['run', 'build', '-w', 'widget'], { cwd: ROOT, stdio: 'inherit' });
}
