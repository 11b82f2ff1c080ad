/** Paths, codes and limits shared by every salon-chat implementation. */

export const API_PREFIX = '/api/v1';

export const WS_PATHS = {
  user: '/api/v1/chat/ws/chat/user',
  customer: '/api/v1/chat/ws/chat/customer',
} as const;

export const PARTICIPANT_TYPES = ['user', 'customer'] as const;
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];

export const MEDIA_MESSAGE_TYPES = ['image', 'voice', 'file'] as const;
export const ENTITY_TYPES = ['appointment', 'product', 'pack'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
/**
 * Internal notes (extension): a staff member's text that only the salon's staff ever see. A note
 * takes no place of its own in the chat (`total`, `message_count`): it sits after the message it
 * follows, and never reaches the customer by any path.
 */
export const NOTE_MESSAGE_TYPE = 'note';
export const MESSAGE_TYPES = ['text', ...MEDIA_MESSAGE_TYPES, ...ENTITY_TYPES, NOTE_MESSAGE_TYPE] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** WebSocket close codes the protocol uses. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  tooBig: 1009,
  serviceRestart: 1012,
  /** The reference server's close for a socket over its limits (a flood, too many sockets): not a sign-in problem. */
  tryAgainLater: 1013,
} as const;

export const LIMITS = {
  /** Largest `page_size` the history endpoint honours; larger values are capped. */
  maxPageSize: 100,
  defaultPageSize: 50,
  /** Longest message text, in characters. */
  maxContentLength: 4000,
  maxTitleLength: 200,
  /** Largest WebSocket frame answered with an `error` frame rather than processed. */
  maxFrameBytes: 64 * 1024,
  /** Most message ids in one batched read call. */
  maxReadBatch: 500,
} as const;

/** Stable `code` values carried by `error` frames and REST error bodies. */
export const ERROR_CODES = [
  'bad_json',
  'bad_frame',
  'unknown_type',
  'validation_failed',
  'not_joined',
  'forbidden',
  'not_found',
  'rate_limited',
  'frame_too_large',
  'unauthorized',
  'payload_too_large',
  'unsupported_media_type',
  'conflict',
  'gone',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
