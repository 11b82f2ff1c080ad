/**
 * Internal notes (docs/protocol.md, Internal notes): a note written by the salon's staff reaches
 * its staff and never the customer, live or in history; probed, skipped when absent.
 */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { CHATS, createChatAsStaff, history, isMessageFrame, join, listChats, messageOf, sendMessage } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'docs/protocol.md › Internal notes';
const RULE = 'ext.notes';

export const scenarios: Scenario[] = [
  {
    id: 'ext-notes.never-to-the-customer',
    title: "a staff member's note reaches the salon's staff, live and in history, and never the customer: no frame, no history, no preview; a customer cannot write one",
    guide: GUIDE,
    rules: [RULE],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, colleague, customer] = [ctx.actor('staff'), ctx.actor('staff2'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const [staffSocket, colleagueSocket, customerSocket] = await Promise.all([ctx.connect(staff), ctx.connect(colleague), ctx.connect(customer)]);
      await Promise.all([join(staffSocket, chat.id), join(colleagueSocket, chat.id), join(customerSocket, chat.id)]);
      const customerFrom = customerSocket.frames.length;

      const secret = ctx.text('note for the salon only');
      staffSocket.send({ type: 'send_message', chat_id: chat.id, content: secret, message_type: 'note' });
      const echo = await staffSocket.waitFor((f) => isMessageFrame(f, secret) || f.type === 'error', { rule: RULE, expected: `the echo of the note "${secret}"` });
      if (echo.type === 'error') ctx.skip(`send_message with message_type note is refused: ${show(echo)}`);
      const note = messageOf(echo);
      if (note.message_type !== 'note') ctx.skip(`message_type note came back as ${show(note.message_type)}`);
      const shared = await colleagueSocket.waitFor((f) => isMessageFrame(f, secret), { rule: RULE, expected: `the note on ${colleagueSocket.label}, staff of the salon` });
      ctx.check(RULE, messageOf(shared).message_type === 'note', 'the colleague gets it as a note', show(shared));

      // What the staff write after the note reaches the customer; the note, before it, never does.
      const after = await sendMessage(staffSocket, chat.id, ctx.text('answer after the note'));
      await customerSocket.waitFor((f) => isMessageFrame(f, after.content as string), { rule: RULE, expected: 'the answer written after the note reaches the customer' }, customerFrom);
      await customerSocket.roundTrip(RULE);
      customerSocket.expectNone((f) => JSON.stringify(f).includes(secret), { rule: RULE, expected: 'no frame carrying the note to the customer' }, customerFrom);

      const staffSeen = (await history(ctx, staff, chat.id)).messages.find((m) => m.id === note.id);
      ctx.check(RULE, staffSeen?.message_type === 'note', `the note ${note.id} in the staff's history, as a note`, show(staffSeen ?? 'absent'));
      for (const query of ['page=1&page_size=50', 'after_id=0&page_size=50']) {
        const page = await history(ctx, customer, chat.id, query);
        ctx.check(RULE, !page.messages.some((m) => m.id === note.id || m.content === secret), `no note in the customer's history (${query})`, show(page.messages));
        ctx.check(RULE, page.messages.some((m) => m.id === after.id), `the answer in the customer's history (${query})`, show(page.messages));
      }
      const listed = (await listChats(ctx, customer, false)).find((c) => c.id === chat.id);
      ctx.check(RULE, !show(listed ?? {}).includes(secret), "the note nowhere in the customer's chat list", show(listed ?? 'not listed'));

      const refused = await ctx.http.post(`${CHATS}/${chat.id}/messages`, { content: ctx.text('a customer note'), message_type: 'note' }, customer.token);
      ctx.check(RULE, refused.status >= 400 && refused.status < 500, 'a 4xx to a customer sending a note', `${refused.status} ${show(refused.text)}`);
    },
  },
];
