/** Types of what `engines.mjs` offers to TypeScript tests (the demo's journey in each engine). */
import type { LaunchOptions } from 'puppeteer-core';

/** puppeteer-core's `launch` options for Debian's Firefox ESR over WebDriver BiDi. */
export declare const FIREFOX_OPTIONS: LaunchOptions;

/** Starts WebKitWebDriver (and an Xvfb when there is no `DISPLAY`); resolves with webdriver-io's `remote` options. */
export declare function startWebKitDriver(): Promise<{
  hostname: string;
  port: number;
  path: string;
  logLevel: 'error';
  capabilities: Record<string, unknown> & { browserName: string };
}>;

/** Stops what `startWebKitDriver` started. */
export declare function stopHelpers(): void;
