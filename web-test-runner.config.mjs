/**
 * Browser tests of the widget (`npm test -w widget`): in real Chromium, Firefox and WebKit
 * (`ENGINES=chromium,firefox,webkit`; see `engines.mjs`), TypeScript through esbuild,
 * and our real reference server started for the run on its own port and temporary database.
 * The page comes from the test runner's origin and talks to the server on another origin, as
 * on a salon's website. Tests drive the server with `executeServerCommand('salon-server', …)`:
 * `info` gives its URL, `stop` and `start` restart it on the same port and database.
 * `start` may give `env`: settings of the server until the next `start` (a test's own limits).
 * `info` also gives `noSocketUrl`: a proxy to the same server that forwards HTTP but refuses
 * WebSocket upgrades, as some corporate proxies do, for the HTTP polling fallback.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { engineOf, enginesPlugin, grantNotifications, launchers, screenshot, setOffline, Unsupported } from './engines.mjs';
import sharp from 'sharp';

const root = new URL('.', import.meta.url).pathname;
const SHUTDOWN_DEADLINE_MS = 5000;

function salonServer() {
  let child;
  let dir;
  let port = 0;
  let url = '';

  const start = (env = {}) =>
    new Promise((resolve, reject) => {
      child = spawn(process.execPath, ['--conditions=@salon-chat/source', '--import', 'tsx', 'server/src/main.ts'], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: `sqlite:${join(dir, 'chat.sqlite')}`,
          UPLOAD_DIR: join(dir, 'uploads'),
          JWT_SECRET: 'widget-tests-jwt-secret-0123456789',
          SEED_DEMO: 'true',
          LOG_LEVEL: 'info',
          // the busy-inbox tests start thousands of chats from one customer, as fast as they can
          CHATS_PER_DAY: '100000',
          MESSAGES_PER_SECOND: '100000',
          // a search for the word every one of those chats holds is too broad
          SEARCH_MAX_MESSAGES: '1000',
          // every test signs in anew from this one address; failures per account keep their default limit, which a test reaches
          LOGINS_PER_MINUTE: '100000',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const started = Date.now();
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          return;
        }
        if (entry.msg === 'salon-chat listening') {
          url = entry.url;
          port = Number(new URL(url).port);
          resolve({ url, startMs: Date.now() - started });
        } else if (entry.level >= 50) {
          console.error('[server]', line);
        }
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    });

  /**
   * SIGTERM, as a process manager would. The reference server's graceful shutdown can wait on
   * keep-alive connections that clients keep busy, so after a deadline it is killed, and the
   * run says so.
   */
  const stop = () =>
    new Promise((resolve) => {
      if (!child || child.exitCode !== null) return resolve();
      const proc = child;
      const deadline = setTimeout(() => {
        console.warn(`[salon-chat-server] still running ${SHUTDOWN_DEADLINE_MS} ms after SIGTERM; sending SIGKILL`);
        proc.kill('SIGKILL');
      }, SHUTDOWN_DEADLINE_MS);
      proc.removeAllListeners('exit');
      proc.once('exit', () => {
        clearTimeout(deadline);
        resolve();
      });
      proc.kill('SIGTERM');
    });

  let proxy;
  let noSocketUrl = '';
  const startProxy = () =>
    new Promise((resolve) => {
      proxy = http.createServer((req, res) => {
        const upstream = http.request(new URL(req.url, url), { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
      });
      proxy.on('upgrade', (_req, socket) => socket.destroy());
      proxy.listen(0, '127.0.0.1', () => {
        noSocketUrl = `http://127.0.0.1:${proxy.address().port}`;
        resolve();
      });
    });

  return {
    name: 'salon-chat-server',
    async serverStart() {
      dir = mkdtempSync(join(tmpdir(), 'salon-chat-widget-'));
      await start();
      await startProxy();
    },
    async serverStop() {
      proxy.closeAllConnections();
      proxy.close();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload }) {
      if (command !== 'salon-server') return undefined;
      if (payload?.action === 'stop') {
        await stop();
        return { url };
      }
      if (payload?.action === 'start') return start(payload.env);
      return { url, noSocketUrl };
    },
  };
}

/**
 * `executeServerCommand('screenshot', {name})` saves what the test's page shows now as
 * `widget/test-artifacts/<name>-<engine>.png` (to be looked at by eye, side by side) and answers its path.
 * `executeServerCommand('compare-screenshots', {a, b})` answers the share of pixels of two
 * saved screenshots that differ by more than a small tolerance per channel (1 when the sizes differ).
 */
