/** Frame envelopes and keepalive (guide: WebSocket Protocol › Message Types; decisions §2). */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { sendMessage, joinedPair } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'WebSocket Protocol › Message Types; decisions §2';

export const scenarios: Scenario[] = [
  {
    id: 'ws-frames.ping-pong',
    title: 'ping is answered by a pong with an ISO 8601 timestamp, on both endpoints',
    guide: GUIDE,
    rules: ['ws.ping'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) {
        const socket = await ctx.connect(actor);
        const from = socket.frames.length;
        socket.send({ type: 'ping' });
        await socket.waitFor((f) => f.type === 'pong', { rule: 'ws.ping', expected: 'a pong with an ISO 8601 timestamp answering the ping' }, from);
      }
    },
  },
  {
    id: 'ws-frames.json-object-envelopes',
    title: 'every server frame is one JSON object with a string type',
    guide: GUIDE,
    rules: ['ws.envelope'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const { chat, staffSocket, customerSocket } = await joinedPair(ctx);
      customerSocket.send({ type: 'typing', chat_id: chat.id, is_typing: true });
      const message = await sendMessage(customerSocket, chat.id, ctx.text('envelope'));
      staffSocket.send({ type: 'read_message', chat_id: chat.id, message_id: message.id });
      customerSocket.send({ type: 'leave_chat', chat_id: chat.id });
      customerSocket.send('not json');
      await Promise.all([staffSocket.roundTrip('ws.envelope'), customerSocket.roundTrip('ws.envelope')]);
      for (const socket of [staffSocket, customerSocket]) {
        ctx.check('ws.envelope', socket.malformed.length === 0, 'only JSON objects with a string "type"', `${socket.label} received ${show(socket.malformed)}`);
      }
    },
  },
];
