import { CreateChatAsCustomer, CreateChatAsStaff, ListChatsQuery } from '@salon-chat/protocol';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { IdParams, endpoint } from '../endpoint.ts';
import type { PerAccount } from '../limits.ts';
import { ServedChat } from '../models.ts';

const listDescription =
  'Newest activity first, each with `last_message_preview`, the caller\'s `unread_count` and `online_participants`. `is_archived` defaults to false. A page at a time: the first `limit` chats (1–100, by default 100), and while more follow the next page\'s `cursor` in `X-Next-Cursor` (an extension; a page keeps the guide\'s shape); staff may `search` by customer name or contact, title or message text, case aside (text with fewer than 3 letters or digits: names, contacts and titles only). A search is bounded: text found in more of the salon\'s messages than one search reads (`SEARCH_MAX_MESSAGES`) answers 422 asking for more specific words, one past its time budget (`SEARCH_TIMEOUT_MS`, PostgreSQL) 503, and more searches at once than an account, a salon or the server may run 429 with `Retry-After`. A malformed `cursor` or a `search` with control characters answers 422.';

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
];
