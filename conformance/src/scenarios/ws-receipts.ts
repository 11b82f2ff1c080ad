/** Read receipts (guide: WebSocket Protocol › Mark Message as Read; decisions §3). */
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { bothWays, createChatAsStaff, eventually, history, join, joinedPair, sendMessage } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'WebSocket Protocol › Mark Message as Read; decisions §3';

/** `reader` reads a message of `sender`, who has two sockets: one joined, one not. */
async function receiptOnEverySocket(ctx: Context, sender: Actor, reader: Actor): Promise<void> {
  const chat = await createChatAsStaff(ctx, ctx.actor('staff'), ctx.actor('customer'));
  const [joined, elsewhere, readerSocket] = await Promise.all([ctx.connect(sender), ctx.connect(sender), ctx.connect(reader)]);
  await join(joined, chat.id);
  const message = await sendMessage(joined, chat.id, ctx.text(`from ${sender.name}, to be read`));
  await join(readerSocket, chat.id);
  readerSocket.send({ type: 'read_message', chat_id: chat.id, message_id: message.id });
  for (const socket of [joined, elsewhere]) {
    const receipt = await socket.waitFor((f) => f.type === 'read_receipt' && f.message_id === message.id, {
      rule: 'ws.read.receipt',
      expected: `${socket === joined ? 'the joined' : 'a not-joined'} connection of ${sender.name} receives read_receipt for message ${message.id}`,
    });
    const ok = receipt.chat_id === chat.id && receipt.reader_type === reader.side && receipt.reader_id === reader.id;
    ctx.check('ws.read.receipt', ok, `{"chat_id":${chat.id},"message_id":${message.id},"reader_type":"${reader.side}","reader_id":${reader.id}}`, show(receipt));
  }
}

export const scenarios: Scenario[] = [
  {
    id: 'ws-receipts.to-sender-on-every-connection',
    title: "read_receipt reaches the message's sender on every one of its connections, joined or not, whichever side reads",
    guide: GUIDE,
    rules: ['ws.read.receipt'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      await receiptOnEverySocket(ctx, staff, customer);
      await receiptOnEverySocket(ctx, customer, staff);
    },
  },
  {
    id: 'ws-receipts.listed-in-history',
    title: 'a read message lists the reader in its read_receipts',
    guide: 'REST API Endpoints › Get Chat Messages; decisions §3',
    rules: ['ws.read.history'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const pair = await joinedPair(ctx);
      for (const { actor, socket, other, otherSocket } of bothWays(pair)) {
        const message = await sendMessage(otherSocket, pair.chatId, ctx.text(`for ${actor.name} to read`));
        socket.send({ type: 'read_message', chat_id: pair.chatId, message_id: message.id });
        await eventually(ctx, 'ws.read.history', `message ${message.id} lists {"reader_type":"${actor.side}","reader_id":${actor.id}} in read_receipts`, async () => {
          const stored = (await history(ctx, other, pair.chatId)).messages.find((m) => m.id === message.id);
          const receipts = stored?.read_receipts ?? [];
          return { ok: receipts.some((r) => r.reader_type === actor.side && r.reader_id === actor.id), actual: `read_receipts ${show(receipts)}` };
        });
      }
    },
  },
];
