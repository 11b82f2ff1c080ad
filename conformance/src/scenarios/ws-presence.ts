/** Joining and leaving (guide: WebSocket Protocol › Message Types; decisions §3). */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsStaff, join, joinedPair } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'WebSocket Protocol › Message Types (user_joined, user_left); decisions §3';

export const scenarios: Scenario[] = [
  {
    id: 'ws-presence.user-joined-to-others',
    title: 'join_chat sends user_joined to the members already joined, not to the joiner',
    guide: GUIDE,
    rules: ['ws.join.user-joined'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const [staffSocket, customerSocket] = await Promise.all([ctx.connect(staff), ctx.connect(customer)]);
      await join(staffSocket, chat.id);
      const from = customerSocket.frames.length;
      customerSocket.send({ type: 'join_chat', chat_id: chat.id });
      const frame = await staffSocket.waitFor((f) => f.type === 'user_joined' && f.chat_id === chat.id, {
        rule: 'ws.join.user-joined',
        expected: `staff receive {"type":"user_joined","chat_id":${chat.id},…} when the customer joins`,
      });
      ctx.check('ws.join.user-joined', frame.participant_type === 'customer' && frame.participant_id === customer.id, `participant_type "customer", participant_id ${customer.id}`, show(frame));
      await customerSocket.roundTrip('ws.join.user-joined');
      customerSocket.expectNone((f) => f.type === 'user_joined' && f.chat_id === chat.id, {
        rule: 'ws.join.user-joined',
        expected: 'no user_joined back to the joiner',
      }, from);
    },
  },
  {
    id: 'ws-presence.user-left-to-others',
    title: 'leave_chat sends user_left to the other members, not to the leaver',
    guide: GUIDE,
    rules: ['ws.leave.user-left'],
    async run(ctx: Context) {
      const { chat, customer, staffSocket, customerSocket } = await joinedPair(ctx);
      const from = customerSocket.frames.length;
      customerSocket.send({ type: 'leave_chat', chat_id: chat.id });
      const frame = await staffSocket.waitFor((f) => f.type === 'user_left' && f.chat_id === chat.id, {
        rule: 'ws.leave.user-left',
        expected: `staff receive {"type":"user_left","chat_id":${chat.id},…} when the customer leaves`,
      });
      ctx.check('ws.leave.user-left', frame.participant_type === 'customer' && frame.participant_id === customer.id, `participant_type "customer", participant_id ${customer.id}`, show(frame));
      await customerSocket.roundTrip('ws.leave.user-left');
      customerSocket.expectNone((f) => f.type === 'user_left' && f.chat_id === chat.id, {
        rule: 'ws.leave.user-left',
        expected: 'no user_left back to the leaver',
      }, from);
    },
  },
];
