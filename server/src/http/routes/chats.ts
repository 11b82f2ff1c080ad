import { AssignChat, ChatCounts, CreateChatAsCustomer, CreateChatAsStaff, ListChatsQuery } from '@salon-chat/protocol';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { IdParams, endpoint } from '../endpoint.ts';
import type { PerAccount } from '../limits.ts';
import { ServedChat } from '../models.ts';

const listDescription =
  'Newest activity first, each with `last_message_preview`, the caller\'s `unread_count` and `online_participants`. `is_archived` defaults to false. A page at a time: the first `limit` chats (1–100, by default 100), and while more follow the next page\'s `cursor` in `X-Next-Cursor` (an extension; a page keeps the guide\'s shape); staff may `search` by customer name or contact, title or message text, case aside (text with fewer than 3 letters or digits: names, contacts and titles only). A search is bounded: text found in more of the salon\'s messages than one search reads (`SEARCH_MAX_MESSAGES`) answers 422 asking for more specific words, one past its time budget (`SEARCH_TIMEOUT_MS`, PostgreSQL) 503, and more searches at once than an account, a salon or the server may run 429 with `Retry-After`. A malformed `cursor` or a `search` with control characters answers 422. Staff may ask for one `view` of the inbox (conversation states, an extension): `unanswered` (open and waiting for the salon, longest waiting first: its cursor pages by `waiting_since`), `mine` (open and assigned to the caller), `open` or `resolved`; a view lists archived and unarchived chats alike unless `is_archived` is given. To a customer no chat is archived: all of theirs are in the `is_archived=false` list.';

/** A list, or a page of it with the next page's cursor in a header (the body keeps the guide's shape). */
const listed = (ctx: Context, { chats, next }: { chats: unknown[]; next: string | null }) => {
  if (next) ctx.set('X-Next-Cursor', next);
  return Promise.resolve(chats);
};

