import { HistoryQuery, MarkReadRequest, MarkReadResponse, MessageDraft } from '@salon-chat/protocol';
import type { Services } from '../../services/index.ts';
import { IdParams, endpoint } from '../endpoint.ts';
import type { PerAccount } from '../limits.ts';
import { ServedHistoryPage, ServedMessage } from '../models.ts';

/** `spend`: the account's budget of messages and reads, shared with its sockets. */
export const messageEndpoints = ({ messages }: Services, spend: PerAccount) => [
  endpoint({
    method: 'get',
    path: '/api/v1/chat/chats/:id/messages',
    operationId: 'listMessages',
    tag: 'Messages',
    summary: 'Message history',
    description:
      'Page 1 holds the newest messages, newest first; `has_more` is true when older pages exist; `page_size` is capped at 100. ' +
      'With `after_id`, the messages after that one, oldest first, and `has_more` when more follow (catch-up and polling). ' +
      'Extension: with `before_id`, the messages before that one, newest first, and `has_more` when older ones exist (scrolling back by cursor: a deep page costs what page 1 does). ' +
      "Extension (internal notes): the salon's staff also get its notes (`message_type: note`), each in the page of the message it follows; a customer never does.",
    access: 'any',
    params: IdParams,
    query: HistoryQuery,
    response: ServedHistoryPage,
    errors: [401, 404, 422],
    handler: ({ actor, params, query }) => messages.history(actor, params.id, query),
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/chat/chats/:id/messages',
    operationId: 'sendMessage',
    tag: 'Messages',
    summary: 'Send a message',
    description:
      'The same as the `send_message` frame: delivered to the chat as a `message` frame. A retried `client_message_id` answers 200 with the stored message. ' +
      "Messages and reads, over REST and WebSocket together, draw on the account's budget (429 with `Retry-After` beyond). " +
      "Extension (internal notes): `message_type: note` writes a note that only the salon's staff see, delivered to their sockets only (403 for a customer).",
    access: 'any',
    status: 201,
    otherSuccesses: { 200: 'A retried `client_message_id`: the message stored the first time' },
    params: IdParams,
    body: MessageDraft,
    response: ServedMessage,
    errors: [401, 403, 404, 409, 422, 429],
    handler: async ({ actor, params, body, ctx }) => {
      spend(actor, { from: ctx.ip });
      const { message, duplicate } = await messages.send(actor, params.id, body);
      if (duplicate) ctx.status = 200;
      return message;
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/chat/chats/:id/read',
    operationId: 'markRead',
    tag: 'Messages',
    summary: 'Mark messages read',
    description:
      'Marks the named messages read and, for a participant, every unread message up to the newest of them. One `read_receipt` frame per sender whose messages were newly read, for the newest of them (it covers the earlier ones of that sender), with `message_ids` when ids were named. ' +
      "Draws on the account's budget of messages and reads (429 with `Retry-After` beyond).",
    access: 'any',
    params: IdParams,
    body: MarkReadRequest,
    response: MarkReadResponse,
    errors: [401, 404, 422, 429],
    handler: async ({ actor, params, body }) => {
      spend(actor);
      return messages.markRead(actor, params.id, 'message_ids' in body ? { ids: body.message_ids } : { upTo: body.up_to_message_id });
    },
  }),
];
