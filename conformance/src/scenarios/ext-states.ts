/**
 * Conversation states (decisions §7): open or resolved, waiting for the salon, the assignee, the
 * views of the staff's inbox and their counts, the salon's reads; probed, skipped when absent.
 */
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import type { HttpResponse } from '../http.ts';
import type { Scenario } from '../scenario.ts';
import { CHATS, createChatAsCustomer, createChatAsStaff, eventually, history, join, listChats, sendMessage } from '../steps.ts';
import { RuleViolation, show } from '../verdict.ts';

const GUIDE = 'decisions §7 (conversation states)';
const ABSENT = [404, 405, 501];

type StateBody = { status?: unknown; assignee_id?: unknown; waiting_since?: unknown; is_archived?: unknown; unread_count?: unknown };

/** Resolves or reopens a chat as `staff`; skips the scenario when the server has no such endpoint. */
async function setStatus(ctx: Context, staff: Actor, chatId: number, action: 'resolve' | 'reopen'): Promise<HttpResponse> {
  const response = await ctx.http.post(`${CHATS}/${chatId}/${action}`, {}, staff.token);
  if (ABSENT.includes(response.status)) ctx.skip(`POST ${CHATS}/{id}/${action} answered ${response.status}`);
  return response;
}

/** The chat as `actor` sees it (GET /chats/{id}), or a skip when the server has no such endpoint or no states on chats. */
async function chatState(ctx: Context, actor: Actor, chatId: number, rule: string): Promise<StateBody> {
  const response = await ctx.http.get(`${CHATS}/${chatId}`, actor.token);
  if (ABSENT.includes(response.status)) ctx.skip(`GET ${CHATS}/{id} answered ${response.status}`);
  const body = response.body as StateBody | undefined;
  if (response.status !== 200 || !body) throw new RuleViolation(rule, `200 and chat ${chatId}`, `${response.status} ${show(response.text)}`);
  if (actor.side === 'user' && !('status' in body)) ctx.skip('chats carry no status');
  return body;
}

/** The ids of one view of `staff`'s inbox. */
async function viewIds(ctx: Context, staff: Actor, view: string, rule: string): Promise<number[]> {
  const response = await ctx.http.get(`${CHATS}?view=${view}&limit=100`, staff.token);
  if (response.status !== 200 || !Array.isArray(response.body)) throw new RuleViolation(rule, `200 and the ${view} view`, `${response.status} ${show(response.text)}`);
  return (response.body as { id: number }[]).map((c) => c.id);
}

const sameTime = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);

