/**
 * The three browser engines the widget's tests run in, as Debian installs them (npm's browser
 * downloads are not used; Playwright cannot drive Debian's Firefox and WebKit):
 * - `chromium`: /usr/bin/chromium through Playwright;
 * - `firefox`: /usr/bin/firefox-esr, headless, through puppeteer-core over WebDriver BiDi;
 * - `webkit`: WebKitGTK's MiniBrowser through `WebKitWebDriver` (webdriver-io), on an X display:
 *   the one in `DISPLAY`, or an Xvfb started here for the run. Its window is never narrower than
 *   about 447 px, so phone sizes are tested inside a frame of that size.
 * Tests and plugins reach the page through `pageOf(session)`, whatever drives it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { ChromeLauncher } from '@web/test-runner-chrome';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteer from 'puppeteer-core';
import sharp from 'sharp';

export const CHROMIUM = '/usr/bin/chromium';
export const FIREFOX = '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const XVFB = '/usr/bin/Xvfb';

/** WebKitGTK's MiniBrowser, wherever this Debian's webkit2gtk puts it. */
export function miniBrowser() {
  const lib = '/usr/lib/x86_64-linux-gnu';
  const dir = existsSync(lib) ? readdirSync(lib).find((d) => /^webkit2?gtk-\d/.test(d) && existsSync(`${lib}/${d}/MiniBrowser`)) : undefined;
  return dir ? `${lib}/${dir}/MiniBrowser` : undefined;
}

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const children = new Set();
/** Whether `DISPLAY` is an Xvfb of this run's. */
let ownDisplay = false;
/** Stops the helper processes this run started (Xvfb, WebKitWebDriver). */
export function stopHelpers() {
  for (const child of children) {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
  children.clear();
  if (ownDisplay) delete process.env.DISPLAY;
  ownDisplay = false;
}

process.once('exit', stopHelpers);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopHelpers();
    process.kill(process.pid, signal);
  });
}

/** Starts a helper process for the run; resolves once `ready(line)` holds for a line of its output, rejects if it exits. */
function helper(command, args, ready, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.once('exit', (code) => {
      children.delete(child);
      reject(new Error(`${command} exited (${code}) before it was ready`));
    });
    const watch = (data) => {
      for (const line of String(data).split('\n')) if (ready(line)) resolve(child);
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
  });
}

/** An X display for MiniBrowser: `DISPLAY` when there is one, else an Xvfb of our own. */
async function display() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  let number = '';
  await helper(XVFB, ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], (line) => {
    if (/^\d+$/.test(line.trim())) number = line.trim();
    return !!number;
  });
  process.env.DISPLAY = `:${number}`;
  ownDisplay = true;
  return process.env.DISPLAY;
}

/**
 * WebKitWebDriver on a free port, on an X display, ready to start MiniBrowser: the WebDriver
 * options (webdriver-io's `remote`) to reach it.
 */
export async function startWebKitDriver() {
  const binary = miniBrowser();
  if (!binary) throw new Error('MiniBrowser is missing: apt-get install webkit2gtk-driver');
  // GTK's setting for reduced motion, which WebKitGTK follows (`prefers-reduced-motion: reduce`)
  const xdg = mkdtempSync(join(tmpdir(), 'salon-chat-webkit-'));
  mkdirSync(join(xdg, 'gtk-3.0'));
  writeFileSync(join(xdg, 'gtk-3.0', 'settings.ini'), '[Settings]\ngtk-enable-animations=0\n');
  const env = { ...process.env, DISPLAY: await display(), XDG_CONFIG_HOME: xdg };
  const port = await freePort();
  helper(WEBKIT_DRIVER, [`--port=${port}`], () => false, env).catch((e) => console.error(`[webkit] ${e.message}`));
  await waitForPort(port);
  return {
    hostname: '127.0.0.1',
    port,
    path: '/',
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary, args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true'] },
      // WebKitWebDriver speaks classic WebDriver only: no `webSocketUrl` (BiDi) asked
      'wdio:enforceWebDriverClassic': true,
    },
  };
}

class WebKitLauncher extends WebdriverLauncher {
  constructor() {
    super({ capabilities: { browserName: 'MiniBrowser' } });
  }

  async initialize(config) {
    Object.assign(this.options, await startWebKitDriver());
    await super.initialize(config);
    this.name = 'WebKit';
  }

  async stop() {
    await super.stop();
    stopHelpers();
  }
}

/** Resolves once something accepts connections on the port (WebKitWebDriver may say nothing). */
async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}

