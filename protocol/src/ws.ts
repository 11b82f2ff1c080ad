/** WebSocket frames of the guide, both directions, and the decoding a server applies. */
import { z } from 'zod';
import { ERROR_CODES, LIMITS, PARTICIPANT_TYPES, type ErrorCode } from './constants.ts';
import { ChatState, ChatSummary, Message, MessageDraft, OnlineMember, id, timestamp } from './rest.ts';

const chatFrame = <T extends string>(type: T) => z.object({ type: z.literal(type), chat_id: id });

export const JoinChatFrame = chatFrame('join_chat');
export const LeaveChatFrame = chatFrame('leave_chat');
export const TypingFrame = chatFrame('typing').extend({ is_typing: z.boolean() });
export const ReadMessageFrame = chatFrame('read_message').extend({ message_id: id });
export const PingFrame = z.object({ type: z.literal('ping') }).loose();
// One object, not the frame's fields and the draft intersected: zod checks it in one pass.
export const SendMessageFrame = MessageDraft.safeExtend({ type: z.literal('send_message'), chat_id: id });

export const CLIENT_FRAMES = {
  join_chat: JoinChatFrame,
  leave_chat: LeaveChatFrame,
  send_message: SendMessageFrame,
  typing: TypingFrame,
  read_message: ReadMessageFrame,
  ping: PingFrame,
} as const;

export type ClientFrameType = keyof typeof CLIENT_FRAMES;
export type ClientFrame = { [K in ClientFrameType]: z.infer<(typeof CLIENT_FRAMES)[K]> }[ClientFrameType];
export type SendMessageFrame = z.infer<typeof SendMessageFrame>;

export type DecodedFrame =
  | { ok: true; frame: ClientFrame }
  | { ok: false; code: ErrorCode; error: string };

/** Turns raw socket data into a validated client frame, or the reason it is not one. */
export function decodeClientFrame(raw: string): DecodedFrame {
  if (raw.length > LIMITS.maxFrameBytes) {
    return { ok: false, code: 'frame_too_large', error: `frame larger than ${LIMITS.maxFrameBytes} bytes` };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_json', error: 'frame is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, code: 'bad_frame', error: 'frame must be a JSON object' };
  }
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { ok: false, code: 'bad_frame', error: 'frame needs a string "type"' };
  }
  if (!Object.hasOwn(CLIENT_FRAMES, type)) {
    return { ok: false, code: 'unknown_type', error: `unknown frame type "${type.slice(0, 40)}"` };
  }
  const parsed = CLIENT_FRAMES[type as ClientFrameType].safeParse(data);
  if (!parsed.success) {
    return { ok: false, code: 'validation_failed', error: `${type}: ${describeIssues(parsed.error)}` };
  }
  return { ok: true, frame: parsed.data as ClientFrame };
}

/** One line that says which fields are wrong, for `error` frames and 422 details. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

// ---------------------------------------------------------------- server → client

/**
 * The frames a server sends, as every conformant server sends them: what the guide and decisions
 * §1–4 require, with the extensions (decisions §5, the reference server's own frames) optional or
 * frames of their own. Like the REST answers, they let a server add keys.
 */
const serverFrame = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.looseObject({ type: z.literal(type), ...shape });
const participant = OnlineMember.shape;
const chatEvent = { chat_id: z.number().int(), ...participant };
const online = {
  online_participants: z.array(z.number().int()),
  online_members: z.array(OnlineMember),
  /** Extension (reference server): whether anyone of the chat's salon's staff is online, a member of the chat or not. */
  staff_online: z.boolean().optional(),
};

export const SERVER_FRAMES = {
  /** Extension: `name`. */
  connected: serverFrame('connected', { ...participant, name: z.string().nullable().optional() }),
  /** Extension: `client_message_id`, echoed from the `send_message` it answers. */
  message: serverFrame('message', { message: Message, client_message_id: z.string().nullable().optional() }),
  typing: serverFrame('typing', { ...chatEvent, is_typing: z.boolean() }),
  /**
   * One read of one sender's messages: `message_id` is the newest read, and the read covers that
   * sender's earlier messages in the chat, or, when present, exactly `message_ids`. Extensions:
   * `read_at`, and `message_ids` (sent when the reader named the messages it read).
   */
  read_receipt: serverFrame('read_receipt', {
    chat_id: z.number().int(),
    message_id: z.number().int(),
    reader_type: z.enum(PARTICIPANT_TYPES),
    reader_id: z.number().int(),
    read_at: timestamp.optional(),
    message_ids: z.array(z.number().int()).optional(),
  }),
  user_joined: serverFrame('user_joined', chatEvent),
  user_left: serverFrame('user_left', chatEvent),
  /** Extension (reference server): the answer to `join_chat`. */
  joined_chat: serverFrame('joined_chat', { chat_id: z.number().int(), ...online }),
  /** Extension (reference server): the answer to `leave_chat`. */
  left_chat: serverFrame('left_chat', { chat_id: z.number().int() }),
  /** Extension (reference server): a participant's first socket opened or its last closed. */
  presence: serverFrame('presence', { ...chatEvent, online: z.boolean(), ...online }),
  /** Extension (reference server): a chat was opened. */
  chat_created: serverFrame('chat_created', { chat: ChatSummary }),
  /**
   * Extension (conversation states): a chat's state for its salon changed (its status, assignee,
   * waiting or archiving), with who changed it (null when the server did, e.g. a message's
   * write). To every staff socket of the chat's salon, joined or not.
   */
  chat_state: serverFrame('chat_state', {
    chat_id: z.number().int(),
    ...ChatState.shape,
    is_archived: z.boolean(),
    changed_by: OnlineMember.nullable(),
  }),
  /** Extensions: `code`, and `chat_id` and `client_message_id` naming what failed. */
  error: serverFrame('error', {
    error: z.string().min(1),
    code: z.enum(ERROR_CODES).optional(),
    chat_id: z.number().int().optional(),
    client_message_id: z.string().nullable().optional(),
  }),
  pong: serverFrame('pong', { timestamp }),
} as const;

export type ServerFrameType = keyof typeof SERVER_FRAMES;
export type ServerFrameOf<K extends ServerFrameType> = z.infer<(typeof SERVER_FRAMES)[K]>;
export type ServerFrame = { [K in ServerFrameType]: ServerFrameOf<K> }[ServerFrameType];