/** `spend`: the account's budget of messages, reads and new chats, shared with its sockets. */
export const chatEndpoints = ({ chats }: Services, spend: PerAccount) => [
  endpoint({
    method: 'post',
    path: '/api/v1/chat/chats',
    operationId: 'createChatAsStaff',
    tag: 'Chats',
    summary: 'Create a chat with a customer (staff)',
    access: 'user',
    status: 201,
    body: CreateChatAsStaff,
    response: ServedChat,
    errors: [401, 403, 422, 429],
    handler: async ({ actor, body }) => {
      spend(actor);
      return chats.createAsStaff(actor, body);
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/chat/chats/customer',
    operationId: 'createChatAsCustomer',
    tag: 'Chats',
    summary: 'Create a chat with a staff member (customer)',
    description:
      "At most `CHATS_PER_DAY` new chats a day per customer (429 with `Retry-After`). A guest writes only to the salon they started with, while it takes guests (403 otherwise), and guests' new chats are also limited per client address and per salon (429).",
    access: 'customer',
    status: 201,
    body: CreateChatAsCustomer,
    response: ServedChat,
    errors: [401, 403, 422, 429],
    handler: async ({ actor, body, ctx }) => {
      spend(actor);
      return chats.createAsCustomer(actor, body, ctx.ip);
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/v1/chat/chats',
    operationId: 'listChats',
    tag: 'Chats',
    summary: "List the salon's chats (staff)",
    description: listDescription,
    access: 'user',
    query: ListChatsQuery,
    response: z.array(ServedChat),
    headers: { 'X-Next-Cursor': 'The `cursor` of the next page, while more chats follow (only with `limit` or `cursor`).' },
    errors: [401, 403, 422, 429, 503],
    handler: async ({ actor, query, ctx }) => listed(ctx, await chats.list(actor, query)),
  }),
  endpoint({
    method: 'get',
    path: '/api/v1/chat/chats/customer',
    operationId: 'listCustomerChats',
    tag: 'Chats',
    summary: "List the caller's chats (customer)",
    description: listDescription,
    access: 'customer',
    query: ListChatsQuery,
    response: z.array(ServedChat),
    headers: { 'X-Next-Cursor': 'The `cursor` of the next page, while more chats follow (only with `limit` or `cursor`).' },
    errors: [401, 403, 422],
    handler: async ({ actor, query, ctx }) => listed(ctx, await chats.list(actor, query)),
  }),
  endpoint({
    method: 'get',
    path: '/api/v1/chat/chats/counts',
    operationId: 'countChats',
    tag: 'Chats',
    summary: 'How many conversations each view of the inbox holds (staff)',
    description:
      "Conversation states (an extension): the salon's chats in each `view` of `GET /api/v1/chat/chats`, archived or not: `unanswered` (open and waiting for the salon), `mine` (open and assigned to the caller), `open`, `resolved`. Conversations, not messages.",
    access: 'user',
    response: ChatCounts,
    errors: [401, 403],
    handler: ({ actor }) => chats.counts(actor),
  }),
  endpoint({
    method: 'get',
    path: '/api/v1/chat/chats/:id',
    operationId: 'getChat',
    tag: 'Chats',
    summary: 'One chat',
    access: 'any',
    params: IdParams,
    response: ServedChat,
    errors: [401, 404],
    handler: ({ actor, params }) => chats.get(actor, params.id),
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/chat/chats/:id/archive',
    operationId: 'archiveChat',
    tag: 'Chats',
    summary: 'Archive a chat (staff)',
    description:
      "The salon's filing: the chat leaves the salon's `is_archived=false` list; its customer keeps it, with its whole history, and a customer who writes in it brings it back. Every staff socket of the salon gets `chat_state`.",
    access: 'user',
    params: IdParams,
    response: ServedChat,
    errors: [401, 403, 404],
    handler: ({ actor, params }) => chats.setArchived(actor, params.id, true),
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/chat/chats/:id/unarchive',
    operationId: 'unarchiveChat',
    tag: 'Chats',
    summary: 'Unarchive a chat (staff)',
    access: 'user',
    params: IdParams,
    response: ServedChat,
    errors: [401, 403, 404],
    handler: ({ actor, params }) => chats.setArchived(actor, params.id, false),
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/chat/chats/:id/resolve',
    operationId: 'resolveChat',
    tag: 'Chats',
    summary: 'Resolve a chat (staff)',
    description: "Conversation states (an extension): the chat is done for the salon: `status` `resolved`, waiting for no one. Every staff socket of the salon gets `chat_state`. The customer's view of the chat does not change, and a customer who writes in it reopens it.",
    access: 'user',
    params: IdParams,
    response: ServedChat,
    errors: [401, 403, 404],
    handler: ({ actor, params }) => chats.setStatus(actor, params.id, 'resolved'),
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/chat/chats/:id/reopen',
    operationId: 'reopenChat',
    tag: 'Chats',
    summary: 'Reopen a chat (staff)',
    description: 'Conversation states (an extension): `status` `open` again. Every staff socket of the salon gets `chat_state`.',
    access: 'user',
    params: IdParams,
    response: ServedChat,
    errors: [401, 403, 404],
    handler: ({ actor, params }) => chats.setStatus(actor, params.id, 'open'),
  }),
  endpoint({
    method: 'put',
    path: '/api/v1/chat/chats/:id/assignee',
    operationId: 'assignChat',
    tag: 'Chats',
    summary: 'Assign a chat to a staff member, or unassign it (staff)',
    description:
      "Conversation states (an extension): `{\"assignee_id\": <a staff user of the chat's salon>}` assigns the chat, `{\"assignee_id\": null}` unassigns it; anyone of the salon may. Another salon's staff user, or no staff user, answers 422. Every staff socket of the salon gets `chat_state`.",
    access: 'user',
    params: IdParams,
    body: AssignChat,
    response: ServedChat,
    errors: [401, 403, 404, 422],
    handler: ({ actor, params, body }) => chats.assign(actor, params.id, body.assignee_id),
  }),
];
