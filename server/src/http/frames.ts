/**
 * What `/asyncapi.json` says of each WebSocket frame, both directions, beside its schema (the
 * protocol's `CLIENT_FRAMES`, and `SERVED_FRAMES` of models.ts): what it does and an example.
 */
import type { CLIENT_FRAMES, ClientFrameType, ServerFrameType } from '@salon-chat/protocol';
import type { z } from 'zod';
import type { SERVED_FRAMES, ServedChat, ServedMessage } from './models.ts';

export interface FrameDoc<T> {
  summary: string;
  example: T;
}

export const CLIENT_FRAME_DOCS: { [K in ClientFrameType]: FrameDoc<z.input<(typeof CLIENT_FRAMES)[K]>> } = {
  join_chat: {
    summary: 'Follow a chat: answered by `joined_chat` (or an `error` when the caller may not see it); the others get `user_joined`.',
    example: { type: 'join_chat', chat_id: 1 },
  },
  leave_chat: {
    summary: 'Stop following a chat: answered by `left_chat`; the others get `user_left`.',
    example: { type: 'leave_chat', chat_id: 1 },
  },
  send_message: {
    summary: 'Send a message to a joined chat: it is stored, then goes to the chat as a `message` frame, the sender included.',
    example: { type: 'send_message', chat_id: 1, content: 'That sounds great!', reply_to_message_id: 101, client_message_id: 'c6f1e0b2-7d1a' },
  },
  typing: {
    summary: 'Say whether the caller is typing in a joined chat: the other members get `typing`.',
    example: { type: 'typing', chat_id: 1, is_typing: true },
  },
  read_message: {
    summary: 'Mark a message of a joined chat read, and the unread ones before it: the senders get `read_receipt`.',
    example: { type: 'read_message', chat_id: 1, message_id: 102 },
  },
  ping: {
    summary: 'Keep the socket alive (every 30–60 s): answered by `pong`.',
    example: { type: 'ping' },
  },
};

const EXAMPLE_MESSAGE = {
  id: 102,
  chat_id: 1,
  sender_type: 'customer',
  sender_user_id: null,
  sender_customer_id: 123,
  sender_name: 'Emma Wilson',
  message_type: 'text',
  content: 'That sounds great!',
  media_url: null,
  thumbnail_url: null,
  reply_to_message_id: 101,
  reply_to: { id: 101, sender_type: 'user', sender_name: 'Camille Laurent', message_type: 'text', content: 'Thursday at 10?', is_deleted: false },
  reference_type: null,
  reference_id: null,
  reference: null,
  client_message_id: 'c6f1e0b2-7d1a',
  created_at: '2026-01-09T10:32:00.000Z',
  updated_at: '2026-01-09T10:32:00.000Z',
  is_edited: false,
  is_deleted: false,
  read_receipts: [],
} as const satisfies z.input<typeof ServedMessage>;

const EXAMPLE_CHAT = {
  id: 1,
  chat_type: 'user_customer',
  salon_id: 1,
  title: 'Balayage booking',
  is_active: true,
  is_archived: false,
  last_message_at: '2026-01-09T10:32:00.000Z',
  last_message_preview: 'That sounds great!',
  created_at: '2026-01-09T10:30:00.000Z',
  updated_at: '2026-01-09T10:32:00.000Z',
  participants: [
    { participant_type: 'customer', participant_id: 123, joined_at: '2026-01-09T10:30:00.000Z', is_active: true, unread_count: 0, name: 'Emma Wilson', phone: '+1234567890' },
    { participant_type: 'user', participant_id: 456, joined_at: '2026-01-09T10:30:00.000Z', is_active: true, unread_count: 1, name: 'Camille Laurent', email: 'admin@salon.com' },
  ],
  total_messages: 1,
  unread_count: 1,
  status: 'open',
  assignee_id: 456,
  waiting_since: '2026-01-09T10:32:00.000Z',
  online_participants: [123],
  online_members: [{ participant_type: 'customer', participant_id: 123 }],
} as const satisfies z.input<typeof ServedChat>;

export const SERVER_FRAME_DOCS: { [K in ServerFrameType]: FrameDoc<z.input<(typeof SERVED_FRAMES)[K]>> } = {
  connected: {
    summary: 'The first frame of every socket: who the token belongs to.',
    example: { type: 'connected', participant_type: 'user', participant_id: 456, name: 'Camille Laurent' },
  },
  message: {
    summary: 'A new message, as in the history: to every socket that joined the chat, the sender’s included.',
    example: { type: 'message', message: EXAMPLE_MESSAGE, client_message_id: 'c6f1e0b2-7d1a' },
  },
  typing: {
    summary: 'Someone started or stopped typing: to the joined sockets of the other members.',
    example: { type: 'typing', chat_id: 1, participant_type: 'customer', participant_id: 123, is_typing: true },
  },
  read_receipt: {
    summary:
      'Messages of one sender were read: `message_id` is the newest, and the read covers that sender’s earlier ones (or exactly `message_ids` when the reader named them). To the joined sockets and every socket of the sender.',
    example: { type: 'read_receipt', chat_id: 1, message_id: 101, reader_type: 'customer', reader_id: 123, read_at: '2026-01-09T10:31:00.000Z' },
  },
  user_joined: {
    summary: 'A member’s first socket joined the chat: to the joined sockets of the others.',
    example: { type: 'user_joined', chat_id: 1, participant_type: 'user', participant_id: 456 },
  },
  user_left: {
    summary: 'A member left the chat, or its last socket in it closed: to the joined sockets of the others.',
    example: { type: 'user_left', chat_id: 1, participant_type: 'user', participant_id: 456 },
  },
  joined_chat: {
    summary: 'The answer to `join_chat`, with who is online in the chat.',
    example: { type: 'joined_chat', chat_id: 1, online_participants: [456], online_members: [{ participant_type: 'user', participant_id: 456 }], staff_online: true },
  },
  left_chat: {
    summary: 'The answer to `leave_chat`.',
    example: { type: 'left_chat', chat_id: 1 },
  },
  presence: {
    summary: 'A member’s first socket opened or its last closed: to the joined sockets of the others, in each of its chats.',
    example: { type: 'presence', chat_id: 1, participant_type: 'customer', participant_id: 123, online: true, online_participants: [123], online_members: [{ participant_type: 'customer', participant_id: 123 }] },
  },
  chat_created: {
    summary: 'A chat was opened: to every socket of its customer and of its salon’s staff, joined or not, as each sees it.',
    example: { type: 'chat_created', chat: EXAMPLE_CHAT },
  },
  chat_state: {
    summary:
      'Conversation states (an extension): a chat’s state for its salon changed (resolved or reopened, assigned, waiting or answered, archived): to every staff socket of the chat’s salon, joined or not, on every node. `changed_by` is the staff member who changed it, or null when a message’s write did.',
    example: { type: 'chat_state', chat_id: 1, status: 'open', assignee_id: 456, waiting_since: '2026-01-09T10:32:00.000Z', is_archived: false, changed_by: null },
  },
  error: {
    summary: 'A frame of this socket failed; the socket stays open. `chat_id` and `client_message_id` name what failed.',
    example: { type: 'error', error: 'join chat 7 before using it (send join_chat)', code: 'not_joined', chat_id: 7 },
  },
  pong: {
    summary: 'The answer to `ping`.',
    example: { type: 'pong', timestamp: '2026-01-09T10:33:00.000Z' },
  },
};
