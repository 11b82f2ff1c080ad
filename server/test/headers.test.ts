import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { originAllowed } from '../src/server.ts';
import { api, demoCast, startTestServer, type TestServer } from './helpers.ts';

describe('security headers', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://salon.example' });
  });
  after(() => server.stop());

  it('keeps the API, the docs and the pages out of other sites’ frames, unsniffed and without referrers', async () => {
    for (const path of ['/api/v1/salons/1', '/docs', '/openapi.json', '/healthz', '/api/v1/chat/chats']) {
      const res = await fetch(server.url + path);
      assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors '(self|none)'/, path);
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin', `${path}: the salons' sites use it`);
    }
  });

  it('gives /docs a policy that allows its one style block and nothing else', async () => {
    const csp = (await fetch(`${server.url}/docs`)).headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
  });

  it('refuses WebSocket upgrades from pages of other sites when CORS_ORIGINS is set', async () => {
    const { emma } = await demoCast(server);
    const open = (origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/chat/ws/chat/customer?token=${emma.token}`, origin ? { origin } : {});
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { type: string };
          if (frame.type === 'connected') {
            ws.close();
            resolve('connected');
          }
        });
        ws.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
        ws.on('error', () => resolve('error'));
      });
    assert.equal(await open('https://evil.example'), 'HTTP 403');
    assert.equal(await open('https://salon.example'), 'connected');
    assert.equal(await open(), 'connected', 'apps and servers send no Origin');
    assert.equal((await api(server, 'GET', '/healthz')).status, 200);
  });

  it('has no demo reset in production, even with the demo data', async () => {
    const production = await startTestServer({ NODE_ENV: 'production', SEED_DEMO: 'true' });
    try {
      const { admin } = await demoCast(production);
      assert.equal((await api(production, 'POST', '/api/v1/demo/reset', { token: admin.token })).status, 404);
    } finally {
      await production.stop();
    }
  });

  it('limits the chats a customer starts in a day, with 429', async () => {
    const limited = await startTestServer({ CHATS_PER_DAY: '2' });
    try {
      const { emma, admin } = await demoCast(limited);
      const start = () => api(limited, 'POST', '/api/v1/chat/chats/customer', { token: emma.token, body: { user_id: admin.id, initial_message: 'hi' } });
      assert.equal((await start()).status, 201);
      assert.equal((await start()).status, 201);
      const refused = await start();
      assert.equal(refused.status, 429);
      assert.match(refused.body.detail, /at most 2 new chats a day/);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      const staffStarts = await api(limited, 'POST', '/api/v1/chat/chats', { token: admin.token, body: { customer_id: emma.id, initial_message: 'staff are not limited' } });
      assert.equal(staffStarts.status, 201);
    } finally {
      await limited.stop();
    }
  });

  it('allows any origin when CORS_ORIGINS is not set, and the server’s own pages always', () => {
    assert.equal(originAllowed('https://anyone.example', 'chat.example', null), true);
    assert.equal(originAllowed('https://chat.example', 'chat.example', ['https://salon.example']), true);
    assert.equal(originAllowed('null', 'chat.example', ['https://salon.example']), false);
  });
});
