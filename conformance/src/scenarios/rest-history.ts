/** Message history (guide: REST API Endpoints › Get Chat Messages; decisions §4). */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsStaff, history, isIsoTimestamp, join, sendMessage, type CreatedChatBody } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'REST API Endpoints › Get Chat Messages; decisions §4';

/** A chat of five messages sent one after another; `contents` oldest first. */
async function conversation(ctx: Context): Promise<{ chat: CreatedChatBody; contents: string[] }> {
  const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
  const first = ctx.text('message 0');
  const chat = await createChatAsStaff(ctx, staff, customer, first);
  const socket = await ctx.connect(customer);
  await join(socket, chat.id);
  const contents = [first];
  for (let i = 1; i < 5; i++) {
    const content = ctx.text(`message ${i}`);
    await sendMessage(socket, chat.id, content);
    contents.push(content);
  }
  return { chat, contents };
}

const contentsOf = (messages: { content: string | null }[]): (string | null)[] => messages.map((m) => m.content);

export const scenarios: Scenario[] = [
  {
    id: 'rest-history.shape-and-total',
    title: 'history answers {messages, total, page, page_size, has_more} and total counts every message',
    guide: GUIDE,
    rules: ['history.shape', 'history.total'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const { chat, contents } = await conversation(ctx);
      const page = await history(ctx, ctx.actor('staff'), chat.id, 'page=1&page_size=50');
      ctx.check('history.total', page.total === contents.length, `total ${contents.length}`, show(page.total));
      ctx.check('history.shape', page.page === 1 && page.page_size === 50, 'page 1 and page_size 50 echoed', show({ page: page.page, page_size: page.page_size }));
      ctx.check('history.shape', page.messages.length === contents.length, `${contents.length} messages`, show(contentsOf(page.messages)));
      const bad = page.messages.find((m) => m.chat_id !== chat.id || !isIsoTimestamp(m.created_at));
      ctx.check('history.shape', bad === undefined, `every message has chat_id ${chat.id} and an ISO 8601 created_at`, show(bad));
      const plain = await history(ctx, ctx.actor('customer'), chat.id, '');
      ctx.check('history.shape', show(contentsOf(plain.messages)) === show(contentsOf(page.messages)), 'without a query: the same first page (the guide\'s React example sends none)', show(contentsOf(plain.messages)));
      const small = await history(ctx, ctx.actor('customer'), chat.id, 'page=2&page_size=2');
      ctx.check('history.total', small.total === contents.length, `total ${contents.length} on every page`, show(small.total));
    },
  },
  {
    id: 'rest-history.newest-first',
    title: 'page 1 holds the newest messages newest first, and page 2 the next older ones',
    guide: GUIDE,
    rules: ['history.newest-first'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const { chat, contents } = await conversation(ctx);
      const newestFirst = [...contents].reverse();
      for (const reader of [ctx.actor('staff'), ctx.actor('customer')]) {
        const all = await history(ctx, reader, chat.id, 'page=1&page_size=50');
        ctx.check('history.newest-first', show(contentsOf(all.messages)) === show(newestFirst), `${reader.name}, page_size=50: ${show(newestFirst)}`, show(contentsOf(all.messages)));
        for (const [pageNumber, expected] of [[1, newestFirst.slice(0, 2)], [2, newestFirst.slice(2, 4)], [3, newestFirst.slice(4)]] as const) {
          const page = await history(ctx, reader, chat.id, `page=${pageNumber}&page_size=2`);
          ctx.check('history.newest-first', show(contentsOf(page.messages)) === show(expected), `${reader.name}, page ${pageNumber} of size 2: ${show(expected)}`, show(contentsOf(page.messages)));
        }
      }
    },
  },
  {
    id: 'rest-history.has-more-exact',
    title: 'has_more is true exactly when older pages exist',
    guide: GUIDE,
    rules: ['history.has-more'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const { chat } = await conversation(ctx);
      const cases: [string, boolean][] = [
        ['page=1&page_size=2', true],
        ['page=2&page_size=2', true],
        ['page=3&page_size=2', false],
        ['page=1&page_size=4', true],
        ['page=2&page_size=4', false],
        ['page=1&page_size=5', false],
        ['page=1&page_size=50', false],
      ];
      for (const reader of [ctx.actor('staff'), ctx.actor('customer')]) {
        for (const [query, expected] of cases) {
          const page = await history(ctx, reader, chat.id, query);
          ctx.check('history.has-more', page.has_more === expected, `has_more ${expected} for ${query} of 5 messages, read by ${reader.name}`, `has_more ${show(page.has_more)}`);
        }
      }
    },
  },
  {
    id: 'rest-history.page-past-end',
    title: 'a page past the end answers 200 with no messages and has_more false',
    guide: GUIDE,
    rules: ['history.past-end'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const { chat } = await conversation(ctx);
      for (const reader of [ctx.actor('staff'), ctx.actor('customer')]) {
        for (const query of ['page=4&page_size=2', 'page=2&page_size=50', 'page=100&page_size=5']) {
          const response = await ctx.http.get(`/api/v1/chat/chats/${chat.id}/messages?${query}`, reader.token);
          const body = response.body as { messages?: unknown; has_more?: unknown } | undefined;
          const ok = response.status === 200 && Array.isArray(body?.messages) && body.messages.length === 0 && body.has_more === false;
          ctx.check('history.past-end', ok, `${query} of 5 messages, read by ${reader.name} → 200 {"messages": [], "has_more": false}`, `${response.status} ${show(response.text)}`);
        }
      }
    },
  },
];
