import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot } from './helpers/browser.ts';
import { demoSession } from './helpers/session.ts';

describe('protocol console', () => {
  const demo = demoSession();
  const openConsole = (account: string) => demo.visit(`/console.html?as=${account}`);

  const frame = (page: Page, direction: 'in' | 'out' | 'sys', type: string) => page.locator(`#log .frame.${direction}[data-type="${type}"]`);

  it('signs in, connects, joins a chat and shows every frame in and out with its time', async () => {
    const { page, problems } = await openConsole('camille');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('#identity', { hasText: 'Camille Laurent · user #1' }).waitFor();
    await page.locator('#chats .chat[aria-pressed="true"]').first().waitFor();

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await frame(page, 'in', 'connected').waitFor();
    assert.equal(await page.locator('#status').textContent(), 'open');
    assert.match(await frame(page, 'in', 'connected').locator('.summary').textContent() ?? '', /"participant_type":"user","participant_id":1/);

    await page.getByRole('button', { name: 'join_chat' }).click();
    assert.deepEqual(JSON.parse(await page.locator('#frame').inputValue()), { type: 'join_chat', chat_id: 1 });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await frame(page, 'out', 'join_chat').waitFor();
    await frame(page, 'in', 'joined_chat').waitFor();

    await page.getByRole('button', { name: 'send text' }).click();
    await page.locator('#frame').press('Control+Enter');
    await frame(page, 'in', 'message').waitFor();
    assert.match(await frame(page, 'in', 'message').locator('.summary').textContent() ?? '', /Hello from the protocol console/);

    await page.getByRole('button', { name: 'read_message' }).click();
    const read = JSON.parse(await page.locator('#frame').inputValue()) as { message_id: number };
    const sent = JSON.parse((await frame(page, 'in', 'message').locator('.summary').textContent()) ?? '{}') as { message: { id: number } };
    assert.equal(read.message_id, sent.message.id, 'the read_message template names the newest message');

    await page.getByRole('button', { name: 'malformed JSON' }).click();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await frame(page, 'in', 'error').waitFor();
    assert.match(await page.locator('#frame-note').textContent() ?? '', /Not valid JSON/);

    await frame(page, 'in', 'message').locator('.head').click();
    assert.match(await frame(page, 'in', 'message').locator('pre').textContent() ?? '', /"content": "Hello from the protocol console"/);
    for (const time of await page.locator('#log .frame time').allTextContents()) assert.match(time, /^\d\d:\d\d:\d\d\.\d{3}$/);

    await page.locator('#filter').fill('joined_chat');
    assert.equal(await page.locator('#log .frame:visible').count(), 1);
    await page.locator('#filter').fill('');
    await frame(page, 'in', 'message').locator('.head').click();
    await screenshot(page, 'console');
    assert.deepEqual(problems, []);
  });

  it('explains a 1008 close when a staff token is used on the customer endpoint', async () => {
    const { page, problems } = await openConsole('camille');
    const login = await page.request.post(`${demo.url}/api/v1/auth/login`, { data: { email: 'admin@salon.com', password: 'admin123' } });
    const { access_token: token } = (await login.json()) as { access_token: string };
    await page.locator('#account').selectOption('token');
    await page.locator('#token-kind').selectOption('customer');
    await page.locator('#token-input').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('#log .frame.sys', { hasText: 'socket closed: 1008 (policy violation' }).waitFor();
    assert.equal(await page.locator('#status').textContent(), 'closed 1008');
    assert.ok(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled());
    await page.locator('#chats', { hasText: 'Cannot list chats' }).waitFor();
    assert.deepEqual(problems.filter((p) => !p.includes('status of 403')), [], 'only the refused chat list fails');
  });
});
