/** Protocol steps scenarios share: create a chat, join it, send and await a message, read history. */
import { CreatedChat, describeIssues, timestamp } from '@salon-chat/protocol';
import type { z } from 'zod';
import type { Actor } from './actors.ts';
import type { Context } from './context.ts';
import { decodeJwt, expiredToken } from './jwt.ts';
import { GuideChatSummary, GuideHistoryPage, GuideMessage } from './shapes.ts';
import type { HttpResponse } from './http.ts';
import { RuleViolation, show } from './verdict.ts';
import type { Frame, WsConnection } from './ws.ts';

export const CHATS = '/api/v1/chat/chats';

/** The body, if it satisfies `schema`; otherwise a violation of `rule`. */
export function conform<S extends z.ZodType>(rule: string, schema: S, what: string, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new RuleViolation(rule, what, `${describeIssues(parsed.error)} in ${show(body)}`);
}

/** Fails with `rule` unless the status is one of `statuses`. */
export function expectStatus(rule: string, response: HttpResponse, statuses: number[], what: string): void {
  if (!statuses.includes(response.status)) {
    throw new RuleViolation(rule, `${what} → ${statuses.join(' or ')}`, `${response.status} ${show(response.text, 300)}`);
  }
}

export type CreatedChatBody = z.infer<typeof CreatedChat>;
export type MessageBody = z.infer<typeof GuideMessage>;
export type HistoryBody = z.infer<typeof GuideHistoryPage>;
export type ChatSummaryBody = z.infer<typeof GuideChatSummary>;

/** Staff `staff` opens a chat with `customer` (guide: Create Chat, admin initiating). */
export async function createChatAsStaff(
  ctx: Context,
  staff: Actor,
  customer: Actor,
  initialMessage: string | null = ctx.text('hello from staff'),
): Promise<CreatedChatBody> {
  const body: Record<string, unknown> = { customer_id: customer.id, title: ctx.text('Support Chat') };
  if (initialMessage !== null) body.initial_message = initialMessage;
  return created(ctx, 'chat.create.staff', await ctx.http.post(CHATS, body, staff.token), `POST ${CHATS} as ${staff.name}`);
}

/** Customer `customer` opens a chat with staff user `staff` (guide: Create Chat, customer initiating). */
export async function createChatAsCustomer(
  ctx: Context,
  customer: Actor,
  staff: Actor,
  initialMessage: string | null = ctx.text('hello from customer'),
): Promise<CreatedChatBody> {
  const body: Record<string, unknown> = { user_id: staff.id, title: ctx.text('Booking Inquiry') };
  if (initialMessage !== null) body.initial_message = initialMessage;
  return created(ctx, 'chat.create.customer', await ctx.http.post(`${CHATS}/customer`, body, customer.token), `POST ${CHATS}/customer as ${customer.name}`);
}

/** The chat a create call answered, a chat of this scenario from now on. */
function created(ctx: Context, rule: string, response: HttpResponse, what: string): CreatedChatBody {
  const id = (response.body as { id?: unknown } | undefined)?.id;
  if (typeof id === 'number') ctx.transcript.claim(id);
  expectStatus(rule, response, [200, 201], what);
  return conform(rule, CreatedChat, 'a chat object as in the guide', response.body);
}

/** Joins `chatId` and waits until the server has handled the join without an error. */
export async function join(socket: WsConnection, chatId: number): Promise<void> {
  const from = socket.frames.length;
  socket.send({ type: 'join_chat', chat_id: chatId });
  await socket.roundTrip('ws.join.member');
  socket.expectNone((f) => f.type === 'error', { rule: 'ws.join.member', expected: `join_chat ${chatId} accepted (no error frame)` }, from);
}

/** A new chat opened by staff with the customer, both connected and joined (staff first). */
export async function joinedPair(ctx: Context) {
  const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
  const chat = await createChatAsStaff(ctx, staff, customer);
  const [staffSocket, customerSocket] = await Promise.all([ctx.connect(staff), ctx.connect(customer)]);
  await join(staffSocket, chat.id);
  await join(customerSocket, chat.id);
  return { chat, chatId: chat.id, salonId: chat.salon_id, staff, customer, staffSocket, customerSocket };
}

/** Each side of a joined pair in turn: who acts and on which socket, and the other member. */
export function bothWays(pair: Awaited<ReturnType<typeof joinedPair>>) {
  return [
    { actor: pair.staff, socket: pair.staffSocket, other: pair.customer, otherSocket: pair.customerSocket },
    { actor: pair.customer, socket: pair.customerSocket, other: pair.staff, otherSocket: pair.staffSocket },
  ];
}

/** The message object of a message frame that `waitFor` returned, which has the protocol's shape. */
export const messageOf = (frame: Frame): MessageBody => frame.message as MessageBody;

export function isMessageFrame(frame: Frame, content: string): boolean {
  const message = frame.message as { content?: unknown } | undefined;
  return frame.type === 'message' && typeof message === 'object' && message !== null && message.content === content;
}

/** Sends a message on a joined socket and returns the message object of its echo (decisions §2). */
export async function sendMessage(
  socket: WsConnection,
  chatId: number,
  content: string,
  extra: Record<string, unknown> = {},
): Promise<MessageBody> {
  const from = socket.frames.length;
  socket.send({ type: 'send_message', chat_id: chatId, content, message_type: 'text', ...extra });
  const frame = await socket.waitFor((f) => isMessageFrame(f, content), {
    rule: 'ws.message.echo',
    expected: `the sender receives its own message "${content}" as a message frame`,
  }, from);
  return messageOf(frame);
}

