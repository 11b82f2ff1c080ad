/** Read receipts (guide: WebSocket Protocol › Mark Message as Read; decisions §3). */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsStaff, eventually, history, join, sendMessage, joinedPair } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'WebSocket Protocol › Mark Message as Read; decisions §3';

export const scenarios: Scenario[] = [
  {
    id: 'ws-receipts.to-sender-on-every-connection',
    title: "read_receipt reaches the message's sender on every one of its connections, joined or not",
    guide: GUIDE,
    rules: ['ws.read.receipt'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const [joined, elsewhere, customerSocket] = await Promise.all([ctx.connect(staff), ctx.connect(staff), ctx.connect(customer)]);
      await join(joined, chat.id);
      const message = await sendMessage(joined, chat.id, ctx.text('your appointment is confirmed'));
      await join(customerSocket, chat.id);
      customerSocket.send({ type: 'read_message', chat_id: chat.id, message_id: message.id });
      for (const socket of [joined, elsewhere]) {
        const receipt = await socket.waitFor((f) => f.type === 'read_receipt' && f.message_id === message.id, {
          rule: 'ws.read.receipt',
          expected: `${socket === joined ? 'the joined' : 'a not-joined'} connection of the sender receives read_receipt for message ${message.id}`,
        });
        const ok = receipt.chat_id === chat.id && receipt.reader_type === 'customer' && receipt.reader_id === customer.id;
        ctx.check('ws.read.receipt', ok, `{"chat_id":${chat.id},"message_id":${message.id},"reader_type":"customer","reader_id":${customer.id}}`, show(receipt));
      }
    },
  },
  {
    id: 'ws-receipts.listed-in-history',
    title: 'a read message lists the reader in its read_receipts',
    guide: 'REST API Endpoints › Get Chat Messages; decisions §3',
    rules: ['ws.read.history'],
    async run(ctx: Context) {
      const { chat, staff, customer, staffSocket, customerSocket } = await joinedPair(ctx);
      const message = await sendMessage(staffSocket, chat.id, ctx.text('see you at 10'));
      customerSocket.send({ type: 'read_message', chat_id: chat.id, message_id: message.id });
      await eventually(ctx, 'ws.read.history', `message ${message.id} lists {"reader_type":"customer","reader_id":${customer.id}} in read_receipts`, async () => {
        const stored = (await history(ctx, staff, chat.id)).messages.find((m) => m.id === message.id);
        const receipts = stored?.read_receipts ?? [];
        return { ok: receipts.some((r) => r.reader_type === 'customer' && r.reader_id === customer.id), actual: `read_receipts ${show(receipts)}` };
      });
    },
  },
];
