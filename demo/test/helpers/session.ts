import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, watchProblems } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/** For one `describe`: a demo server and a browser, and pages opened with their problems watched. */
export function demoSession() {
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get url(): string {
      return server.url;
    },
    async visit(path: string): Promise<{ page: Page; problems: string[] }> {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const problems = watchProblems(page);
      await page.goto(`${server.url}${path}`);
      return { page, problems };
    },
  };
}
