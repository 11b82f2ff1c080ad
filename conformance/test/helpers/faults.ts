/** Ways to break the protocol, each with the scenarios that must then fail. */
import type { Faults } from './proxy.ts';

const frame = (raw: string): Record<string, unknown> | null => {
  try {
    const data = JSON.parse(raw) as unknown;
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export interface BrokenServer {
  faults: Faults;
  /** Ids of the scenarios that must fail, and only those. */
  failing: string[];
  /** Runs only these scenarios (the fault would fail nearly all of them, slowly). */
  grep?: string;
}

export const FAULTS = {
  'drops typing frames': {
    faults: { fromServer: (raw: string) => (frame(raw)?.type === 'typing' ? null : raw) },
    failing: [
      'ws-typing.reaches-other-member',
      'ws-typing.not-echoed-to-sender',
      'ws-scope.other-customer-hears-nothing',
      'ws-scope.other-salon-hears-nothing',
      'ws-membership.join-other-customers-chat',
      'ws-membership.join-other-salons-chat',
    ],
  },
  'echoes typing to the sender': {
    faults: {
      answerClient: (raw: string) => {
        const sent = frame(raw);
        if (sent?.type !== 'typing') return [];
        return [JSON.stringify({ type: 'typing', chat_id: sent.chat_id, participant_type: 'customer', participant_id: 0, is_typing: sent.is_typing })];
      },
    },
    failing: [
      'ws-typing.not-echoed-to-sender',
    ],
  },
  'closes bad tokens with 1000 instead of 1008': {
    faults: { closeCode: (code: number) => (code === 1008 ? 1000 : code) },
    failing: [
      'auth-ws.invalid-token',
      'auth-ws.alg-none',
      'auth-ws.expired-token',
      'auth-ws.wrong-side',
    ],
  },
  'reverses history pages': {
    faults: {
      json: (method: string, path: string, body: unknown) => {
        const page = body as { messages?: unknown[] };
        if (method === 'GET' && /\/messages(\?|$)/.test(path) && !path.includes('after_id') && Array.isArray(page.messages)) {
          return { ...page, messages: [...page.messages].reverse() };
        }
        return body;
      },
    },
    failing: [
      'rest-history.newest-first',
    ],
  },
  'answers no error frames': {
    faults: { fromServer: (raw: string) => (frame(raw)?.type === 'error' ? null : raw) },
    failing: [
      'ws-membership.not-joined-frames-answer-error',
      'ws-membership.join-other-customers-chat',
      'ws-membership.join-other-salons-chat',
      'ws-membership.join-nonexistent-chat',
      'ws-errors.malformed-json',
      'ws-errors.unknown-type',
      'ws-errors.missing-fields',
    ],
  },
  'drops thumbnails': {
    faults: {
      json: (_method: string, path: string, body: unknown) => (path.startsWith('/api/v1/chat/upload') ? { ...(body as object), thumbnail_url: null } : body),
    },
    failing: [
      'rest-upload.image-thumbnail',
      'rest-upload.urls-serve-images',
    ],
  },
  'gives the original as its thumbnail': {
    faults: {
      json: (_method: string, path: string, body: unknown) => {
        const upload = body as { file_url?: string };
        return path.startsWith('/api/v1/chat/upload') && upload.file_url ? { ...upload, thumbnail_url: upload.file_url } : body;
      },
    },
    failing: [
      'rest-upload.urls-serve-images',
    ],
  },
  'drops the echo to the sender': {
    faults: {
      fromServer: (raw: string, sent: readonly string[]) => {
        const message = frame(raw)?.message as { content?: unknown } | undefined;
        const own = sent.some((s) => frame(s)?.type === 'send_message' && frame(s)?.content === message?.content);
        return frame(raw)?.type === 'message' && own ? null : raw;
      },
    },
    grep: 'ws-messages.',
    failing: [
      'ws-messages.echo-to-sender',
      'ws-messages.stored-under-same-id',
      'ws-messages.reply-carries-reply-to',
      'ws-messages.image-carries-media-url',
    ],
  },
  'drops read receipts': {
    faults: { fromServer: (raw: string) => (frame(raw)?.type === 'read_receipt' ? null : raw) },
    failing: [
      'ws-receipts.to-sender-on-every-connection',
      'ws-scope.other-customer-hears-nothing',
      'ws-scope.other-salon-hears-nothing',
    ],
  },
  'closes the socket after an error frame': {
    faults: { closeAfter: (raw: string) => frame(raw)?.type === 'error' },
    failing: [
      'ws-frames.json-object-envelopes',
      'ws-membership.not-joined-frames-answer-error',
      'ws-membership.join-other-customers-chat',
      'ws-membership.join-other-salons-chat',
      'ws-membership.join-nonexistent-chat',
      'ws-errors.malformed-json',
      'ws-errors.unknown-type',
      'ws-errors.missing-fields',
    ],
  },
  'says has_more false on every page': {
    faults: {
      json: (_method: string, path: string, body: unknown) => (/\/messages(\?|$)/.test(path) ? { ...(body as object), has_more: false } : body),
    },
    failing: [
      'rest-history.has-more-exact',
    ],
  },
  'reports unread_count 0 everywhere': {
    faults: {
      json: (_method: string, path: string, body: unknown) =>
        path.startsWith('/api/v1/chat/chats') && Array.isArray(body) ? body.map((chat: object) => ({ ...chat, unread_count: 0 })) : body,
    },
    failing: [
      'rest-list.unread-is-own',
      'rest-list.unread-falls-on-read',
    ],
  },
} satisfies Record<string, BrokenServer>;
