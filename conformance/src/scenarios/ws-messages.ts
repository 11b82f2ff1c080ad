/** Sending messages (guide: WebSocket Protocol › Message Examples; decisions §2–3). */
import type { Context } from '../context.ts';
import { makePng } from '../png.ts';
import type { Scenario } from '../scenario.ts';
import { bothWays, createChatAsStaff, expectStatus, history, isMessageFrame, join, joinedPair, messageOf, sendMessage, sentBy, upload } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'WebSocket Protocol › Message Examples; decisions §2';

/** A chat between staff and customer with both connected and joined. */
export const scenarios: Scenario[] = [
  {
    id: 'ws-messages.delivered-to-other-member',
    title: 'a message reaches the other joined member as {"type":"message","message":{…}}, staff\'s as a customer\'s',
    guide: 'WebSocket Protocol › Message Types; decisions §3',
    rules: ['ws.message.fanout', 'ws.message.shape'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const pair = await joinedPair(ctx);
      for (const { actor, socket, other, otherSocket } of bothWays(pair)) {
        const content = ctx.text(`Hello from ${actor.name}`);
        socket.send({ type: 'send_message', chat_id: pair.chatId, content, message_type: 'text' });
        const frame = await otherSocket.waitFor((f) => isMessageFrame(f, content), {
          rule: 'ws.message.fanout',
          expected: `${other.name} receives "${content}" as a message frame`,
        });
        const message = messageOf(frame);
        ctx.check('ws.message.fanout', message.chat_id === pair.chatId && sentBy(message, actor), `chat_id ${pair.chatId}, sent by ${actor.side} ${actor.id}`, show(message));
      }
    },
  },
  {
    id: 'ws-messages.every-joined-tab',
    title: 'a message reaches every joined socket of both members, the sender\'s other tabs too',
    guide: 'WebSocket Protocol › Message Types; decisions §3',
    rules: ['ws.message.fanout'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const tabs = await Promise.all([staff, staff, customer, customer].map((actor) => ctx.connect(actor)));
      for (const tab of tabs) await join(tab, chat.id);
      for (const [sender, from] of [[staff, tabs[0]!], [customer, tabs[2]!]] as const) {
        const content = ctx.text(`to every tab, from ${sender.name}`);
        from.send({ type: 'send_message', chat_id: chat.id, content, message_type: 'text' });
        for (const [i, tab] of tabs.entries()) {
          await tab.waitFor((f) => isMessageFrame(f, content), {
            rule: 'ws.message.fanout',
            expected: `${tab === from ? 'the sending socket' : `joined socket ${i + 1} (${i < 2 ? staff.name : customer.name})`} receives "${content}"`,
          });
        }
      }
    },
  },
  {
    id: 'ws-messages.echo-to-sender',
    title: 'the sender receives its own message as a message frame, also when message_type is left out',
    guide: GUIDE,
    rules: ['ws.message.echo'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const pair = await joinedPair(ctx);
      for (const { actor, socket } of bothWays(pair)) {
        const message = await sendMessage(socket, pair.chatId, ctx.text('echo me'));
        ctx.check('ws.message.echo', sentBy(message, actor), `sent by ${actor.side} ${actor.id}`, show(message));
        const content = ctx.text('no message_type');
        const from = socket.frames.length;
        socket.send({ type: 'send_message', chat_id: pair.chatId, content });
        await socket.waitFor((f) => isMessageFrame(f, content), {
          rule: 'ws.message.echo',
          expected: `${actor.name} gets the echo of a send_message with only chat_id and content (message_type is not a required field)`,
        }, from);
      }
    },
  },
  {
    id: 'ws-messages.stored-under-same-id',
    title: 'the message frame matches the history item stored under the same id',
    guide: 'REST API Endpoints › Get Chat Messages; decisions §2',
    rules: ['ws.message.shape'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const pair = await joinedPair(ctx);
      for (const { actor, socket, other } of bothWays(pair)) {
        const content = ctx.text(`stored, from ${actor.name}`);
        const live = await sendMessage(socket, pair.chatId, content);
        const page = await history(ctx, other, pair.chatId);
        const stored = page.messages.find((m) => m.id === live.id);
        ctx.check('ws.message.shape', stored !== undefined, `message ${live.id} in ${other.name}'s history`, show(page.messages.map((m) => m.id)));
        const same = stored.content === content && stored.sender_type === live.sender_type && stored.message_type === live.message_type && stored.chat_id === live.chat_id;
        ctx.check('ws.message.shape', same, `history item ${live.id} with the same content, sender and type`, show({ live, stored }));
      }
    },
  },
  {
    id: 'ws-messages.reply-carries-reply-to',
    title: 'a reply carries reply_to_message_id, live and in history',
    guide: 'WebSocket Protocol › Reply to Message; decisions §2',
    rules: ['ws.message.reply'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const pair = await joinedPair(ctx);
      for (const { actor, socket, other, otherSocket } of bothWays(pair)) {
        const original = await sendMessage(otherSocket, pair.chatId, ctx.text('can I book Friday?'));
        const reply = await sendMessage(socket, pair.chatId, ctx.text(`${actor.name} answers`), { reply_to_message_id: original.id });
        ctx.check('ws.message.reply', reply.reply_to_message_id === original.id, `reply_to_message_id ${original.id} in the message frame`, show(reply));
        const stored = (await history(ctx, other, pair.chatId)).messages.find((m) => m.id === reply.id);
        ctx.check('ws.message.reply', stored?.reply_to_message_id === original.id, `reply_to_message_id ${original.id} in history`, show(stored));
      }
    },
  },
  {
    id: 'ws-messages.image-carries-media-url',
    title: 'an image message carries message_type "image" and the uploaded media_url, with or without content',
    guide: 'WebSocket Protocol › Send Image Message',
    rules: ['ws.message.media'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const pair = await joinedPair(ctx);
      for (const { actor, socket } of bothWays(pair)) {
        const response = await upload(ctx, makePng(), 'photo.png', 'image/png', actor.token);
        expectStatus('ws.message.media', response, [200, 201], `an upload by ${actor.name} to send as an image`);
        const fileUrl = (response.body as { file_url?: unknown } | undefined)?.file_url;
        ctx.check('ws.message.media', typeof fileUrl === 'string', 'a file_url from the upload', show(response.body));
        const content = ctx.text(`Check out this photo, from ${actor.name}`);
        socket.send({ type: 'send_message', chat_id: pair.chatId, content, message_type: 'image', media_url: fileUrl });
        for (const receiver of [pair.customerSocket, pair.staffSocket]) {
          const frame = await receiver.waitFor((f) => isMessageFrame(f, content), { rule: 'ws.message.media', expected: `the image message "${content}"` });
          const message = frame.message as Record<string, unknown>;
          const media = typeof message.media_url === 'string' && message.media_url.endsWith(fileUrl);
          ctx.check('ws.message.media', message.message_type === 'image' && media, `message_type "image" and media_url ${fileUrl}`, show(message));
        }
        for (const reader of [pair.staff, pair.customer]) {
          const stored = (await history(ctx, reader, pair.chatId)).messages.find((m) => m.content === content);
          const media = typeof stored?.media_url === 'string' && stored.media_url.endsWith(fileUrl);
          ctx.check('ws.message.media', stored?.message_type === 'image' && media, `the image message in ${reader.name}'s history with media_url ${fileUrl}`, show(stored));
        }
        const second = await upload(ctx, makePng(16), 'photo.png', 'image/png', actor.token);
        const secondUrl = (second.body as { file_url?: unknown } | undefined)?.file_url;
        ctx.check('ws.message.media', typeof secondUrl === 'string' && secondUrl !== fileUrl, 'a new file_url for a second upload', show(second.body));
        const from = socket.frames.length;
        socket.send({ type: 'send_message', chat_id: pair.chatId, message_type: 'image', media_url: secondUrl });
        const bare = await socket.waitFor((f) => f.type === 'error' || (f.type === 'message' && String((f.message as { media_url?: unknown }).media_url).endsWith(secondUrl)), {
          rule: 'ws.message.media',
          expected: 'the echo of an image message with media_url and no content (content or media_url is required)',
        }, from);
        ctx.check('ws.message.media', bare.type === 'message', 'the message, not an error', show(bare));
      }
    },
  },
];
