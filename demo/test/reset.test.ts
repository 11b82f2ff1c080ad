import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, startServer, type RunningServer } from './helpers/server.ts';

const run = promisify(execFile);

describe('npm run reset', () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.stop();
  });

  async function emmaHistory(): Promise<{ total: number; token: string }> {
    const login = await fetch(`${server.url}/api/v1/customer-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+1234567890', password: 'customer123' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const page = await fetch(`${server.url}/api/v1/chat/chats/1/messages?page=1&page_size=1`, { headers: { authorization: `Bearer ${token}` } });
    return { total: ((await page.json()) as { total: number }).total, token };
  }

  it('restores the seeded chats of a running server', async () => {
    const seeded = await emmaHistory();
    const sent = await fetch(`${server.url}/api/v1/chat/chats/1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.token}` },
      body: JSON.stringify({ content: 'a message the reset removes', message_type: 'text' }),
    });
    assert.equal(sent.status, 201);
    assert.equal((await emmaHistory()).total, seeded.total + 1);

    const { stdout } = await run(process.execPath, ['--conditions=@salon-chat/source', '--import', 'tsx', 'scripts/reset.ts'], { cwd: path.join(ROOT, 'demo'), env: { ...process.env, SALON_CHAT_URL: server.url } });
    assert.match(stdout, /demo data restored/);
    assert.equal((await emmaHistory()).total, seeded.total);
  });

  it('fails with a hint when no server answers', async () => {
    await assert.rejects(
      run(process.execPath, ['--conditions=@salon-chat/source', '--import', 'tsx', 'scripts/reset.ts'], { cwd: path.join(ROOT, 'demo'), env: { ...process.env, SALON_CHAT_URL: 'http://127.0.0.1:9' } }),
      (err: { code: number; stderr: string }) => err.code === 1 && /cannot reach http:\/\/127\.0\.0\.1:9/.test(err.stderr),
    );
  });
});