/** puppeteer-core's `launch` options for Firefox. */
export const FIREFOX_OPTIONS = {
  browser: 'firefox',
  protocol: 'webDriverBiDi',
  executablePath: FIREFOX,
  headless: true,
  extraPrefsFirefox: {
    // a fake microphone, granted without a prompt, for the voice-note recorder
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'ui.prefersReducedMotion': 1,
  },
};

const LAUNCHERS = {
  chromium: () =>
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          // a fake microphone, granted without a prompt, for the voice-note recorder
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
        ],
      },
    }),
  firefox: () =>
    new ChromeLauncher(
      FIREFOX_OPTIONS,
      ({ browser }) => browser.defaultBrowserContext(),
      ({ context }) => context.newPage(),
      puppeteer,
    ),
  webkit: () => new WebKitLauncher(),
};

export function launchers(names) {
  return names.map((name) => {
    const make = LAUNCHERS[name.trim()];
    if (!make) throw new Error(`ENGINES: unknown engine "${name}" (chromium, firefox, webkit)`);
    return make();
  });
}

/** The engine of a test session. */
export const engineOf = (session) => ({ playwright: 'chromium', puppeteer: 'firefox', webdriver: 'webkit' })[session.browser.type];

/**
 * What the plugins do to a session's page, in each engine; an action an engine's driver cannot
 * do throws an `Unsupported` error that says why, for the test to skip with.
 */
export class Unsupported extends Error {}

export async function screenshot(session, path, clip) {
  const engine = engineOf(session);
  if (engine === 'chromium') return session.browser.getPage(session.id).screenshot({ path, animations: 'disabled', caret: 'hide', clip });
  if (engine === 'firefox') return session.browser.getPage(session.id).screenshot({ path, clip });
  const png = Buffer.from(await session.browser.driver.takeScreenshot(), 'base64');
  const image = sharp(png);
  await (clip ? image.extract({ left: Math.round(clip.x), top: Math.round(clip.y), width: Math.round(clip.width), height: Math.round(clip.height) }) : image).toFile(path);
}

export async function setOffline(session, offline) {
  const engine = engineOf(session);
  if (engine === 'chromium') return session.browser.getPage(session.id).context().setOffline(offline);
  throw new Unsupported(`${engine}'s driver cannot take a page off the network`);
}

export async function grantNotifications(session) {
  const engine = engineOf(session);
  if (engine === 'chromium') {
    const page = session.browser.getPage(session.id);
    return page.context().grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
  }
  if (engine === 'firefox') {
    const page = session.browser.getPage(session.id);
    return page.browserContext().overridePermissions(new URL(page.url()).origin, ['notifications']);
  }
  throw new Unsupported('WebKitWebDriver cannot grant a permission');
}

/** MiniBrowser's window cannot be made narrower than this (its toolbar's width). */
export const WEBKIT_MIN_WIDTH = 447;

/** Sets the size of the page's viewport, as `setViewport` of @web/test-runner-commands does in Chromium. */
export async function setViewport(session, { width, height }) {
  const engine = engineOf(session);
  if (engine === 'chromium') return session.browser.getPage(session.id).setViewportSize({ width, height });
  if (engine === 'firefox') return session.browser.getPage(session.id).setViewport({ width, height });
  if (width < WEBKIT_MIN_WIDTH) throw new Unsupported(`MiniBrowser's window is at least ${WEBKIT_MIN_WIDTH} px wide (${width} px asked)`);
  const { driver } = session.browser;
  const [dw, dh] = await driver.execute('return [outerWidth - innerWidth, outerHeight - innerHeight]');
  await driver.setWindowSize(width + dw, height + dh);
}

/**
 * Reduced motion: Chromium's driver switches it per page; Firefox and WebKit are started with it
 * (a preference, a GTK setting), which their drivers cannot change.
 */
export async function emulateMedia(session, { reducedMotion }) {
  const engine = engineOf(session);
  if (engine === 'chromium') return session.browser.getPage(session.id).emulateMedia({ reducedMotion });
  if (reducedMotion !== 'reduce') throw new Unsupported(`${engine} runs with reduced motion, which its driver cannot turn off`);
}

/** The commands `viewport` and `media` of the tests' helpers, in every engine. */
export function enginesPlugin() {
  return {
    name: 'salon-chat-engines',
    async executeCommand({ command, payload, session }) {
      if (command === 'viewport') return setViewport(session, payload).then(() => true);
      if (command === 'media') return emulateMedia(session, payload).then(() => true);
      return undefined;
    },
  };
}
