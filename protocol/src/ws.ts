/** WebSocket frames of the guide, both directions, and the decoding a server applies. */
import { z } from 'zod';
import { LIMITS, PARTICIPANT_TYPES, type ErrorCode } from './constants.ts';
import type { ParticipantType } from './constants.ts';
import { MessageDraft, id, type ChatSummary, type Message, type OnlineMember } from './rest.ts';

const chatFrame = <T extends string>(type: T) => z.object({ type: z.literal(type), chat_id: id });

export const JoinChatFrame = chatFrame('join_chat');
export const LeaveChatFrame = chatFrame('leave_chat');
export const TypingFrame = chatFrame('typing').extend({ is_typing: z.boolean() });
export const ReadMessageFrame = chatFrame('read_message').extend({ message_id: id });
export const PingFrame = z.object({ type: z.literal('ping') }).loose();
export const SendMessageFrame = z
  .object({ type: z.literal('send_message'), chat_id: id })
  .and(MessageDraft);

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

interface ChatEvent {
  chat_id: number;
  participant_type: ParticipantType;
  participant_id: number;
}

export type ServerFrame =
  | { type: 'connected'; participant_type: ParticipantType; participant_id: number; name?: string | null }
  | { type: 'message'; message: Message; client_message_id?: string | null }
  | ({ type: 'typing'; is_typing: boolean } & ChatEvent)
  | {
      /**
       * One read of one sender's messages: `message_id` is the newest read, and the read covers
       * that sender's earlier messages in the chat, or, when present, exactly `message_ids`
       * (an extension: sent when the reader named the messages it read).
       */
      type: 'read_receipt';
      chat_id: number;
      message_id: number;
      reader_type: ParticipantType;
      reader_id: number;
      read_at: string;
      message_ids?: number[];
    }
  | ({ type: 'user_joined' } & ChatEvent)
  | ({ type: 'user_left' } & ChatEvent)
  | { type: 'joined_chat'; chat_id: number; online_participants: number[]; online_members: OnlineMember[] }
  | { type: 'left_chat'; chat_id: number }
  | ({ type: 'presence'; online: boolean; online_participants: number[]; online_members: OnlineMember[] } & ChatEvent)
  | { type: 'chat_created'; chat: ChatSummary }
  | { type: 'error'; error: string; code?: ErrorCode; chat_id?: number; client_message_id?: string | null }
  | { type: 'pong'; timestamp: string };

export type ServerFrameType = ServerFrame['type'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;

export const ServerFrameEnvelope = z.looseObject({ type: z.string() });
export const ConnectedFrame = z.looseObject({
  type: z.literal('connected'),
  participant_type: z.enum(PARTICIPANT_TYPES),
  participant_id: z.number().int(),
});
export const ErrorFrame = z.looseObject({ type: z.literal('error'), error: z.string().min(1) });
