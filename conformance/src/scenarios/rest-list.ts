/** Chat lists (guide: REST API Endpoints › List Chats; decisions §4). */
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsStaff, eventually, findInList, join, listChats, sendMessage, joinedPair } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'REST API Endpoints › List Chats; decisions §4';

async function listedWithFields(ctx: Context, viewer: Actor, rule: string): Promise<void> {
  const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
  const chat = await createChatAsStaff(ctx, staff, customer);
  const listed = await findInList(ctx, viewer, chat.id, rule);
  ctx.check(rule, listed.participants.length >= 2, 'the participants of the chat', show(listed.participants));
  ctx.check(rule, listed.is_archived === false, 'is_archived false', show(listed.is_archived));
}

async function unreadOf(ctx: Context, actor: Actor, chatId: number): Promise<number> {
  return (await findInList(ctx, actor, chatId, actor.side === 'customer' ? 'chat.list.customer' : 'chat.list.staff')).unread_count;
}

export const scenarios: Scenario[] = [
  {
    id: 'rest-list.staff',
    title: "staff list their chats with participants, unread_count, online_participants and last_message_preview",
    guide: GUIDE,
    rules: ['chat.list.staff'],
    sides: ['staff'],
    run: (ctx: Context) => listedWithFields(ctx, ctx.actor('staff'), 'chat.list.staff'),
  },
  {
    id: 'rest-list.customer',
    title: 'a customer lists its chats with the same fields',
    guide: GUIDE,
    rules: ['chat.list.customer'],
    sides: ['customer'],
    run: (ctx: Context) => listedWithFields(ctx, ctx.actor('customer'), 'chat.list.customer'),
  },
  {
    id: 'rest-list.archived-filter',
    title: 'is_archived=false lists only unarchived chats and is_archived=true only archived ones',
    guide: GUIDE,
    rules: ['chat.list.archived-filter'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      for (const viewer of [staff, customer]) {
        const active = await listChats(ctx, viewer, false);
        const archived = await listChats(ctx, viewer, true);
        const rule = 'chat.list.archived-filter';
        ctx.check(rule, active.some((c) => c.id === chat.id), `new chat ${chat.id} in ${viewer.name}'s is_archived=false list`, `ids ${show(active.map((c) => c.id))}`);
        ctx.check(rule, active.every((c) => !c.is_archived), 'no archived chat in the is_archived=false list', show(active.filter((c) => c.is_archived).map((c) => c.id)));
        ctx.check(rule, !archived.some((c) => c.id === chat.id), `new chat ${chat.id} not in the is_archived=true list`, `ids ${show(archived.map((c) => c.id))}`);
        ctx.check(rule, archived.every((c) => c.is_archived), 'only archived chats in the is_archived=true list', show(archived.filter((c) => !c.is_archived).map((c) => c.id)));
      }
    },
  },
  {
    id: 'rest-list.unread-is-own',
    title: "unread_count is the caller's own: the other side's messages it has not read",
    guide: GUIDE,
    rules: ['chat.list.unread-own'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const { chat, staff, customer, staffSocket, customerSocket } = await joinedPair(ctx);
      await sendMessage(staffSocket, chat.id, ctx.text('second from staff'));
      await sendMessage(customerSocket, chat.id, ctx.text('reply from customer'));
      const rule = 'chat.list.unread-own';
      await eventually(ctx, rule, `${customer.name} has 2 unread (initial_message and one more from staff)`, async () => {
        const unread = await unreadOf(ctx, customer, chat.id);
        return { ok: unread === 2, actual: `unread_count ${unread}` };
      });
      await eventually(ctx, rule, `${staff.name} has 1 unread (the customer's reply)`, async () => {
        const unread = await unreadOf(ctx, staff, chat.id);
        return { ok: unread === 1, actual: `unread_count ${unread}` };
      });
    },
  },
  {
    id: 'rest-list.unread-falls-on-read',
    title: "read_message lowers the reader's unread_count, staff's as a customer's",
    guide: 'WebSocket Protocol › Mark Message as Read; decisions §3',
    rules: ['chat.list.unread-falls'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const { chat, staff, customer, staffSocket, customerSocket } = await joinedPair(ctx);
      const rule = 'chat.list.unread-falls';
      const newest = await sendMessage(staffSocket, chat.id, ctx.text('please confirm'));
      const answer = await sendMessage(customerSocket, chat.id, ctx.text('confirmed'));
      for (const [reader, socket, read, unread] of [[customer, customerSocket, newest, 2], [staff, staffSocket, answer, 1]] as const) {
        await eventually(ctx, rule, `${reader.name} starts with ${unread} unread`, async () => {
          const count = await unreadOf(ctx, reader, chat.id);
          return { ok: count === unread, actual: `unread_count ${count}` };
        });
        socket.send({ type: 'read_message', chat_id: chat.id, message_id: read.id });
        await eventually(ctx, rule, `${reader.name}'s unread_count below ${unread} after reading the newest message`, async () => {
          const count = await unreadOf(ctx, reader, chat.id);
          return { ok: count < unread, actual: `unread_count ${count}` };
        });
      }
    },
  },
  {
    id: 'rest-list.online-participants',
    title: 'online_participants holds a participant while any of its sockets is open, seen from either side, and drops it after the last closes',
    guide: GUIDE,
    rules: ['chat.list.online'],
    sides: ['staff', 'customer'],
    exclusive: true,
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const rule = 'chat.list.online';
      for (const [viewer, other] of [[staff, customer], [customer, staff]] as const) {
        const online = async (): Promise<number[]> => (await findInList(ctx, viewer, chat.id, viewer.side === 'customer' ? 'chat.list.customer' : 'chat.list.staff')).online_participants;
        const isOnline = (expected: boolean, why: string) =>
          eventually(ctx, rule, `${other.name} (${other.id}) ${expected ? 'in' : 'not in'} the online_participants ${viewer.name} sees ${why}`, async () => {
            const ids = await online();
            return { ok: ids.includes(other.id) === expected, actual: `online_participants ${show(ids)}` };
          });
        const tabs = [await ctx.connect(other), await ctx.connect(other)];
        await isOnline(true, 'while two of its sockets are open');
        await tabs[0]!.close();
        await isOnline(true, 'while one of its two sockets is still open');
        await tabs[1]!.close();
        await isOnline(false, 'after its last socket closed');
      }
    },
  },
  {
    id: 'rest-list.preview-follows-newest',
    title: 'last_message_preview and last_message_at follow the newest message',
    guide: GUIDE,
    rules: ['chat.list.preview'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const opening = ctx.text('hello from staff');
      const chat = await createChatAsStaff(ctx, staff, customer, opening);
      const previewIs = async (content: string) => {
        for (const viewer of [staff, customer]) {
          await eventually(ctx, 'chat.list.preview', `last_message_preview "${content}" and a last_message_at in ${viewer.name}'s list`, async () => {
            const listed = await findInList(ctx, viewer, chat.id, viewer.side === 'customer' ? 'chat.list.customer' : 'chat.list.staff');
            const preview = (listed.last_message_preview ?? '').replace(/(…|\.\.\.)$/, '');
            return {
              ok: preview.length > 0 && content.startsWith(preview) && listed.last_message_at !== null,
              actual: { last_message_preview: listed.last_message_preview, last_message_at: listed.last_message_at },
            };
          });
        }
      };
      await previewIs(opening);
      const socket = await ctx.connect(customer);
      await join(socket, chat.id);
      const content = ctx.text('newest');
      await sendMessage(socket, chat.id, content);
      await previewIs(content);
    },
  },
];
