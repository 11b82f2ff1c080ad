/** Joining is required and checked (Error Handling › Common Errors; decisions §3). */
import type { ActorKey } from '../actors.ts';
import { mentionsChat, type Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsCustomer, createChatAsStaff, expectErrorFrame, history, isMessageFrame, join, sendMessage } from '../steps.ts';

async function joinRefused(ctx: Context, outsiderKey: ActorKey): Promise<void> {
  const outsider = ctx.actor(outsiderKey);
  const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
  const chat = await createChatAsStaff(ctx, staff, customer);
  const [outsiderSocket, staffSocket, customerSocket] = await Promise.all([ctx.connect(outsider), ctx.connect(staff), ctx.connect(customer)]);
  await join(staffSocket, chat.id);
  await join(customerSocket, chat.id);
  await expectErrorFrame(outsiderSocket, { type: 'join_chat', chat_id: chat.id }, 'ws.join.forbidden', `${outsider.name} joining chat ${chat.id} it may not see`);
  customerSocket.send({ type: 'typing', chat_id: chat.id, is_typing: true });
  await staffSocket.waitFor((f) => f.type === 'typing' && f.chat_id === chat.id, { rule: 'ws.typing.others', expected: 'typing reaches the member (the positive control)' });
  await sendMessage(staffSocket, chat.id, ctx.text('not for outsiders'));
  await outsiderSocket.roundTrip('ws.join.forbidden');
  outsiderSocket.expectNone((f) => f.type !== 'error' && mentionsChat(f, chat.id), {
    rule: 'ws.join.forbidden',
    expected: `nothing of chat ${chat.id} delivered to ${outsider.name} after its refused join`,
  });
}

export const scenarios: Scenario[] = [
  {
    id: 'ws-membership.join-own-chat',
    title: 'join_chat is accepted without an error for chats the caller takes part in, on both sides',
    guide: 'Connection Details › Connection Lifecycle',
    rules: ['ws.join.member'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const byStaff = await createChatAsStaff(ctx, staff, customer);
      const byCustomer = await createChatAsCustomer(ctx, customer, staff);
      const [staffSocket, customerSocket] = await Promise.all([ctx.connect(staff), ctx.connect(customer)]);
      for (const chat of [byStaff, byCustomer]) {
        await join(staffSocket, chat.id);
        await join(customerSocket, chat.id);
      }
    },
  },
  {
    id: 'ws-membership.not-joined-frames-answer-error',
    title: 'send_message, typing and read_message before join_chat answer error and reach no one',
    guide: 'Error Handling › Common Errors (Not joined to chat); decisions §3',
    rules: ['ws.not-joined'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const [staffSocket, customerSocket] = await Promise.all([ctx.connect(staff), ctx.connect(customer)]);
      await join(staffSocket, chat.id);
      const initial = (await history(ctx, customer, chat.id)).messages[0];
      ctx.check('ws.not-joined', initial !== undefined, 'the initial message in history', 'an empty history');
      const lost = ctx.text('sent before joining');
      await expectErrorFrame(customerSocket, { type: 'send_message', chat_id: chat.id, content: lost, message_type: 'text' }, 'ws.not-joined', 'send_message before join_chat');
      await expectErrorFrame(customerSocket, { type: 'typing', chat_id: chat.id, is_typing: true }, 'ws.not-joined', 'typing before join_chat');
      await expectErrorFrame(customerSocket, { type: 'read_message', chat_id: chat.id, message_id: initial.id }, 'ws.not-joined', 'read_message before join_chat');
      await join(customerSocket, chat.id);
      const control = ctx.text('sent after joining');
      await sendMessage(customerSocket, chat.id, control);
      await staffSocket.waitFor((f) => isMessageFrame(f, control), { rule: 'ws.message.fanout', expected: 'the message sent after joining (the positive control)' });
      staffSocket.expectNone((f) => isMessageFrame(f, lost) || (f.type === 'typing' && f.chat_id === chat.id) || (f.type === 'read_receipt' && f.chat_id === chat.id), {
        rule: 'ws.not-joined',
        expected: 'nothing from the frames sent before joining',
      });
      const stored = (await history(ctx, staff, chat.id)).messages.map((m) => m.content);
      ctx.check('ws.not-joined', !stored.includes(lost), `"${lost}" not stored`, `history holds ${JSON.stringify(stored)}`);
    },
  },
  {
    id: 'ws-membership.join-other-customers-chat',
    title: "joining another customer's chat answers error, and nothing of that chat is delivered",
    guide: 'decisions §3',
    rules: ['ws.join.forbidden'],
    sides: ['customer'],
    run: (ctx: Context) => joinRefused(ctx, 'customer2'),
  },
  {
    id: 'ws-membership.join-other-salons-chat',
    title: "joining another salon's chat answers error, and nothing of that chat is delivered",
    guide: 'decisions §3',
    rules: ['ws.join.forbidden'],
    sides: ['staff'],
    run: (ctx: Context) => joinRefused(ctx, 'otherSalonStaff'),
  },
  {
    id: 'ws-membership.join-nonexistent-chat',
    title: 'joining a chat that does not exist answers error and keeps the socket open',
    guide: 'decisions §3',
    rules: ['ws.join.forbidden'],
    sides: ['customer'],
    async run(ctx: Context) {
      const chat = await createChatAsStaff(ctx, ctx.actor('staff'), ctx.actor('customer'));
      const socket = await ctx.connect(ctx.actor('customer'));
      await expectErrorFrame(socket, { type: 'join_chat', chat_id: chat.id + 10_000_000 }, 'ws.join.forbidden', `joining chat ${chat.id + 10_000_000}, which does not exist`);
      await socket.roundTrip('ws.join.forbidden');
    },
  },
];
