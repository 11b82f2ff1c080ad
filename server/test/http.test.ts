import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, startTestServer, type TestServer } from './helpers.ts';

describe('HTTP surface', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.stop());

  it('reports health, with the event loop and memory of the last seconds', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const res = await api(server, 'GET', '/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
    assert.ok(res.body.window_s >= 1 && res.body.window_s <= 10);
    const { p50, p99, max } = res.body.event_loop_delay_ms;
    assert.ok(p50 >= 0 && p50 <= p99 && p99 <= max, JSON.stringify(res.body.event_loop_delay_ms));
    assert.ok(res.body.event_loop_utilization > 0 && res.body.event_loop_utilization < 1);
    assert.ok(res.body.rss_bytes > res.body.heap_used_bytes && res.body.heap_used_bytes > 0);
  });

  it('publishes an OpenAPI 3.1 document covering every REST endpoint of the guide', async () => {
    const res = await api(server, 'GET', '/openapi.json');
    assert.equal(res.body.openapi, '3.1.0');
    for (const [path, method] of [
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/customer-auth/login', 'post'],
      ['/api/v1/chat/chats', 'post'],
      ['/api/v1/chat/chats', 'get'],
      ['/api/v1/chat/chats/customer', 'post'],
      ['/api/v1/chat/chats/customer', 'get'],
      ['/api/v1/chat/chats/{id}/messages', 'get'],
      ['/api/v1/chat/upload', 'post'],
    ]) {
      assert.ok(res.body.paths[path]?.[method], `${method} ${path}`);
    }
    const history = res.body.paths['/api/v1/chat/chats/{id}/messages'].get;
    assert.deepEqual(history.parameters.map((p: { name: string }) => p.name), ['id', 'page', 'page_size', 'after_id', 'before_id']);
  });

  it('serves the API reference at /docs with its viewer from this server, compressed', async () => {
    const res = await fetch(`${server.url}/docs`);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.match(html, /data-url="\/openapi.json"/);
    assert.match(html, /"withDefaultFonts":false/);
    const viewer = await fetch(`${server.url}/docs/scalar.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(viewer.status, 200);
    assert.match(viewer.headers.get('content-type') ?? '', /javascript/);
    assert.equal(viewer.headers.get('content-encoding'), 'gzip');
    assert.ok((await viewer.text()).includes('createApiReference'));
  });

  it('allows any origin by default, by bearer token and never cookies', async () => {
    const res = await fetch(`${server.url}/api/v1/chat/chats`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://salon.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
  });

  it('narrows CORS to CORS_ORIGINS when set', async () => {
    const narrow = await startTestServer({ CORS_ORIGINS: 'https://maison-eclat.example' });
    try {
      const ask = (origin: string) => fetch(`${narrow.url}/healthz`, { headers: { Origin: origin } });
      assert.equal((await ask('https://maison-eclat.example')).headers.get('access-control-allow-origin'), 'https://maison-eclat.example');
      assert.equal((await ask('https://elsewhere.example')).headers.get('access-control-allow-origin'), null);
    } finally {
      await narrow.stop();
    }
  });

  it('answers unknown routes with a JSON 404, and never a server path', async () => {
    for (const route of ['/api/v1/nothing', '/uploads/../../etc/passwd', '/uploads/chat/missing.png']) {
      const res = await api(server, 'GET', route);
      assert.equal(res.status, 404, route);
      assert.ok(!JSON.stringify(res.body).includes(server.dir), route);
    }
  });
});
