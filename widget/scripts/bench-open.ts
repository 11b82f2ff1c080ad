/**
 * How long the first open takes: a page embeds the built widget from the reference server (on
 * another origin, as on a salon's site), and the time from the click on the launcher to the panel
 * on screen is measured in a fresh browser context each run (the panel's file not cached).
 * Prints the median and the slowest for each form; fails when the median is over 300 ms.
 * Run after `npm run build`; needs Chromium at /usr/bin/chromium.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const RUNS = 7;
const TARGET_MS = 300;
const root = path.resolve(import.meta.dirname, '../..');

async function startServer(dir: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--conditions=@salon-chat/source', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, JWT_SECRET: 'bench-open-secret-0123456789', NODE_ENV: 'test', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"msg":"salon-chat listening"')) resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** A salon's page on its own origin, embedding the widget in one form or the other. */
function hostPage(chat: string) {
  const page = (form: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
${form === 'es' ? `<script type="module" src="${chat}/widget/salon-chat.js"></script>` : `<script src="${chat}/widget/salon-chat.iife.js"></script>`}
</head><body><salon-chat server="${chat}" salon-id="1" staff-id="1"></salon-chat></body></html>`;
  const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page(req.url === '/classic' ? 'classic' : 'es')));
  return new Promise<{ url: string; server: http.Server }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })),
  );
}

const dir = mkdtempSync(path.join(tmpdir(), 'salon-chat-bench-open-'));
const chat = await startServer(dir);
const host = await hostPage(chat.url);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  for (const form of ['es', 'classic']) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${host.url}/${form}`, { waitUntil: 'networkidle' });
      await page.locator('salon-chat').locator('.launcher').waitFor();
      times.push(
        await page.evaluate(async () => {
          const el = document.querySelector('salon-chat')!;
          const started = performance.now();
          el.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!.click();
          for (;;) {
            const panel = el.shadowRoot!.querySelector<HTMLElement>('.panel');
            if (panel?.checkVisibility() && panel.querySelector('.bar')) return performance.now() - started;
            await new Promise((r) => requestAnimationFrame(r));
          }
        }),
      );
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`first open, ${form === 'es' ? 'ES module     ' : 'classic script'}: median ${median.toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms (${RUNS} runs, target ${TARGET_MS} ms)`);
    failed ||= median > TARGET_MS;
  }
} finally {
  await browser.close();
  host.server.close();
  chat.stop();
  rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exit(1);
