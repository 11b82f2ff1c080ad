/** Bad frames answer an error and keep the socket usable (Error Handling; decisions §2). */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsStaff, expectErrorFrame, join, sendMessage } from '../steps.ts';

const GUIDE = 'Error Handling; decisions §2';

/** Each bad frame gets an error frame; afterwards the same socket still sends and receives. */
async function errorsKeepSocket(ctx: Context, rule: string, frames: [string, (chatId: number) => object | string][]): Promise<void> {
  const chat = await createChatAsStaff(ctx, ctx.actor('staff'), ctx.actor('customer'));
  for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) {
    const socket = await ctx.connect(actor);
    await join(socket, chat.id);
    for (const [what, frame] of frames) {
      await expectErrorFrame(socket, frame(chat.id), rule, `${what} from ${actor.name}`);
      await socket.roundTrip(rule);
      ctx.check(rule, socket.isOpen, `${actor.name}'s socket stays open after ${what}`, `closed ${socket.closeInfo?.code}`);
    }
    const from = socket.frames.length;
    await sendMessage(socket, chat.id, ctx.text('still works'));
    socket.expectNone((f) => f.type === 'error', { rule, expected: `a message ${actor.name} sends after the errors is accepted` }, from);
  }
}

export const scenarios: Scenario[] = [
  {
    id: 'ws-errors.malformed-json',
    title: 'malformed JSON answers an error frame and the socket stays usable',
    guide: GUIDE,
    rules: ['ws.error.bad-json'],
    sides: ['staff', 'customer'],
    run: (ctx: Context) =>
      errorsKeepSocket(ctx, 'ws.error.bad-json', [
        ['a truncated JSON frame', (id) => `{"type": "join_chat", "chat_id": ${id}`],
        ['a frame that is not JSON at all', () => 'hello?'],
      ]),
  },
  {
    id: 'ws-errors.unknown-type',
    title: 'an unknown frame type, or none, answers an error frame and the socket stays usable',
    guide: GUIDE,
    rules: ['ws.error.unknown-type'],
    sides: ['staff', 'customer'],
    run: (ctx: Context) =>
      errorsKeepSocket(ctx, 'ws.error.unknown-type', [
        ['type "dance_party"', (id) => ({ type: 'dance_party', chat_id: id })],
        ['a JSON object without a type', (id) => ({ chat_id: id })],
      ]),
  },
  {
    id: 'ws-errors.missing-fields',
    title: 'frames missing required fields answer an error frame and the socket stays usable',
    guide: 'WebSocket Protocol › Message Types (Required Fields); decisions §2',
    rules: ['ws.error.missing-fields'],
    sides: ['staff', 'customer'],
    run: (ctx: Context) =>
      errorsKeepSocket(ctx, 'ws.error.missing-fields', [
        ['join_chat without chat_id', () => ({ type: 'join_chat' })],
        ['send_message without content or media_url', (id) => ({ type: 'send_message', chat_id: id, message_type: 'text' })],
        ['typing without is_typing', (id) => ({ type: 'typing', chat_id: id })],
        ['read_message without message_id', (id) => ({ type: 'read_message', chat_id: id })],
      ]),
  },
];
