/** Optional history and list extensions (decisions §5 and §6): probed, skipped when absent. */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { CHATS, createChatAsStaff, history, join, listChats, sendMessage } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'decisions §5';

export const scenarios: Scenario[] = [
  {
    id: 'ext-history.after-id',
    title: 'after_id returns only later messages, oldest first',
    guide: GUIDE,
    rules: ['ext.after-id'],
    sides: ['staff'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const socket = await ctx.connect(customer);
      await join(socket, chat.id);
      const sent = [];
      for (let i = 0; i < 3; i++) sent.push(await sendMessage(socket, chat.id, ctx.text(`after ${i}`)));
      const page = await history(ctx, staff, chat.id, `after_id=${sent[0]!.id}&page_size=50`);
      const ids = page.messages.map((m) => m.id);
      if (ids.includes(sent[0]!.id)) ctx.skip('after_id is ignored (the page holds the after_id message itself)');
      const expected = [sent[1]!.id, sent[2]!.id];
      ctx.check('ext.after-id', show(ids) === show(expected), `ids ${show(expected)} (later messages, oldest first)`, `ids ${show(ids)}`);
      ctx.check('ext.after-id', page.has_more === false, 'has_more false: nothing after the last one', show(page.has_more));
    },
  },
  {
    id: 'ext-history.page-size-cap',
    title: 'page_size above 100 is capped at 100',
    guide: GUIDE,
    rules: ['ext.page-size-cap'],
    sides: ['staff'],
    async run(ctx: Context) {
      const staff = ctx.actor('staff');
      const chat = await createChatAsStaff(ctx, staff, ctx.actor('customer'));
      const response = await ctx.http.get(`${CHATS}/${chat.id}/messages?page=1&page_size=1000`, staff.token);
      if (response.status !== 200) ctx.skip(`page_size=1000 answered ${response.status} rather than being capped`);
      const pageSize = (response.body as { page_size?: unknown } | undefined)?.page_size;
      if (pageSize === 1000) ctx.skip('page_size is not capped (the page says page_size 1000)');
      ctx.check('ext.page-size-cap', typeof pageSize === 'number' && pageSize <= 100, 'page_size 100', show(pageSize));
    },
  },
  {
    id: 'ext-history.archive',
    title: 'archive and unarchive move a chat between the is_archived lists',
    guide: GUIDE,
    rules: ['ext.archive'],
    sides: ['staff'],
    async run(ctx: Context) {
      const staff = ctx.actor('staff');
      const chat = await createChatAsStaff(ctx, staff, ctx.actor('customer'));
      const archive = await ctx.http.post(`${CHATS}/${chat.id}/archive`, {}, staff.token);
      if ([404, 405, 501].includes(archive.status)) ctx.skip(`POST ${CHATS}/{id}/archive answered ${archive.status}`);
      ctx.check('ext.archive', archive.status === 200 && (archive.body as { is_archived?: unknown } | undefined)?.is_archived === true, '200 and the chat with is_archived true', `${archive.status} ${show(archive.text)}`);
      const inArchived = (await listChats(ctx, staff, true)).some((c) => c.id === chat.id);
      const inActive = (await listChats(ctx, staff, false)).some((c) => c.id === chat.id);
      ctx.check('ext.archive', inArchived && !inActive, 'the archived chat only in the is_archived=true list', show({ inArchived, inActive }));
      const unarchive = await ctx.http.post(`${CHATS}/${chat.id}/unarchive`, {}, staff.token);
      ctx.check('ext.archive', unarchive.status === 200, 'unarchive answers 200', `${unarchive.status} ${show(unarchive.text)}`);
      const back = (await listChats(ctx, staff, false)).some((c) => c.id === chat.id);
      ctx.check('ext.archive', back, 'the chat back in the is_archived=false list', 'not listed');
    },
  },
  {
    id: 'ext-history.list-order',
    title: 'chat lists are sorted by last_message_at, newest first',
    guide: GUIDE,
    rules: ['ext.list-order'],
    sides: ['staff'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const older = await createChatAsStaff(ctx, staff, customer);
      await createChatAsStaff(ctx, staff, customer);
      const socket = await ctx.connect(customer);
      await join(socket, older.id);
      await sendMessage(socket, older.id, ctx.text('bump'));
      const times = (await listChats(ctx, customer)).map((c) => (c.last_message_at === null ? 0 : Date.parse(c.last_message_at)));
      const sorted = times.every((t, i) => i === 0 || t <= times[i - 1]!);
      if (!sorted) ctx.skip('the customer list is not sorted by last_message_at');
    },
  },
  {
    id: 'ext-history.before-id',
    title: 'before_id returns only earlier messages, newest first, with an exact has_more',
    guide: 'decisions §6',
    rules: ['ext.before-id'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer, null);
      const socket = await ctx.connect(customer);
      await join(socket, chat.id);
      const sent = [];
      for (let i = 0; i < 4; i++) sent.push(await sendMessage(socket, chat.id, ctx.text(`before ${i}`)));
      for (const reader of [staff, customer]) {
        const page = await history(ctx, reader, chat.id, `before_id=${sent[3]!.id}&page_size=2`);
        const ids = page.messages.map((m) => m.id);
        if (ids.includes(sent[3]!.id)) ctx.skip('before_id is ignored (the page holds the before_id message itself)');
        ctx.check('ext.before-id', show(ids) === show([sent[2]!.id, sent[1]!.id]), `${reader.name}: ids ${show([sent[2]!.id, sent[1]!.id])} (earlier messages, newest first)`, `ids ${show(ids)}`);
        ctx.check('ext.before-id', page.has_more === true, 'has_more true: one older message is left', show(page.has_more));
        const last = await history(ctx, reader, chat.id, `before_id=${sent[1]!.id}&page_size=2`);
        ctx.check('ext.before-id', show(last.messages.map((m) => m.id)) === show([sent[0]!.id]) && last.has_more === false, `before_id=${sent[1]!.id}: [${sent[0]!.id}] and has_more false`, show({ ids: last.messages.map((m) => m.id), has_more: last.has_more }));
      }
    },
  },
  {
    id: 'ext-history.list-cursor',
    title: 'a chat list with limit pages by X-Next-Cursor, each chat once, newest activity first',
    guide: 'decisions §6',
    rules: ['ext.list-cursor'],
    sides: ['staff', 'customer'],
    exclusive: true,
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const created: number[] = [];
      for (let i = 0; i < 3; i++) created.push((await createChatAsStaff(ctx, staff, customer)).id);
      const newestFirst = [...created].reverse();
      for (const viewer of [staff, customer]) {
        const path = viewer.side === 'customer' ? `${CHATS}/customer` : CHATS;
        const seen: number[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 3; page++) {
          const response = await ctx.http.get(`${path}?is_archived=false&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, viewer.token);
          const chats = Array.isArray(response.body) ? (response.body as { id: number }[]) : [];
          cursor = response.headers.get('x-next-cursor');
          if (page === 0 && !cursor) ctx.skip('no X-Next-Cursor on a list with limit=1: the server lists chats whole');
          ctx.check('ext.list-cursor', response.status === 200 && chats.length === 1, `${viewer.name}, page ${page + 1} of limit=1: 200 with one chat`, `${response.status} ${show(response.text, 200)}`);
          seen.push(chats[0]!.id);
          ctx.check('ext.list-cursor', cursor !== null, `${viewer.name}: X-Next-Cursor while more chats follow`, `none after page ${page + 1}`);
        }
        ctx.check('ext.list-cursor', show(seen) === show(newestFirst), `${viewer.name}: the three newest chats, newest first, each once: ${show(newestFirst)}`, show(seen));
      }
    },
  },
];
