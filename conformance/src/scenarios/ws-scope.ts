/** Who receives what (decisions §3): nothing of a chat reaches connections that have not joined it. */
import type { ActorKey } from '../actors.ts';
import { mentionsChat, type Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsStaff, isMessageFrame, join, sendMessage, joinedPair } from '../steps.ts';
import type { Frame } from '../ws.ts';

const GUIDE = 'WebSocket Protocol › Message Types; decisions §3';
const CHAT_EVENTS = new Set(['message', 'typing', 'user_joined', 'user_left']);

/** Staff and customer go through every kind of chat event in a new chat; returns its id. */
async function busyChat(ctx: Context): Promise<number> {
  const { chat, staffSocket, customerSocket } = await joinedPair(ctx);
  customerSocket.send({ type: 'typing', chat_id: chat.id, is_typing: true });
  const message = await sendMessage(staffSocket, chat.id, ctx.text('members only'));
  customerSocket.send({ type: 'read_message', chat_id: chat.id, message_id: message.id });
  customerSocket.send({ type: 'leave_chat', chat_id: chat.id });
  for (const type of ['user_joined', 'typing', 'read_receipt', 'user_left']) {
    await staffSocket.waitFor((f) => f.type === type && f.chat_id === chat.id, {
      rule: 'ws.scope',
      expected: `the joined member receives ${type} (the positive control)`,
    });
  }
  return chat.id;
}

async function outsiderHearsNothing(ctx: Context, outsiderKey: ActorKey): Promise<void> {
  const outsider = ctx.actor(outsiderKey);
  const socket = await ctx.connect(outsider);
  const chatId = await busyChat(ctx);
  await socket.roundTrip('ws.scope');
  socket.expectNone((f: Frame) => mentionsChat(f, chatId), {
    rule: 'ws.scope',
    expected: `nothing of chat ${chatId} reaches ${outsider.name}`,
  });
}

export const scenarios: Scenario[] = [
  {
    id: 'ws-scope.other-customer-hears-nothing',
    title: "another customer's connection receives nothing of a chat it is not in",
    guide: GUIDE,
    rules: ['ws.scope'],
    sides: ['customer'],
    run: (ctx: Context) => outsiderHearsNothing(ctx, 'customer2'),
  },
  {
    id: 'ws-scope.other-salon-hears-nothing',
    title: "another salon's staff receive nothing of this salon's chats",
    guide: GUIDE,
    rules: ['ws.scope'],
    sides: ['staff'],
    run: (ctx: Context) => outsiderHearsNothing(ctx, 'otherSalonStaff'),
  },
  {
    id: 'ws-scope.only-joined-connections',
    title: 'messages and typing reach only connections that joined the chat, and stop after leave_chat',
    guide: GUIDE,
    rules: ['ws.scope'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const watched = await createChatAsStaff(ctx, staff, customer);
      const control = await createChatAsStaff(ctx, staff, customer);
      const [staffSocket, left, neverJoined] = await Promise.all([ctx.connect(staff), ctx.connect(customer), ctx.connect(customer)]);
      await join(staffSocket, watched.id);
      await join(staffSocket, control.id);
      await join(left, watched.id);
      await join(left, control.id);
      await join(neverJoined, control.id);
      left.send({ type: 'leave_chat', chat_id: watched.id });
      await left.roundTrip('ws.scope');
      const from = left.frames.length;
      staffSocket.send({ type: 'typing', chat_id: watched.id, is_typing: true });
      await sendMessage(staffSocket, watched.id, ctx.text('after you left'));
      const controlText = ctx.text('control');
      await sendMessage(staffSocket, control.id, controlText);
      for (const [socket, since, who] of [[left, from, 'a connection that left'], [neverJoined, 0, 'a connection that never joined']] as const) {
        await socket.waitFor((f) => isMessageFrame(f, controlText), { rule: 'ws.scope', expected: 'the message of the joined chat (the positive control)' }, since);
        socket.expectNone((f) => CHAT_EVENTS.has(f.type) && mentionsChat(f, watched.id), {
          rule: 'ws.scope',
          expected: `no message or typing of chat ${watched.id} on ${who}`,
        }, since);
      }
    },
  },
];
