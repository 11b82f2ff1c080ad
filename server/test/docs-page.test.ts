import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './helpers.ts';

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');

/** Everything that goes wrong on a page: failed or remote requests, error answers, console errors (CSP violations among them). */
function watch(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(origin) && !req.url().startsWith('data:')) problems.push(`remote request: ${req.url()}`);
  });
  page.on('requestfailed', (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()}: ${res.url()}`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

describe('/docs in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser.close();
    await server.stop();
  });

  it('shows the operations, their fields and a request to try, from this server alone, on a desktop', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watch(page, server.url);
    await page.goto(`${server.url}/docs`);
    await page.getByRole('heading', { name: 'salon-chat API', level: 1 }).waitFor();
    for (const operation of ['Staff login', 'The caller']) assert.ok(await page.getByRole('link', { name: operation }).first().isVisible(), operation);
    await page.getByText('Messages', { exact: true }).first().click();
    await page.getByRole('link', { name: 'Send a message' }).first().click();
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Send a message' }) }).first();
    await section.getByText('client_message_id').first().waitFor();
    assert.ok(await section.getByRole('button', { name: /Test Request/i }).first().isVisible(), 'a request can be tried');
    await page.screenshot({ path: path.join(ARTIFACTS, 'docs-1280.png') });
    assert.deepEqual(problems, []);
  });

  it('shows every WebSocket frame with its fields, also on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const problems = watch(page, server.url);
    await page.goto(`${server.url}/docs`);
    await page.getByRole('heading', { name: 'salon-chat API', level: 1 }).waitFor();
    for (const frame of ['join_chat', 'send_message', 'read_message', 'connected', 'read_receipt', 'chat_created', 'pong']) {
      const heading = page.getByRole('heading', { name: frame, exact: true }).first();
      await heading.scrollIntoViewIfNeeded();
      assert.ok(await heading.isVisible(), frame);
    }
    const receipt = page.getByRole('heading', { name: 'read_receipt', exact: true }).first();
    await receipt.scrollIntoViewIfNeeded();
    await page.getByRole('cell', { name: 'reader_type' }).first().waitFor();
    const box = (await page.getByRole('cell', { name: 'reader_type' }).first().boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 375, `the field table fits the screen: ${JSON.stringify(box)}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'docs-375.png') });
    assert.deepEqual(problems, []);
  });
});
