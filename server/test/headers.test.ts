import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { originAllowed } from '../src/server.ts';
import { DEMO_ACCOUNTS, api, signInCast, startTestServer, type TestServer } from './helpers.ts';

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

  it('echoes a short request id of safe characters, and answers any other with one of its own', async () => {
    const echoed = async (id: string) => (await api(server, 'GET', '/api/v1/salons/1', { headers: { 'X-Request-Id': id } })).headers.get('x-request-id');
    assert.equal(await echoed('trace-42.a:b_c'), 'trace-42.a:b_c');
    for (const id of ['x'.repeat(6 * 1024), 'a'.repeat(65), 'two words', '<script>', 'caf\u00e9']) {
      const answered = await echoed(id);
      assert.notEqual(answered, id);
      assert.match(answered ?? '', /^[0-9a-f-]{36}$/);
    }
  });

  it('gives /docs a policy that lets the viewer load, run and ask this server only', async () => {
    const csp = (await fetch(`${server.url}/docs`)).headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
    assert.equal(directives['default-src'], "'none'");
    assert.equal(directives['script-src'], "'self'", 'no inline scripts, no eval');
    assert.equal(directives['connect-src'], "'self'", 'the document and tried requests go to this server only');
    assert.equal(directives['style-src'], "'self' 'unsafe-inline'", 'the viewer sets its styles at run time');
    assert.equal(directives['frame-ancestors'], "'none'");
    assert.equal(directives['font-src'], undefined, 'no fonts are loaded');
  });

  it('refuses WebSocket upgrades from pages of other sites when CORS_ORIGINS is set', async () => {
    const { emma } = await signInCast(server);
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
      const { admin } = await signInCast(production, DEMO_ACCOUNTS);
      assert.equal((await api(production, 'POST', '/api/v1/demo/reset', { token: admin.token })).status, 404);
    } finally {
      await production.stop();
    }
  });

  it('limits the chats a customer starts in a day, with 429', async () => {
    const limited = await startTestServer({ CHATS_PER_DAY: '2' });
    try {
      const { emma, admin } = await signInCast(limited);
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