/** One page of history as `actor`. */
export async function history(ctx: Context, actor: Actor, chatId: number, query = 'page=1&page_size=50'): Promise<HistoryBody> {
  const path = `${CHATS}/${chatId}/messages${query ? `?${query}` : ''}`;
  const response = await ctx.http.get(path, actor.token);
  expectStatus('history.shape', response, [200], `GET ${path} as ${actor.name}`);
  return conform('history.shape', GuideHistoryPage, '{messages, total, page, page_size, has_more}', response.body);
}

/** The chat list of `actor` (its side's endpoint), optionally filtered by `is_archived`. */
export async function listChats(ctx: Context, actor: Actor, archived: boolean | null = false): Promise<ChatSummaryBody[]> {
  const path = `${CHATS}${actor.side === 'customer' ? '/customer' : ''}${archived === null ? '' : `?is_archived=${archived}`}`;
  const rule = actor.side === 'customer' ? 'chat.list.customer' : 'chat.list.staff';
  const response = await ctx.http.get(path, actor.token);
  expectStatus(rule, response, [200], `GET ${path} as ${actor.name}`);
  if (!Array.isArray(response.body)) throw new RuleViolation(rule, 'a JSON array of chats', show(response.text));
  return response.body.map((item) => conform(rule, GuideChatSummary, 'chat list items as in the guide', item));
}

/** The chat `chatId` in `actor`'s list, or a violation of `rule`. */
export async function findInList(ctx: Context, actor: Actor, chatId: number, rule: string): Promise<ChatSummaryBody> {
  const chats = await listChats(ctx, actor);
  const chat = chats.find((c) => c.id === chatId);
  if (!chat) throw new RuleViolation(rule, `chat ${chatId} in the list of ${actor.name}`, `ids ${show(chats.map((c) => c.id))}`);
  return chat;
}

/** The participant entry of `actor` in a chat object. */
export function participantOf(chat: CreatedChatBody, actor: Actor): CreatedChatBody['participants'][number] | undefined {
  return chat.participants.find((p) => p.participant_type === actor.side && p.participant_id === actor.id);
}

/** ISO 8601 date-time, with or without a zone (decisions leaves the zone open). */
export const isIsoTimestamp = (value: unknown): boolean => timestamp.safeParse(value).success;

/** The sender's id of a message: `sender_user_id` / `sender_customer_id` (or a plain `sender_id`). */
export function senderIdOf(message: MessageBody): unknown {
  const own = message.sender_type === 'user' ? message.sender_user_id : message.sender_customer_id;
  return own ?? (message as { sender_id?: unknown }).sender_id;
}

/** Whether `message` was sent by `actor`. */
export function sentBy(message: MessageBody, actor: Actor): boolean {
  return message.sender_type === actor.side && senderIdOf(message) === actor.id;
}

/**
 * Polls `probe` until it reports `ok` or the deadline passes (for state a REST call observes after
 * a WebSocket action, which the protocol does not order).
 */
export async function eventually(
  ctx: Context,
  rule: string,
  expected: string,
  probe: () => Promise<{ ok: boolean; actual: unknown }>,
): Promise<void> {
  const deadline = Date.now() + ctx.timeoutMs;
  let interval = 25;
  for (;;) {
    const { ok, actual } = await probe();
    if (ok) return;
    if (Date.now() >= deadline) throw new RuleViolation(rule, expected, `after ${ctx.timeoutMs} ms: ${show(actual)}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(interval * 2, 200);
  }
}

/**
 * A token of `actor`'s side that expired: signed by the suite with the target's `jwtSecret`, or
 * one the target config gives ready-made (`expiredTokens`). Skips the scenario without either.
 */
export function expiredTokenFor(ctx: Context, actor: Actor): string {
  const given = ctx.config.expiredTokens?.[actor.side === 'customer' ? 'customer' : 'staff'];
  if (given) return given;
  const secret = ctx.config.jwtSecret ?? ctx.unconfigured(`set "jwtSecret", or "expiredTokens": {"${actor.side === 'customer' ? 'customer' : 'staff'}": "<an expired token>"}, in the target config`);
  const jwt = decodeJwt(actor.token) ?? ctx.skip(`${actor.name}'s token is not a JWT, so the suite cannot sign an expired one`);
  return expiredToken(jwt, secret);
}

export const UPLOAD = '/api/v1/chat/upload';

/** Uploads `bytes` as multipart field `file`. */
export function upload(ctx: Context, bytes: Uint8Array, name: string, type: string, token?: string): Promise<HttpResponse> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return ctx.http.request('POST', UPLOAD, { form, token, formSummary: `file=${name} (${type}, ${bytes.length} bytes)` });
}

/** Sends `frame` and waits for the error frame that answers it (shaped as the protocol says, or a violation of `rule`). */
export async function expectErrorFrame(socket: WsConnection, frame: object | string, rule: string, what: string): Promise<void> {
  const from = socket.frames.length;
  socket.send(frame);
  await socket.waitFor((f) => f.type === 'error', { rule, expected: `an error frame for ${what}` }, from);
}