function screenshots() {
  const dir = join(root, 'widget', 'test-artifacts');
  const file = (name, session) => join(dir, `${name.replace(/[^\w.-]+/g, '-')}-${engineOf(session)}.png`);
  return {
    name: 'salon-chat-screenshots',
    async executeCommand({ command, payload, session }) {
      if (command === 'screenshot') {
        mkdirSync(dir, { recursive: true });
        const path = file(payload.name, session);
        await screenshot(session, path, payload.clip);
        return { path };
      }
      if (command === 'compare-screenshots') {
        const [a, b] = await Promise.all([payload.a, payload.b].map((n) => sharp(file(n, session)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })));
        if (a.info.width !== b.info.width || a.info.height !== b.info.height) return { differing: 1 };
        let differing = 0;
        for (let i = 0; i < a.data.length; i += 4) {
          if (Math.max(Math.abs(a.data[i] - b.data[i]), Math.abs(a.data[i + 1] - b.data[i + 1]), Math.abs(a.data[i + 2] - b.data[i + 2])) > 24) differing++;
        }
        return { differing: differing / (a.data.length / 4) };
      }
      return undefined;
    },
  };
}

/**
 * `executeServerCommand('network', {after, offlineFor})` takes the test's page off the network
 * `after` ms from now for `offlineFor` ms, as a phone losing its signal: the browser's
 * `navigator.onLine` and `offline`/`online` events follow. It answers at once, since the page
 * cannot reach the test runner while it is off the network; `screenshot` names the
 * `widget/test-artifacts/` file of what the page shows half a second into it.
 */
function network() {
  return {
    name: 'salon-chat-network',
    async executeCommand({ command, payload, session }) {
      if (command !== 'network') return undefined;
      if (engineOf(session) !== 'chromium') return { unsupported: `${engineOf(session)}'s driver cannot take a page off the network` };
      setTimeout(async () => {
        await setOffline(session, true);
        setTimeout(() => void setOffline(session, false), payload.offlineFor);
        if (payload.screenshot) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          mkdirSync(join(root, 'widget', 'test-artifacts'), { recursive: true });
          await screenshot(session, join(root, 'widget', 'test-artifacts', `${payload.screenshot}-${engineOf(session)}.png`));
        }
      }, payload.after);
      return {};
    },
  };
}

/**
 * `executeServerCommand('grant-notifications')` lets the test page's origin show notifications,
 * as a person who answered the browser's prompt with Allow.
 */
function permissions() {
  return {
    name: 'salon-chat-permissions',
    async executeCommand({ command, session }) {
      if (command !== 'grant-notifications') return undefined;
      try {
        await grantNotifications(session);
      } catch (e) {
        if (e instanceof Unsupported) return { unsupported: e.message };
        throw e;
      }
      return { granted: true };
    },
  };
}

/**
 * A second web server, on its own port (so another origin than the tests' pages), for host pages
 * of the widget: `widget/test/hosts/` at `/` and the built widget (`widget/dist/`) at `/widget/`.
 * `executeServerCommand('host-pages')` answers its URL.
 */
function hostPages() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
  const folders = [
    ['/widget/', join(root, 'widget', 'dist')],
    ['/', join(root, 'widget', 'test', 'hosts')],
  ];
  let server;
  let url = '';
  return {
    name: 'salon-chat-host-pages',
    async serverStart() {
      server = http.createServer((req, res) => {
        const path = new URL(req.url, 'http://host').pathname;
        const [prefix, dir] = folders.find(([p]) => path.startsWith(p));
        const file = join(dir, path.slice(prefix.length));
        if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        res.end(readFileSync(file));
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${server.address().port}`;
    },
    async serverStop() {
      server.closeAllConnections();
      server.close();
    },
    async executeCommand({ command }) {
      return command === 'host-pages' ? { url } : undefined;
    },
  };
}

export default {
  rootDir: root,
  files: ['widget/test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['@salon-chat/source', 'production'] },
  concurrency: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000 } },
  plugins: [esbuildPlugin({ ts: true, tsconfig: join(root, 'tsconfig.json') }), salonServer(), enginesPlugin(), screenshots(), permissions(), hostPages(), network()],
  browsers: launchers((process.env.ENGINES ?? 'chromium').split(',')),
};
