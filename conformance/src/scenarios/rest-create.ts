/** Creating chats (guide: REST API Endpoints › Create Chat). */
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsCustomer, createChatAsStaff, history, participantOf, sentBy, type CreatedChatBody } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'REST API Endpoints › Create Chat';

function expectChat(ctx: Context, rule: string, chat: CreatedChatBody, members: Actor[], title: string): void {
  for (const member of members) {
    ctx.check(rule, participantOf(chat, member) !== undefined, `participants include ${member.side} ${member.id} (${member.name})`, show(chat.participants));
  }
  ctx.check(rule, chat.title === title, `title ${JSON.stringify(title)}`, show(chat.title));
  ctx.check(rule, chat.is_archived === false && chat.is_active === true, 'is_archived false and is_active true', show({ is_archived: chat.is_archived, is_active: chat.is_active }));
}

async function expectInitialMessage(ctx: Context, chat: CreatedChatBody, creator: Actor, content: string): Promise<void> {
  const rule = 'chat.create.initial-message';
  ctx.check(rule, chat.total_messages === 1, 'total_messages 1 in the created chat', show(chat.total_messages));
  const page = await history(ctx, creator, chat.id);
  const only = page.messages[0];
  ctx.check(rule, page.messages.length === 1 && only?.content === content, `exactly one message in history, "${content}"`, show(page.messages));
  ctx.check(rule, sentBy(only, creator), `sent by ${creator.side} ${creator.id} (${creator.name})`, show(only));
}

export const scenarios: Scenario[] = [
  {
    id: 'rest-create.staff',
    title: 'staff create a chat with a customer: both are participants, title kept, not archived, a new chat each time',
    guide: GUIDE,
    rules: ['chat.create.staff'],
    sides: ['staff'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const title = chat.title ?? '';
      ctx.check('chat.create.staff', title.startsWith('Support Chat'), 'the title sent ("Support Chat …")', show(chat.title));
      expectChat(ctx, 'chat.create.staff', chat, [staff, customer], title);
      const second = await createChatAsStaff(ctx, staff, customer);
      ctx.check('chat.create.staff', second.id !== chat.id, `a second chat with the same customer gets a new id, not ${chat.id}`, show(second.id));
    },
  },
  {
    id: 'rest-create.customer',
    title: 'a customer creates a chat with a staff user: both are participants, title kept',
    guide: GUIDE,
    rules: ['chat.create.customer'],
    sides: ['customer'],
    async run(ctx: Context) {
      const customer = ctx.actor('customer');
      const staff = ctx.actor('staff');
      const chat = await createChatAsCustomer(ctx, customer, staff);
      const title = chat.title ?? '';
      ctx.check('chat.create.customer', title.startsWith('Booking Inquiry'), 'the title sent ("Booking Inquiry …")', show(chat.title));
      expectChat(ctx, 'chat.create.customer', chat, [customer, staff], title);
    },
  },
  {
    id: 'rest-create.initial-message',
    title: 'initial_message becomes the first message, sent by whoever created the chat',
    guide: GUIDE,
    rules: ['chat.create.initial-message'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const staffText = ctx.text('Hi, how can I help you?');
      await expectInitialMessage(ctx, await createChatAsStaff(ctx, staff, customer, staffText), staff, staffText);
      const customerText = ctx.text("I'd like to book an appointment");
      await expectInitialMessage(ctx, await createChatAsCustomer(ctx, customer, staff, customerText), customer, customerText);
    },
  },
];
