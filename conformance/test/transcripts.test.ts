import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from '../src/context.ts';
import { runConformance, type Report, type Scenario, type ScenarioResult } from '../src/index.ts';
import { createChatAsStaff, join, joinedPair, sendMessage } from '../src/steps.ts';
import { chatsOf, type Frame } from '../src/ws.ts';
import { startProxy } from './helpers/proxy.ts';
import { referenceConfig, referenceServer } from './helpers/reference-server.ts';

/** A scenario of the test, checking `rule` (the runner counts it required like any other). */
const scenario = (id: string, run: Scenario['run']): Scenario => ({ id, title: `${id} (a scenario of this test)`, guide: 'test', rules: ['chat.create.staff'], sides: ['staff'], run });

/** The second scenario's result, which must have failed. */
function failure(report: Report): ScenarioResult {
  const [, failed] = report.scenarios;
  assert.equal(failed?.status, 'failed', JSON.stringify(report.scenarios));
  return failed!;
}

describe('the transcript of a failure', () => {
  const server = referenceServer();

  it('holds none of the frames another scenario causes on its sockets', async () => {
    let listening!: () => void;
    const ready = new Promise<void>((resolve) => (listening = resolve));
    let othersChat = 0;
    const heard: Frame[] = [];
    const busy = scenario('rest-create.busy', async (ctx) => {
      await ready;
      const { chatId, staffSocket, customerSocket } = await joinedPair(ctx);
      othersChat = chatId;
      const message = await sendMessage(staffSocket, chatId, ctx.text('to be read'));
      customerSocket.send({ type: 'read_message', chat_id: chatId, message_id: message.id });
      await staffSocket.waitFor((f) => f.type === 'read_receipt' && f.chat_id === chatId, { rule: 'ws.read.receipt', expected: 'the receipt' });
    });
    const failing = scenario('rest-create.failing', async (ctx: Context) => {
      const staff = ctx.actor('staff');
      const chat = await createChatAsStaff(ctx, staff, ctx.actor('customer'));
      const socket = await ctx.connect(staff);
      await join(socket, chat.id);
      listening();
      // a staff socket hears of every chat its salon opens, and of every read of its messages
      await socket.waitFor((f) => f.type === 'read_receipt' && f.chat_id !== chat.id, { rule: 'ws.read.receipt', expected: 'the receipt of the other chat' });
      heard.push(...socket.frames.filter((f) => chatsOf(f).includes(othersChat)));
      ctx.check('chat.create.staff', false, 'a failure whose transcript the test reads', 'the check of the test');
    });

    const failed = failure(await runConformance(referenceConfig(server.url), { scenarios: [busy, failing], concurrency: 2 }));

    assert.deepEqual(heard.map((f) => f.type).sort(), ['chat_created', 'read_receipt'], 'the other scenario’s frames reached the failing one');
    const transcript = failed.transcript!.join('\n');
    assert.match(transcript, /POST \/api\/v1\/chat\/chats/, 'its own traffic is there');
    for (const frame of heard) assert.ok(!transcript.includes(JSON.stringify(frame).slice(0, 100)), `${frame.type} of chat ${othersChat} is not:\n${transcript}`);
  });

  it('is not failed by a misshapen frame about another scenario’s chat, which is that scenario’s to judge', async () => {
    const misshapen: Frame[] = [];
    let listening!: () => void;
    const ready = new Promise<void>((resolve) => (listening = resolve));
    let joined!: (chatId: number) => void;
    const othersChat = new Promise<number>((resolve) => (joined = resolve));
    const reader = scenario('rest-create.reader', async (ctx) => {
      await ready;
      const { chatId, staffSocket, customerSocket } = await joinedPair(ctx);
      joined(chatId);
      const message = await sendMessage(staffSocket, chatId, ctx.text('to be read'));
      customerSocket.send({ type: 'read_message', chat_id: chatId, message_id: message.id });
      await staffSocket.waitFor((f) => f.type === 'read_receipt' && f.chat_id === chatId, { rule: 'ws.read.receipt', expected: 'the receipt' });
    });
    // the same staff account: its socket hears of every read of that account's messages
    const bystander = scenario('rest-create.bystander', async (ctx) => {
      const socket = await ctx.connect(ctx.actor('staff'));
      listening();
      const chatId = await othersChat;
      const deadline = Date.now() + 10_000;
      while (!socket.frames.some((f) => f.type === 'read_receipt' && f.chat_id === chatId)) {
        if (Date.now() > deadline) throw new Error('the bystander never heard of the read');
        await sleep(20);
      }
      misshapen.push(...socket.misshapen.keys());
    });
    const proxy = await startProxy(server.url, {
      fromServer(raw) {
        const { reader_id: _readerId, ...frame } = JSON.parse(raw) as { type: string; reader_id?: number };
        return frame.type === 'read_receipt' ? JSON.stringify(frame) : raw;
      },
    });
    try {
      const report = await runConformance(referenceConfig(proxy.url), { scenarios: [bystander, reader], concurrency: 2 });
      assert.deepEqual(misshapen.map((f) => f.type), ['read_receipt'], 'the bystander’s socket got the misshapen receipt');
      const [passed, failed] = report.scenarios;
      assert.equal(passed?.status, 'passed', JSON.stringify(passed));
      assert.equal(failed?.status, 'failed', 'the scenario whose chat it was fails');
      assert.equal(failed?.rule, 'ws.read.receipt');
    } finally {
      await proxy.close();
    }
  });

  it('holds nothing of what an earlier scenario left running, which ends with that scenario', async () => {
    let listening!: () => void;
    const ready = new Promise<void>((resolve) => (listening = resolve));
    let leftRunning: Promise<PromiseSettledResult<unknown>[]> | undefined;
    const leaver = scenario('rest-create.leaver', async (ctx) => {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      await createChatAsStaff(ctx, staff, customer);
      leftRunning = ready.then(() => Promise.allSettled([createChatAsStaff(ctx, staff, customer), ctx.connect(customer)]));
    });
    const failing = scenario('rest-create.failing', async (ctx) => {
      const socket = await ctx.connect(ctx.actor('staff'));
      listening();
      await socket.waitFor((f) => f.type === 'chat_created', { rule: 'chat.create.staff', expected: 'a chat_created frame (there should be none)' });
    });

    const failed = failure(await runConformance(referenceConfig(server.url), { scenarios: [leaver, failing], concurrency: 1, timeoutScale: 0.5 }));

    const settled = await leftRunning!;
    assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected']);
    for (const s of settled) assert.match(String((s as PromiseRejectedResult).reason), /the scenario has ended/);
    assert.match(failed.actual ?? '', /nothing within/);
    assert.ok(failed.transcript!.every((line) => !/chat_created|POST/.test(line)), failed.transcript!.join('\n'));
  });
});
