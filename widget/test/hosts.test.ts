import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { login, NARROWEST_WINDOW, rest, screenshot, server, setViewport } from './helpers.ts';

interface Clip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The built widget on two host pages of another origin (`test/hosts/`): a plain page with the ES
 * module, and a hostile one (a theme that sets a 10 px root size and loud global text rules, a
 * cookie banner, a strict CSP, the classic script loaded `async`, a second instance, the
 * customer's widget removed and added again). The open panel must look the same on both.
 */
describe('the built widget on a hostile host page', () => {
  let url: string;
  let hosts: string;
  let token: string;
  let otherStaff: string;

  before(async () => {
    ({ url } = await server());
    ({ url: hosts } = (await executeServerCommand('host-pages')) as { url: string });
    token = await login(url, 'customer');
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@other-salon.com', password: 'owner123' }),
    });
    otherStaff = ((await res.json()) as { access_token: string }).access_token;
    // what the header says depends on whether the salon's staff are online: the widgets of earlier tests must be gone
    await waitUntil(
      async () => {
        const chats = await rest<{ online_members?: { participant_type: string }[] }[]>(url, token, 'GET', '/api/v1/chat/chats/customer');
        return chats.every((c) => !c.online_members?.some((m) => m.participant_type === 'user'));
      },
      'no staff online',
      { timeout: 10_000 },
    );
  });

  /**
   * Opens a host page in a frame of the given size at the window's top left (the page's own
   * viewport, even where the window cannot be made that narrow) and resolves with where its
   * widget is drawn.
   */
  async function show(page: 'plain' | 'hostile', query: Record<string, string>, width: number, height: number): Promise<{ frame: HTMLIFrameElement; clip: Clip; beyond: string[] }> {
    const frame = document.createElement('iframe');
    frame.style.cssText = `position: fixed; top: 0; left: 0; width: ${width}px; height: ${height}px; border: 0; z-index: 1`;
    const ready = new Promise<{ clip: Clip; beyond: string[] }>((resolve) => {
      const onMessage = (e: MessageEvent) => {
        if (e.source !== frame.contentWindow || e.data?.type !== 'salon-chat-host-ready') return;
        removeEventListener('message', onMessage);
        resolve(e.data);
      };
      addEventListener('message', onMessage);
    });
    const params = new URLSearchParams({ server: url, token, ...query, ...(page === 'hostile' ? { second: otherStaff } : {}) });
    frame.src = `${hosts}/${page}.html?${params}`;
    document.body.append(frame);
    const drawn = await Promise.race([ready, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${page} page not ready`)), 20_000))]);
    return { frame, ...drawn };
  }

  const sizes = [
    [1280, 800],
    [375, 740],
  ] as const;
  const variants = [
    { theme: 'light', lang: 'en' },
    { theme: 'dark', lang: 'en' },
    { theme: 'light', lang: 'ar' },
  ];

  for (const [width, height] of sizes) {
    for (const variant of variants) {
      const name = `${width}-${variant.theme}-${variant.lang}`;
      it(`looks the same on both at ${width}×${height}, ${variant.theme}, ${variant.lang}`, async () => {
        await setViewport({ width: Math.max(width, NARROWEST_WINDOW), height });
        const clips: Clip[] = [];
        for (const page of ['plain', 'hostile'] as const) {
          const { frame, clip, beyond } = await show(page, variant, width, height);
          expect(beyond, `nothing of the widget is cut off at the screen's edge on the ${page} page`).to.deep.equal([]);
          clips.push(clip);
          await screenshot(`host-${page}-${name}`, clip);
          frame.remove();
        }
        expect(clips[1], 'the widget takes the same place').to.deep.equal(clips[0]);
        if (width < 600) expect(clips[0]).to.deep.equal({ x: 0, y: 0, width, height });
        const { differing } = (await executeServerCommand('compare-screenshots', { a: `host-plain-${name}`, b: `host-hostile-${name}` })) as { differing: number };
        expect(differing, 'share of pixels that differ').to.be.below(0.005);
      });
    }
  }

  it('tidies up after the pages', async () => {
    await waitUntil(() => !document.querySelector('iframe'), 'no frame left');
  });
});