export const scenarios: Scenario[] = [
  {
    id: 'ext-states.waiting-and-first-reply',
    title: "a customer's message makes the chat wait for the salon; the first staff reply ends the wait and assigns the chat to whoever replied",
    guide: GUIDE,
    rules: ['ext.states.waiting'],
    sides: ['staff'],
    async run(ctx: Context) {
      const rule = 'ext.states.waiting';
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsCustomer(ctx, customer, staff);
      const asked = (await history(ctx, staff, chat.id)).messages[0]!;
      const waiting = await chatState(ctx, staff, chat.id, rule);
      ctx.check(rule, waiting.status === 'open' && sameTime(waiting.waiting_since, asked.created_at), `open, waiting since the first message (${asked.created_at})`, show(waiting));
      ctx.check(rule, waiting.assignee_id === null, 'no assignee before a reply', show(waiting.assignee_id));
      ctx.check(rule, (await viewIds(ctx, staff, 'unanswered', rule)).includes(chat.id), `chat ${chat.id} in the unanswered view`, 'not listed');

      const socket = await ctx.connect(staff);
      await join(socket, chat.id);
      await sendMessage(socket, chat.id, ctx.text('reply'));
      await eventually(ctx, rule, 'waiting_since null and the replier assigned after the reply', async () => {
        const answered = await chatState(ctx, staff, chat.id, rule);
        return { ok: answered.waiting_since === null && answered.assignee_id === staff.id, actual: answered };
      });
      ctx.check(rule, !(await viewIds(ctx, staff, 'unanswered', rule)).includes(chat.id), `chat ${chat.id} out of the unanswered view`, 'still listed');
      ctx.check(rule, (await viewIds(ctx, staff, 'mine', rule)).includes(chat.id), `chat ${chat.id} in the replier's mine view`, 'not listed');
    },
  },
  {
    id: 'ext-states.resolve-and-reopen',
    title: 'resolve and reopen set the status and move the chat between the resolved and open views',
    guide: GUIDE,
    rules: ['ext.states.resolve'],
    sides: ['staff'],
    async run(ctx: Context) {
      const rule = 'ext.states.resolve';
      const staff = ctx.actor('staff');
      const chat = await createChatAsStaff(ctx, staff, ctx.actor('customer'));
      const resolved = await setStatus(ctx, staff, chat.id, 'resolve');
      ctx.check(rule, resolved.status === 200 && (resolved.body as StateBody).status === 'resolved', '200 and status "resolved"', `${resolved.status} ${show(resolved.text)}`);
      ctx.check(rule, (await viewIds(ctx, staff, 'resolved', rule)).includes(chat.id), `chat ${chat.id} in the resolved view`, 'not listed');
      ctx.check(rule, !(await viewIds(ctx, staff, 'open', rule)).includes(chat.id), `chat ${chat.id} out of the open view`, 'listed');
      const reopened = await setStatus(ctx, staff, chat.id, 'reopen');
      ctx.check(rule, reopened.status === 200 && (reopened.body as StateBody).status === 'open', '200 and status "open"', `${reopened.status} ${show(reopened.text)}`);
      ctx.check(rule, (await viewIds(ctx, staff, 'open', rule)).includes(chat.id), `chat ${chat.id} back in the open view`, 'not listed');
    },
  },
  {
    id: 'ext-states.customer-keeps-the-chat',
    title: 'a chat the salon archived and resolved stays the customer’s, whole, and their next message reopens the same chat',
    guide: GUIDE,
    rules: ['ext.states.customer-keeps'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const rule = 'ext.states.customer-keeps';
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const socket = await ctx.connect(customer);
      await join(socket, chat.id);
      await sendMessage(socket, chat.id, ctx.text('thanks'));
      const archived = await ctx.http.post(`${CHATS}/${chat.id}/archive`, {}, staff.token);
      const resolved = await setStatus(ctx, staff, chat.id, 'resolve');
      ctx.check(rule, resolved.status === 200, 'resolve answers 200', `${resolved.status} ${show(resolved.text)}`);

      const listed = (await listChats(ctx, customer, false)).find((c) => c.id === chat.id);
      ctx.check(rule, listed?.is_archived === false, `chat ${chat.id} in ${customer.name}'s is_archived=false list, not archived for them${archived.status === 200 ? ' (the salon archived it)' : ''}`, show(listed ?? 'not listed'));
      ctx.check(rule, (await history(ctx, customer, chat.id)).total === 2, 'the whole history: 2 messages', 'fewer');

      const again = await sendMessage(socket, chat.id, ctx.text('one more question'));
      ctx.check(rule, again.chat_id === chat.id, `the message in chat ${chat.id}`, show(again.chat_id));
      await eventually(ctx, rule, 'the same chat open again and waiting for the salon', async () => {
        const state = await chatState(ctx, staff, chat.id, rule);
        return { ok: state.status === 'open' && sameTime(state.waiting_since, again.created_at), actual: state };
      });
    },
  },
  {
    id: 'ext-states.assign',
    title: "anyone of the salon assigns a chat to a colleague, not to another salon's staff, and unassigns it",
    guide: GUIDE,
    rules: ['ext.states.assign'],
    sides: ['staff'],
    async run(ctx: Context) {
      const rule = 'ext.states.assign';
      const [staff, colleague, outsider] = [ctx.actor('staff'), ctx.actor('staff2'), ctx.actor('otherSalonStaff')];
      const chat = await createChatAsStaff(ctx, staff, ctx.actor('customer'), null);
      const path = `${CHATS}/${chat.id}/assignee`;
      const assigned = await ctx.http.put(path, { assignee_id: colleague.id }, staff.token);
      if (ABSENT.includes(assigned.status)) ctx.skip(`PUT ${CHATS}/{id}/assignee answered ${assigned.status}`);
      ctx.check(rule, assigned.status === 200 && (assigned.body as StateBody).assignee_id === colleague.id, `200 and assignee_id ${colleague.id}`, `${assigned.status} ${show(assigned.text)}`);
      ctx.check(rule, (await viewIds(ctx, colleague, 'mine', rule)).includes(chat.id), `chat ${chat.id} in ${colleague.name}'s mine view`, 'not listed');
      const refused = await ctx.http.put(path, { assignee_id: outsider.id }, colleague.token);
      ctx.check(rule, refused.status >= 400 && refused.status < 500, `a 4xx for ${outsider.name}, of another salon`, `${refused.status} ${show(refused.text)}`);
      ctx.check(rule, (await chatState(ctx, staff, chat.id, rule)).assignee_id === colleague.id, 'the assignee unchanged by the refusal', 'changed');
      const cleared = await ctx.http.put(path, { assignee_id: null }, colleague.token);
      ctx.check(rule, cleared.status === 200 && (cleared.body as StateBody).assignee_id === null, '200 and assignee_id null', `${cleared.status} ${show(cleared.text)}`);
    },
  },
  {
    id: 'ext-states.counts',
    title: 'the counts of the views count conversations: a new waiting chat adds one, resolving it moves it',
    guide: GUIDE,
    rules: ['ext.states.counts'],
    sides: ['staff'],
    exclusive: true,
    async run(ctx: Context) {
      const rule = 'ext.states.counts';
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      const counts = async () => {
        const response = await ctx.http.get(`${CHATS}/counts`, staff.token);
        // a server without the endpoint may take `counts` for a chat's id and refuse it (422)
        if ([...ABSENT, 422].includes(response.status)) ctx.skip(`GET ${CHATS}/counts answered ${response.status}`);
        const body = response.body as Record<string, unknown> | undefined;
        if (response.status !== 200 || !body || !['unanswered', 'mine', 'open', 'resolved'].every((k) => Number.isInteger(body[k]))) {
          throw new RuleViolation(rule, '200 and {unanswered, mine, open, resolved} as integers', `${response.status} ${show(response.text)}`);
        }
        return body as Record<'unanswered' | 'mine' | 'open' | 'resolved', number>;
      };
      const before = await counts();
      const chat = await createChatAsCustomer(ctx, customer, staff);
      await createChatAsStaff(ctx, staff, customer);
      const waiting = await counts();
      const delta = (a: Record<string, number>, b: Record<string, number>) => ({ unanswered: b.unanswered! - a.unanswered!, open: b.open! - a.open!, resolved: b.resolved! - a.resolved! });
      ctx.check(rule, show(delta(before, waiting)) === show({ unanswered: 1, open: 2, resolved: 0 }), "one more unanswered (the customer's chat, not one per message), two more open", show(delta(before, waiting)));
      await setStatus(ctx, staff, chat.id, 'resolve');
      const done = await counts();
      ctx.check(rule, show(delta(waiting, done)) === show({ unanswered: -1, open: -1, resolved: 1 }), 'the resolved chat out of unanswered and open, into resolved', show(delta(waiting, done)));
    },
  },
  {
    id: 'ext-states.frames',
    title: "a chat's state change reaches every staff socket of the salon as chat_state, joined or not, and no customer",
    guide: GUIDE,
    rules: ['ext.states.frames'],
    sides: ['staff'],
    async run(ctx: Context) {
      const rule = 'ext.states.frames';
      const [staff, colleague, customer] = [ctx.actor('staff'), ctx.actor('staff2'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      const sockets = await Promise.all([ctx.connect(staff), ctx.connect(colleague)]);
      const customerSocket = await ctx.connect(customer);
      await join(customerSocket, chat.id);
      const from = sockets.map((s) => s.frames.length);
      const customerFrom = customerSocket.frames.length;
      const resolved = await setStatus(ctx, staff, chat.id, 'resolve');
      ctx.check(rule, resolved.status === 200, 'resolve answers 200', `${resolved.status} ${show(resolved.text)}`);
      for (const [i, socket] of sockets.entries()) {
        const frame = await socket.waitFor((f) => f.type === 'chat_state' && f.chat_id === chat.id, { rule, expected: `chat_state for chat ${chat.id} on ${socket.label}, not joined` }, from[i]);
        ctx.check(rule, frame.status === 'resolved' && 'assignee_id' in frame && 'waiting_since' in frame, 'status "resolved", with assignee_id and waiting_since', show(frame));
      }
      await customerSocket.roundTrip(rule);
      customerSocket.expectNone((f) => f.type === 'chat_state', { rule, expected: 'no chat_state to the customer' }, customerFrom);
    },
  },
  {
    id: 'ext-states.colleague-read',
    title: 'a colleague who does not take part reads the customer’s message: the customer sees it read, the history keeps it, the chat stays unanswered',
    guide: GUIDE,
    rules: ['ext.states.colleague-read'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const rule = 'ext.states.colleague-read';
      const [staff, colleague, customer] = [ctx.actor('staff'), ctx.actor('staff2'), ctx.actor('customer')];
      const chat = await createChatAsStaff(ctx, staff, customer);
      if (chat.participants.some((p) => p.participant_type === 'user' && p.participant_id === colleague.id)) ctx.skip(`${colleague.name} takes part in the chat`);
      const customerSocket = await ctx.connect(customer);
      await join(customerSocket, chat.id);
      const asked = await sendMessage(customerSocket, chat.id, ctx.text('anyone there?'));
      await chatState(ctx, colleague, chat.id, rule);
      const colleagueSocket = await ctx.connect(colleague);
      await join(colleagueSocket, chat.id);
      const from = customerSocket.frames.length;
      colleagueSocket.send({ type: 'read_message', chat_id: chat.id, message_id: asked.id });
      await customerSocket.waitFor(
        (f) => f.type === 'read_receipt' && f.chat_id === chat.id && f.reader_type === 'user' && f.reader_id === colleague.id && f.message_id === asked.id,
        { rule, expected: `a read_receipt from ${colleague.name} for message ${asked.id}` },
        from,
      );
      const stored = (await history(ctx, customer, chat.id)).messages.find((m) => m.id === asked.id);
      ctx.check(rule, Boolean(stored?.read_receipts.some((r) => r.reader_type === 'user' && r.reader_id === colleague.id)), `message ${asked.id} read by ${colleague.name} after a reload`, show(stored?.read_receipts));
      ctx.check(rule, (await viewIds(ctx, colleague, 'unanswered', rule)).includes(chat.id), `chat ${chat.id} still unanswered: read is not answered`, 'not listed');
    },
  },
];
