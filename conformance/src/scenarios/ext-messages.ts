/** Optional message extensions (decisions §5): probed, skipped when absent. */
import { Reference, ReplyPreview } from '@salon-chat/protocol';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { GuideMessage } from '../shapes.ts';
import { CHATS, conform, eventually, expectStatus, history, isMessageFrame, listChats, messageOf, sendMessage, joinedPair } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'decisions §5';

const absent = (status: number): boolean => status === 404 || status === 405 || status === 501;

export const scenarios: Scenario[] = [
  {
    id: 'ext-messages.client-message-id',
    title: 'client_message_id is echoed, and a retry returns the stored message instead of a duplicate',
    guide: GUIDE,
    rules: ['ext.client-message-id'],
    sides: ['customer'],
    async run(ctx: Context) {
      const { chatId, customerSocket } = await joinedPair(ctx);
      const content = ctx.text('sent once');
      const clientId = ctx.text('cmid').replace(/\W+/g, '-');
      const frame = { type: 'send_message', chat_id: chatId, content, message_type: 'text', client_message_id: clientId };
      customerSocket.send(frame);
      const echo = await customerSocket.waitFor((f) => isMessageFrame(f, content) || f.type === 'error', { rule: 'ws.message.echo', expected: `the echo of "${content}"` });
      if (echo.type === 'error') ctx.skip(`send_message with a client_message_id is refused: ${show(echo)}`);
      const message = messageOf(echo);
      const echoed = message.client_message_id ?? echo.client_message_id;
      if (echoed === undefined || echoed === null) ctx.skip('the message frame does not echo client_message_id');
      ctx.check('ext.client-message-id', echoed === clientId, `client_message_id "${clientId}" echoed`, show(echoed));
      const from = customerSocket.frames.length;
      customerSocket.send(frame);
      const retry = await customerSocket.waitFor((f) => isMessageFrame(f, content), { rule: 'ext.client-message-id', expected: 'the stored message in answer to the retry' }, from);
      ctx.check('ext.client-message-id', (retry.message as { id?: unknown }).id === message.id, `the retry answers message ${message.id}`, show(retry));
      const copies = (await history(ctx, ctx.actor('staff'), chatId)).messages.filter((m) => m.content === content);
      ctx.check('ext.client-message-id', copies.length === 1, `one stored "${content}"`, `${copies.length} stored`);
    },
  },
  {
    id: 'ext-messages.rest-send',
    title: 'POST /chats/{id}/messages stores a message and broadcasts it to joined members',
    guide: GUIDE,
    rules: ['ext.rest-send'],
    sides: ['staff'],
    async run(ctx: Context) {
      const { chatId, staffSocket } = await joinedPair(ctx);
      const content = ctx.text('sent over REST');
      const response = await ctx.http.post(`${CHATS}/${chatId}/messages`, { content, message_type: 'text' }, ctx.actor('customer').token);
      if (absent(response.status)) ctx.skip(`POST ${CHATS}/{id}/messages answered ${response.status}`);
      expectStatus('ext.rest-send', response, [200, 201], 'sending a message over REST');
      const message = conform('ext.rest-send', GuideMessage, 'the stored message', response.body);
      const frame = await staffSocket.waitFor((f) => isMessageFrame(f, content), { rule: 'ext.rest-send', expected: 'the REST message broadcast to the joined staff' });
      ctx.check('ext.rest-send', (frame.message as { id?: unknown }).id === message.id, `message ${message.id} broadcast`, show(frame));
    },
  },
  {
    id: 'ext-messages.batch-read',
    title: 'POST /chats/{id}/read marks many messages read at once and clears unread_count',
    guide: GUIDE,
    rules: ['ext.batch-read'],
    sides: ['staff'],
    async run(ctx: Context) {
      const { chatId, staffSocket } = await joinedPair(ctx);
      await sendMessage(staffSocket, chatId, ctx.text('one'));
      await sendMessage(staffSocket, chatId, ctx.text('two'));
      const customer = ctx.actor('customer');
      const ids = (await history(ctx, customer, chatId)).messages.map((m) => m.id);
      const response = await ctx.http.post(`${CHATS}/${chatId}/read`, { message_ids: ids }, customer.token);
      if (absent(response.status)) ctx.skip(`POST ${CHATS}/{id}/read answered ${response.status}`);
      expectStatus('ext.batch-read', response, [200, 201, 204], `marking ${ids.length} messages read in one call`);
      await eventually(ctx, 'ext.batch-read', 'unread_count 0 for the reader', async () => {
        const chat = (await listChats(ctx, customer)).find((c) => c.id === chatId);
        return { ok: chat?.unread_count === 0, actual: `unread_count ${chat?.unread_count}` };
      });
    },
  },
  {
    id: 'ext-messages.reply-preview',
    title: 'a reply carries a reply_to preview of the message it answers',
    guide: GUIDE,
    rules: ['ext.reply-preview'],
    sides: ['staff'],
    async run(ctx: Context) {
      const { chatId, staffSocket, customerSocket } = await joinedPair(ctx);
      const originalText = ctx.text('is 10am free?');
      const original = await sendMessage(customerSocket, chatId, originalText);
      const reply = await sendMessage(staffSocket, chatId, ctx.text('yes'), { reply_to_message_id: original.id });
      if (reply.reply_to === undefined || reply.reply_to === null) ctx.skip('replies carry no reply_to preview');
      const preview = conform('ext.reply-preview', ReplyPreview, '{id, sender_name, message_type, content, is_deleted}', reply.reply_to);
      ctx.check('ext.reply-preview', preview.id === original.id && preview.content === originalText, `reply_to {id: ${original.id}, content: "${originalText}"}`, show(preview));
    },
  },
  {
    id: 'ext-messages.entity-reference',
    title: 'a product message with reference_id carries the resolved reference',
    guide: GUIDE,
    rules: ['ext.entities'],
    sides: ['staff'],
    async run(ctx: Context) {
      const { chatId, salonId, staffSocket } = await joinedPair(ctx);
      const catalog = await ctx.http.get(`/api/v1/catalog/products?salon_id=${salonId}`, ctx.actor('staff').token);
      const product = Array.isArray(catalog.body) ? (catalog.body[0] as { id?: unknown } | undefined) : undefined;
      if (catalog.status !== 200 || typeof product?.id !== 'number') ctx.skip(`no product id to reference (GET /api/v1/catalog/products answered ${catalog.status})`);
      const content = ctx.text('this one?');
      const from = staffSocket.frames.length;
      staffSocket.send({ type: 'send_message', chat_id: chatId, content, message_type: 'product', reference_id: product.id });
      const frame = await staffSocket.waitFor((f) => isMessageFrame(f, content) || f.type === 'error', { rule: 'ext.entities', expected: 'the product message or an error' }, from);
      if (frame.type === 'error') ctx.skip(`product messages are refused: ${show(frame)}`);
      const reference = (frame.message as { reference?: unknown }).reference;
      if (reference === undefined || reference === null) ctx.skip('product messages carry no resolved reference');
      const resolved = conform('ext.entities', Reference, '{type, id, title, subtitle, image_url, price, currency, starts_at}', reference);
      ctx.check('ext.entities', resolved.type === 'product' && resolved.id === product.id, `reference {type: "product", id: ${product.id}}`, show(resolved));
    },
  },
];
