/**
 * The customer's journey of the live demo in Firefox and WebKit (Chromium runs it, with more, in
 * `live.test.ts`): the visitor writes, the salon's inbox shows it, staff answer, the visitor
 * reads the answer. Firefox is driven by puppeteer-core over WebDriver BiDi, WebKit (MiniBrowser)
 * by WebKitWebDriver; the same steps run in the page, through the widgets' shadow roots.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch } from 'puppeteer-core';
import { remote } from 'webdriverio';
import { FIREFOX_OPTIONS, startWebKitDriver, stopHelpers } from '../../engines.mjs';
import { ARTIFACTS } from './helpers/browser.ts';
import { ensureWidgetBuilt, startServer, type RunningServer } from './helpers/server.ts';

ensureWidgetBuilt();

/** What the journey needs of a browser, whatever drives it. */
interface Driven {
  goto(url: string): Promise<void>;
  /** `act` in the page. */
  act(frame: string, action: 'find' | 'send', text: string): Promise<boolean>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

async function firefox(): Promise<Driven> {
  const browser = await launch(FIREFOX_OPTIONS);
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 900 });
  return {
    goto: async (url) => void (await page.goto(url)),
    act: (frame, action, text) => page.evaluate(inPage(frame, action, text)) as Promise<boolean>,
    screenshot: async (name) => void (await page.screenshot({ path: path.join(ARTIFACTS, `${name}-firefox.png`) })),
    close: () => browser.close(),
  };
}

async function webkit(): Promise<Driven> {
  const browser = await remote(await startWebKitDriver());
  await browser.setWindowSize(1440, 900);
  return {
    goto: (url) => browser.url(url).then(() => undefined),
    act: (frame, action, text) => browser.execute(`return ${inPage(frame, action, text)}`) as Promise<boolean>,
    screenshot: async (name) => writeFileSync(path.join(ARTIFACTS, `${name}-webkit.png`), Buffer.from(await browser.takeScreenshot(), 'base64')),
    close: async () => {
      await browser.deleteSession();
      stopHelpers();
    },
  };
}

/**
 * In the page: in the frame `frame`, through shadow roots, either finds `text` among what is
 * shown (`find`), or writes it in the message box and sends it with Enter (`send`). Answers
 * whether it could.
 */
function act(frame: string, action: 'find' | 'send', text: string): boolean {
  const doc = document.querySelector<HTMLIFrameElement>(`#${frame}`)?.contentDocument;
  if (!doc) return false;
  const all: Element[] = [];
  const walk = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(doc);
  if (action === 'find') return all.some((el) => el.localName === 'p' && el.textContent?.includes(text) && (el as HTMLElement).checkVisibility());
  const box = all.find((el): el is HTMLTextAreaElement => el.localName === 'textarea' && (el as HTMLTextAreaElement).placeholder === 'Write a message…');
  if (!box) return false;
  box.focus();
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
  return true;
}

/** `act` as a script for the page (with the helper that TypeScript's compiler wraps named functions in). */
const inPage = (...args: Parameters<typeof act>) => `((__name) => (${act.toString()})(...${JSON.stringify(args)}))((f) => f)`;

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const [engine, start] of [
  ['firefox', firefox],
  ['webkit', webkit],
] as const) {
  describe(`the live demo's customer journey in ${engine}`, () => {
    let server: RunningServer;
    let browser: Driven;

    before(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer();
      browser = await start();
      await browser.goto(`${server.url}/live.html`);
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('sends the visitor\'s words to the inbox and the answer back', async () => {
      const question = `Could I come in on Saturday for a gloss? (${engine})`;
      // her conversation first: words typed before it is there would start a new chat
      await until('the visitor sees her conversation', () => browser.act('customer-frame', 'find', 'Colour Care Pack keeps it fresh'));
      await until('the visitor writes', () => browser.act('customer-frame', 'send', question));
      await until('the inbox shows it', () => browser.act('staff-frame', 'find', question));
      const answer = `Of course, Saturday at 11:00 works (${engine})`;
      await until('staff answer', () => browser.act('staff-frame', 'send', answer));
      await until('the visitor reads the answer', () => browser.act('customer-frame', 'find', answer));
      await browser.screenshot('live-journey');
    });
  });
}
