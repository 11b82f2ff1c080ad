/** Typing indicators (guide: WebSocket Protocol › Send Typing Indicator; decisions §3). */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { joinedPair } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'WebSocket Protocol › Send Typing Indicator; decisions §3';

export const scenarios: Scenario[] = [
  {
    id: 'ws-typing.reaches-other-member',
    title: 'typing reaches the other joined member with chat_id, participant_type, participant_id and is_typing',
    guide: GUIDE,
    rules: ['ws.typing.others'],
    async run(ctx: Context) {
      const { chat, customer, staffSocket, customerSocket } = await joinedPair(ctx);
      for (const isTyping of [true, false]) {
        customerSocket.send({ type: 'typing', chat_id: chat.id, is_typing: isTyping });
        const frame = await staffSocket.waitFor((f) => f.type === 'typing' && f.chat_id === chat.id && f.is_typing === isTyping, {
          rule: 'ws.typing.others',
          expected: `staff receive {"type":"typing","chat_id":${chat.id},"is_typing":${isTyping},…}`,
        });
        ctx.check('ws.typing.others', frame.participant_type === 'customer' && frame.participant_id === customer.id, `participant_type "customer", participant_id ${customer.id}`, show(frame));
      }
    },
  },
  {
    id: 'ws-typing.not-echoed-to-sender',
    title: 'typing is not sent back to the connection that typed',
    guide: GUIDE,
    rules: ['ws.typing.not-sender'],
    async run(ctx: Context) {
      const { chat, staffSocket, customerSocket } = await joinedPair(ctx);
      const from = customerSocket.frames.length;
      customerSocket.send({ type: 'typing', chat_id: chat.id, is_typing: true });
      await staffSocket.waitFor((f) => f.type === 'typing' && f.chat_id === chat.id, {
        rule: 'ws.typing.others',
        expected: 'the other member receives the typing frame (the positive control)',
      });
      await customerSocket.roundTrip('ws.typing.not-sender');
      customerSocket.expectNone((f) => f.type === 'typing' && f.chat_id === chat.id, {
        rule: 'ws.typing.not-sender',
        expected: 'no typing frame back to the connection that typed',
      }, from);
    },
  },
];
