/** Who may see a chat over REST (decisions §4: a chat the caller may not see → 403 or 404). */
import type { Actor, ActorKey } from '../actors.ts';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { CHATS, createChatAsStaff, listChats } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'decisions §4 (a chat the caller may not see)';

async function historyRefused(ctx: Context, outsiderKey: ActorKey): Promise<void> {
  const outsider = ctx.actor(outsiderKey);
  const secret = ctx.text('private note');
  const chat = await createChatAsStaff(ctx, ctx.actor('staff'), ctx.actor('customer'), secret);
  const path = `${CHATS}/${chat.id}/messages?page=1&page_size=50`;
  const response = await ctx.http.get(path, outsider.token);
  const expected = `GET ${path} as ${outsider.name} → 403 or 404 without the chat's messages`;
  ctx.check('authz.history', response.status === 403 || response.status === 404, expected, `${response.status} ${show(response.text)}`);
  ctx.check('authz.history', !response.text.includes(secret), expected, `the body contains the message: ${show(response.text)}`);
}

async function notListed(ctx: Context, outsiderKey: ActorKey): Promise<void> {
  const outsider: Actor = ctx.actor(outsiderKey);
  const chat = await createChatAsStaff(ctx, ctx.actor('staff'), ctx.actor('customer'));
  for (const archived of [false, true]) {
    const chats = await listChats(ctx, outsider, archived);
    ctx.check('authz.list', !chats.some((c) => c.id === chat.id), `chat ${chat.id} not in ${outsider.name}'s list (is_archived=${archived})`, `ids ${show(chats.map((c) => c.id))}`);
    if (outsider.side === 'customer') {
      const foreign = chats.find((c) => !c.participants.some((p) => p.participant_type === 'customer' && p.participant_id === outsider.id));
      ctx.check('authz.list', foreign === undefined, `only chats ${outsider.name} takes part in`, show(foreign));
    }
  }
}

export const scenarios: Scenario[] = [
  {
    id: 'rest-authz.other-customer-history',
    title: "another customer gets 403 or 404 for a chat's messages, never the messages",
    guide: GUIDE,
    rules: ['authz.history'],
    sides: ['customer'],
    run: (ctx: Context) => historyRefused(ctx, 'customer2'),
  },
  {
    id: 'rest-authz.other-salon-history',
    title: "staff of another salon get 403 or 404 for a chat's messages, never the messages",
    guide: GUIDE,
    rules: ['authz.history'],
    sides: ['staff'],
    run: (ctx: Context) => historyRefused(ctx, 'otherSalonStaff'),
  },
  {
    id: 'rest-authz.other-customer-list',
    title: "a chat is not in another customer's list, which holds only its own chats",
    guide: GUIDE,
    rules: ['authz.list'],
    sides: ['customer'],
    run: (ctx: Context) => notListed(ctx, 'customer2'),
  },
  {
    id: 'rest-authz.other-salon-list',
    title: "a chat is not in the list of another salon's staff",
    guide: GUIDE,
    rules: ['authz.list'],
    sides: ['staff'],
    run: (ctx: Context) => notListed(ctx, 'otherSalonStaff'),
  },
];
