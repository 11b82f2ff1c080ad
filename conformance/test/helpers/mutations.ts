/**
 * Single faults of the kind real servers ship, each breaking one required rule of the guide,
 * injected from outside the server by the proxy (rewriting, dropping or adding REST and WebSocket
 * traffic). The suite must fail every one of them, naming the rule.
 */
import type { Bridge, Faults, HttpRequest } from './proxy.ts';

type Json = Record<string, unknown>;

const frameOf = (raw: string): Json | null => {
  try {
    const data = JSON.parse(raw) as unknown;
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Json) : null;
  } catch {
    return null;
  }
};

/** Rewrites the frames of one type from the server; `null` from `change` drops the frame. */
const rewriteFrames =
  (type: string, change: (frame: Json, bridge: Bridge) => Json | null) =>
  (raw: string, bridge: Bridge): string | null => {
    const frame = frameOf(raw);
    if (frame?.type !== type) return raw;
    const changed = change(frame, bridge);
    return changed && JSON.stringify(changed);
  };

/** Rewrites the `message` object of message frames. */
const rewriteMessages = (change: (message: Json, bridge: Bridge) => Json) =>
  rewriteFrames('message', (frame, bridge) => ({ ...frame, message: change({ ...(frame.message as Json) }, bridge) }));

/** Whether `bridge`'s client sent `message` (the guide names the sender's id by its side). */
const sentThrough = (message: Json, bridge: Bridge) =>
  bridge.participant?.type === message.sender_type && bridge.participant?.id === (message.sender_user_id ?? message.sender_customer_id ?? message.sender_id);

const without = (object: Json, key: string): Json => {
  const copy = { ...object };
  delete copy[key];
  return copy;
};

const isHistory = (method: string, path: string) => method === 'GET' && /^\/api\/v1\/chat\/chats\/\d+\/messages(\?|$)/.test(path);
const isStaffList = (method: string, path: string) => method === 'GET' && /^\/api\/v1\/chat\/chats(\?|$)/.test(path);
const isCustomerList = (method: string, path: string) => method === 'GET' && /^\/api\/v1\/chat\/chats\/customer(\?|$)/.test(path);
const isList = (method: string, path: string) => isStaffList(method, path) || isCustomerList(method, path);

/** Rewrites each history item. */
const historyItems = (change: (message: Json) => Json) => (method: string, path: string, body: unknown) => {
  const page = body as { messages?: Json[] };
  return isHistory(method, path) && Array.isArray(page.messages) ? { ...page, messages: page.messages.map(change) } : body;
};

/** Rewrites each chat of the lists `which` selects. */
const listChats = (which: (method: string, path: string) => boolean, change: (chat: Json, request: HttpRequest) => Json) => (method: string, path: string, body: unknown, request: HttpRequest) =>
  which(method, path) && Array.isArray(body) ? body.map((chat: Json) => change(chat, request)) : body;

/** Reports in the lists `which` selects the highest unread_count each caller ever had in a chat. */
function unreadNeverFalls(which: (method: string, path: string) => boolean) {
  const most = new Map<string, number>();
  return listChats(which, (chat, request) => {
    const key = `${bearer(request)}:${chat.id}`;
    most.set(key, Math.max(most.get(key) ?? 0, chat.unread_count as number));
    return { ...chat, unread_count: most.get(key) };
  });
}

/** The claims of a JWT, unverified. */
function claimsOf(token: string | undefined): { sub?: string; typ?: string; exp?: number } | null {
  try {
    return JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString('utf8')) as { sub?: string; typ?: string; exp?: number };
  } catch {
    return null;
  }
}

const bearer = (request: HttpRequest) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
const tokenInUrl = (url: string) => new URL(url, 'http://proxy').searchParams.get('token') ?? undefined;
const withToken = (url: string, token: string) => {
  const parsed = new URL(url, 'http://proxy');
  parsed.searchParams.set('token', token);
  return parsed.pathname + parsed.search;
};
const isExpired = (token: string | undefined) => {
  const exp = claimsOf(token)?.exp;
  return exp !== undefined && exp * 1000 < Date.now();
};

/** Remembers the last token the server accepted for each account, to stand in for another. */
function tokenMemory() {
  const latest = new Map<string, string>();
  const key = (token: string) => `${claimsOf(token)?.typ}:${claimsOf(token)?.sub}`;
  return {
    see(token: string | undefined) {
      if (token && !isExpired(token) && claimsOf(token)?.sub) latest.set(key(token), token);
    },
    insteadOf: (token: string) => latest.get(key(token)),
    any: () => [...latest.values()].at(-1),
  };
}

/** Answers the client's `sent` frames with the `announced` frame about itself, as if it were another member. */
const tellOwnPresence = (sent: string, announced: string) => (raw: string, bridge: Bridge) =>
  frameOf(raw)?.type === sent && bridge.participant
    ? [JSON.stringify({ type: announced, chat_id: frameOf(raw)!.chat_id, participant_type: bridge.participant.type, participant_id: bridge.participant.id })]
    : [];

/** Sends REST requests with the token `pick` chooses from those the server accepted, if it chooses one. */
function substituteTokens(pick: (request: HttpRequest, tokens: ReturnType<typeof tokenMemory>) => string | undefined): Faults {
  const tokens = tokenMemory();
  return {
    json: (_method, _path, body, request) => (tokens.see(bearer(request)), body),
    request(request) {
      const token = pick(request, tokens);
      return token ? { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } } : request;
    },
  };
}

/** Whether `bridge` is the oldest open socket of its participant. */
const firstOfParticipant = (bridge: Bridge, bridges: readonly Bridge[]) =>
  bridges.find((b) => b.participant && bridge.participant && b.participant.type === bridge.participant.type && b.participant.id === bridge.participant.id) === bridge;

/** The scenarios that expect an error frame. */
const ANSWER_ERRORS = [
  'ws-membership.not-joined-frames-answer-error',
  'ws-membership.join-other-customers-chat',
  'ws-membership.join-other-salons-chat',
  'ws-membership.join-nonexistent-chat',
  'ws-errors.malformed-json',
  'ws-errors.unknown-type',
  'ws-errors.missing-fields',
];

export interface Mutation {
  /** The required rule of the inventory the fault breaks. */
  rule: string;
  /** A fresh set of faults (some keep state across the run). */
  faults: () => Faults;
  /** When given: exactly these scenarios must fail. */
  failing?: string[];
}

export const MUTATIONS: Record<string, Mutation> = {
  // — authentication
  'answers 403 instead of 401 to a request without a token': {
    rule: 'auth.rest.missing-token',
    faults: () => ({
      status: (_method, path, status, request) => (status === 401 && !request.headers.authorization && path.startsWith('/api/v1/chat') ? 403 : status),
    }),
  },
  'accepts expired tokens on REST': {
    rule: 'auth.rest.expired-token',
    faults: () => substituteTokens((request, tokens) => (isExpired(bearer(request)) ? tokens.insteadOf(bearer(request)!) : undefined)),
  },
  'accepts expired tokens on the WebSocket': {
    rule: 'auth.ws.expired-token',
    faults: () => {
      const tokens = tokenMemory();
      return {
        fromServer(raw, bridge) {
          if (frameOf(raw)?.type === 'connected') tokens.see(tokenInUrl(bridge.url));
          return raw;
        },
        upgradeUrl(url) {
          const token = tokenInUrl(url);
          const fresh = token && isExpired(token) ? tokens.insteadOf(token) : undefined;
          return fresh ? withToken(url, fresh) : url;
        },
      };
    },
  },
  'closes bad tokens with 1000 instead of 1008': {
    rule: 'auth.ws.invalid-token',
    faults: () => ({ closeCode: (code) => (code === 1008 ? 1000 : code) }),
    failing: ['auth-ws.invalid-token', 'auth-ws.alg-none', 'auth-ws.expired-token', 'auth-ws.wrong-side'],
  },
  'accepts a customer token on the staff endpoint': {
    rule: 'auth.ws.wrong-side',
    faults: () => ({
      upgradeUrl: (url) => (claimsOf(tokenInUrl(url))?.typ === 'customer' ? url.replace('/ws/chat/user', '/ws/chat/customer') : url),
    }),
  },
  'says connected without the participant_id': {
    rule: 'auth.ws.connected',
    faults: () => ({ fromServer: rewriteFrames('connected', (frame) => without(frame, 'participant_id')) }),
  },
  'answers a wrong customer password with 403': {
    rule: 'auth.login.bad-credentials',
    faults: () => ({ status: (method, path, status) => (method === 'POST' && path === '/api/v1/customer-auth/login' && status === 401 ? 403 : status) }),
  },

  // — creating chats
  'drops initial_message': {
    rule: 'chat.create.initial-message',
    faults: () => ({
      request: (request) =>
        request.method === 'POST' && /^\/api\/v1\/chat\/chats(\/customer)?$/.test(request.path) && request.json ? { ...request, json: without(request.json as Json, 'initial_message') } : request,
    }),
  },
  'answers a new chat with the customer with the one it already had': {
    rule: 'chat.create.staff',
    faults: () => {
      const first = new Map<unknown, unknown>();
      return {
        json(method, path, body, request) {
          if (method !== 'POST' || path !== '/api/v1/chat/chats') return body;
          const customer = (request.json as Json | undefined)?.customer_id;
          if (!first.has(customer)) first.set(customer, body);
          return first.get(customer);
        },
      };
    },
  },
  'leaves the customer out of a chat staff created': {
    rule: 'chat.create.staff',
    faults: () => ({
      json: (method, path, body) =>
        method === 'POST' && path === '/api/v1/chat/chats' ? { ...(body as Json), participants: ((body as Json).participants as Json[]).filter((p) => p.participant_type !== 'customer') } : body,
    }),
  },

  // — chat lists
  'lists the customer’s chats without their participants': {
    rule: 'chat.list.customer',
    faults: () => ({ json: listChats(isCustomerList, (chat) => ({ ...chat, participants: [] })) }),
  },
  'ignores is_archived=true': {
    rule: 'chat.list.archived-filter',
    faults: () => ({ request: (request) => ({ ...request, path: request.path.replace('is_archived=true', 'is_archived=false') }) }),
  },
  'reports unread_count 0 everywhere': {
    rule: 'chat.list.unread-own',
    faults: () => ({ json: listChats(isList, (chat) => ({ ...chat, unread_count: 0 })) }),
    failing: ['rest-list.unread-is-own', 'rest-list.unread-falls-on-read'],
  },
  'reports unread_count 0 to staff': {
    rule: 'chat.list.unread-own',
    faults: () => ({ json: listChats(isStaffList, (chat) => ({ ...chat, unread_count: 0 })) }),
  },
  'reports unread_count 0 to customers': {
    rule: 'chat.list.unread-own',
    faults: () => ({ json: listChats(isCustomerList, (chat) => ({ ...chat, unread_count: 0 })) }),
  },
  'never lowers a staff user’s unread_count': {
    rule: 'chat.list.unread-falls',
    faults: () => ({ json: unreadNeverFalls(isStaffList) }),
  },
  'never lowers a customer’s unread_count': {
    rule: 'chat.list.unread-falls',
    faults: () => ({ json: unreadNeverFalls(isCustomerList) }),
  },
  'shows no one online to staff': {
    rule: 'chat.list.online',
    faults: () => ({ json: listChats(isStaffList, (chat) => ({ ...chat, online_participants: [] })) }),
  },
  'shows no one online to customers': {
    rule: 'chat.list.online',
    faults: () => ({ json: listChats(isCustomerList, (chat) => ({ ...chat, online_participants: [] })) }),
  },
  'shows a participant offline once any one of their sockets closes': {
    rule: 'chat.list.online',
    faults: () => {
      const closedOnce = new Set<string>();
      return {
        closed: (bridge) => {
          if (bridge.participant) closedOnce.add(`${bridge.participant.type}:${bridge.participant.id}`);
        },
        json: listChats(isList, (chat) => ({
          ...chat,
          online_participants: (chat.online_participants as number[]).filter((id) => {
            const participant = (chat.participants as Json[]).find((p) => p.participant_id === id);
            return !participant || !closedOnce.has(`${participant.participant_type}:${id}`);
          }),
        })),
      };
    },
  },
  'keeps the first preview of a chat': {
    rule: 'chat.list.preview',
    faults: () => {
      const first = new Map<unknown, Json>();
      return {
        json: listChats(isList, (chat) => {
          if (!first.has(chat.id)) first.set(chat.id, { last_message_preview: chat.last_message_preview, last_message_at: chat.last_message_at });
          return { ...chat, ...first.get(chat.id) };
        }),
      };
    },
  },
  'lists every chat it has shown anyone': {
    rule: 'authz.list',
    faults: () => {
      const seen = new Map<unknown, Json>();
      return {
        json(method, path, body) {
          if (!isList(method, path) || !Array.isArray(body) || path.includes('is_archived=true')) return body;
          for (const chat of body as Json[]) seen.set(chat.id, chat);
          const ids = new Set((body as Json[]).map((c) => c.id));
          return [...(body as Json[]), ...[...seen.values()].filter((c) => !ids.has(c.id))];
        },
      };
    },
  },

  // — history
  'reverses history pages': {
    rule: 'history.newest-first',
    faults: () => ({
      json: (method, path, body) => {
        const page = body as { messages?: unknown[] };
        return isHistory(method, path) && !path.includes('after_id') && Array.isArray(page.messages) ? { ...page, messages: [...page.messages].reverse() } : body;
      },
    }),
    failing: ['rest-history.newest-first'],
  },
  'says has_more false on every page': {
    rule: 'history.has-more',
    faults: () => ({ json: (method, path, body) => (isHistory(method, path) ? { ...(body as Json), has_more: false } : body) }),
    failing: ['rest-history.has-more-exact'],
  },
  'says has_more false to customers': {
    rule: 'history.has-more',
    faults: () => ({
      json: (method, path, body, request) => (isHistory(method, path) && claimsOf(bearer(request))?.typ === 'customer' ? { ...(body as Json), has_more: false } : body),
    }),
  },
  'says has_more true past the end': {
    rule: 'history.past-end',
    faults: () => ({
      json: (method, path, body) => (isHistory(method, path) && ((body as Json).messages as unknown[]).length === 0 ? { ...(body as Json), has_more: true } : body),
    }),
  },
  'counts one message less in total': {
    rule: 'history.total',
    faults: () => ({ json: (method, path, body) => (isHistory(method, path) ? { ...(body as Json), total: ((body as Json).total as number) - 1 } : body) }),
  },
  'gives history times in epoch milliseconds': {
    rule: 'history.shape',
    faults: () => ({ json: historyItems((m) => ({ ...m, created_at: Date.parse(String(m.created_at)) })) }),
  },
  'shows a chat’s history to anyone signed in': {
    rule: 'authz.history',
    faults: () => {
      const members = new Map<string, string>();
      const chatOf = (path: string) => /^\/api\/v1\/chat\/chats\/(\d+)\/messages/.exec(path)?.[1];
      return {
        request(request) {
          const chat = chatOf(request.path);
          const member = chat && request.method === 'GET' ? members.get(chat) : undefined;
          return member ? { ...request, headers: { ...request.headers, authorization: `Bearer ${member}` } } : request;
        },
        json(method, path, body, request) {
          const created = method === 'POST' && /^\/api\/v1\/chat\/chats(\/customer)?$/.test(path) ? (body as Json).id : undefined;
          if (created !== undefined && bearer(request)) members.set(String(created), bearer(request)!);
          return body;
        },
      };
    },
  },
  'leaves media_url out of history': {
    rule: 'ws.message.media',
    faults: () => ({ json: historyItems((m) => without(m, 'media_url')) }),
  },
  'lists no read_receipts in history': {
    rule: 'ws.read.history',
    faults: () => ({ json: historyItems((m) => ({ ...m, read_receipts: [] })) }),
  },

  // — uploads
  'drops thumbnails': {
    rule: 'upload.thumbnail',
    faults: () => ({ json: (_method, path, body) => (path.startsWith('/api/v1/chat/upload') ? { ...(body as Json), thumbnail_url: null } : body) }),
    failing: ['rest-upload.image-thumbnail', 'rest-upload.urls-serve-images'],
  },
  'gives staff uploads no thumbnail': {
    rule: 'upload.thumbnail',
    faults: () => ({
      json: (_method, path, body, request) => (path.startsWith('/api/v1/chat/upload') && claimsOf(bearer(request))?.typ === 'user' ? { ...(body as Json), thumbnail_url: null } : body),
    }),
  },
  'gives the original as its thumbnail': {
    rule: 'upload.served',
    faults: () => ({
      json: (_method, path, body) => {
        const upload = body as { file_url?: string };
        return path.startsWith('/api/v1/chat/upload') && upload.file_url ? { ...upload, thumbnail_url: upload.file_url } : body;
      },
    }),
    failing: ['rest-upload.urls-serve-images'],
  },
  'answers an upload without file_size': {
    rule: 'upload.file',
    faults: () => ({ json: (_method, path, body) => (path.startsWith('/api/v1/chat/upload') ? without(body as Json, 'file_size') : body) }),
  },
  'serves no uploaded file': {
    rule: 'upload.served',
    faults: () => ({ status: (method, path, status) => (method === 'GET' && path.startsWith('/uploads/') ? 404 : status) }),
  },
  'takes uploads without a token': {
    rule: 'upload.auth',
    faults: () => substituteTokens((request, tokens) => (request.path.startsWith('/api/v1/chat/upload') && !request.headers.authorization ? tokens.any() : undefined)),
  },

  // — frames
  'answers ping without a timestamp': {
    rule: 'ws.ping',
    faults: () => ({ fromServer: rewriteFrames('pong', (frame) => without(frame, 'timestamp')) }),
  },
  'answers ping with a timestamp in seconds': {
    rule: 'ws.ping',
    faults: () => ({ fromServer: rewriteFrames('pong', (frame) => ({ ...frame, timestamp: Math.floor(Date.now() / 1000) })) }),
  },
  'sends message frames inside a JSON array': {
    rule: 'ws.envelope',
    faults: () => ({ fromServer: (raw) => (frameOf(raw)?.type === 'message' ? `[${raw}]` : raw) }),
  },
  'answers no error frames': {
    rule: 'ws.error.bad-json',
    faults: () => ({ fromServer: rewriteFrames('error', () => null) }),
    failing: ANSWER_ERRORS,
  },
  'answers error frames without their error text': {
    rule: 'ws.error.bad-json',
    faults: () => ({ fromServer: rewriteFrames('error', (frame) => without(frame, 'error')) }),
  },
  'answers staff sockets no error frames': {
    rule: 'ws.error.bad-json',
    faults: () => ({ fromServer: rewriteFrames('error', (frame, bridge) => (bridge.participant?.type === 'user' ? null : frame)) }),
  },
  'closes the socket after an error frame': {
    rule: 'ws.error.bad-json',
    faults: () => ({ closeAfter: (raw) => frameOf(raw)?.type === 'error' }),
    failing: ['ws-frames.json-object-envelopes', ...ANSWER_ERRORS],
  },

  // — membership and scope
  'takes frames for chats the socket has not joined': {
    rule: 'ws.not-joined',
    faults: () => ({
      fromClient(raw, bridge) {
        const frame = frameOf(raw);
        const chat = Number(frame?.chat_id);
        if (!frame || !['send_message', 'typing', 'read_message'].includes(frame.type as string) || bridge.joined.has(chat)) return raw;
        bridge.joined.add(chat);
        return [JSON.stringify({ type: 'join_chat', chat_id: chat }), raw];
      },
    }),
  },
  'answers a forbidden join as if it succeeded': {
    rule: 'ws.join.forbidden',
    faults: () => ({
      fromServer: rewriteFrames('error', (frame, bridge) => {
        const last = frameOf(bridge.sent.at(-1) ?? '');
        return last?.type === 'join_chat' ? { type: 'joined_chat', chat_id: last.chat_id } : frame;
      }),
    }),
  },
  'keeps a socket in the chat after leave_chat': {
    rule: 'ws.scope',
    faults: () => {
      const forwarded = new Set<string>();
      return {
        fromServer(raw, bridge, bridges) {
          const frame = frameOf(raw);
          if (!frame || !['message', 'typing'].includes(frame.type as string) || forwarded.has(raw)) return raw;
          forwarded.add(raw);
          const chat = Number(frame.chat_id ?? (frame.message as Json | undefined)?.chat_id);
          for (const left of bridges) if (left !== bridge && left.everJoined.has(chat) && !left.joined.has(chat)) left.toClient(raw);
          return raw;
        },
      };
    },
  },
  'sends user_joined back to the joiner': {
    rule: 'ws.join.user-joined',
    faults: () => ({ answerClient: tellOwnPresence('join_chat', 'user_joined') }),
  },
  'announces no staff joining': {
    rule: 'ws.join.user-joined',
    faults: () => ({ fromServer: rewriteFrames('user_joined', (frame) => (frame.participant_type === 'user' ? null : frame)) }),
  },
  'sends user_joined without the participant_id': {
    rule: 'ws.join.user-joined',
    faults: () => ({ fromServer: rewriteFrames('user_joined', (frame) => without(frame, 'participant_id')) }),
  },
  'drops user_left': {
    rule: 'ws.leave.user-left',
    faults: () => ({ fromServer: rewriteFrames('user_left', () => null) }),
  },
  'sends user_left back to the leaver': {
    rule: 'ws.leave.user-left',
    faults: () => ({ answerClient: tellOwnPresence('leave_chat', 'user_left') }),
  },

  // — messages
  'drops the echo to the sender': {
    rule: 'ws.message.echo',
    faults: () => ({
      fromServer: (raw, bridge) => {
        const message = frameOf(raw)?.message as Json | undefined;
        const own = bridge.sent.some((s) => frameOf(s)?.type === 'send_message' && frameOf(s)?.content === message?.content);
        return frameOf(raw)?.type === 'message' && own ? null : raw;
      },
    }),
  },
  'echoes no message staff send': {
    rule: 'ws.message.echo',
    faults: () => ({
      fromServer: rewriteFrames('message', (frame, bridge) => {
        const message = frame.message as Json;
        return message.sender_type === 'user' && sentThrough(message, bridge) ? null : frame;
      }),
    }),
  },
  'delivers a message to one socket of each member only': {
    rule: 'ws.message.fanout',
    faults: () => ({
      fromServer: (raw, bridge, bridges) => {
        if (frameOf(raw)?.type !== 'message') return raw;
        const content = (frameOf(raw)!.message as Json).content;
        const sender = bridge.sent.some((s) => frameOf(s)?.type === 'send_message' && frameOf(s)?.content === content);
        return sender || firstOfParticipant(bridge, bridges) ? raw : null;
      },
    }),
  },
  'echoes a message to the sending socket only, not the sender’s other tabs': {
    rule: 'ws.message.fanout',
    faults: () => ({
      fromServer: rewriteFrames('message', (frame, bridge) => {
        const message = frame.message as Json;
        const sentHere = bridge.sent.some((s) => frameOf(s)?.type === 'send_message' && frameOf(s)?.content === message.content);
        return sentThrough(message, bridge) && !sentHere ? null : frame;
      }),
    }),
  },
  'gives message times in epoch milliseconds': {
    rule: 'ws.message.shape',
    faults: () => ({ fromServer: rewriteMessages((m) => ({ ...m, created_at: Date.parse(String(m.created_at)) })) }),
  },
  'gives live message times as HTTP dates': {
    rule: 'ws.message.shape',
    faults: () => ({ fromServer: rewriteMessages((m) => ({ ...m, created_at: new Date(String(m.created_at)).toUTCString() })) }),
  },
  'gives chat times in lists as HTTP dates': {
    rule: 'chat.list.staff',
    faults: () => ({ json: listChats(isStaffList, (chat) => ({ ...chat, created_at: new Date(String(chat.created_at)).toUTCString() })) }),
  },
  'gives message ids as strings': {
    rule: 'ws.message.shape',
    faults: () => ({ fromServer: rewriteMessages((m) => ({ ...m, id: String(m.id) })) }),
  },
  'leaves sender_type out of messages to the other members': {
    rule: 'ws.message.shape',
    faults: () => ({
      fromServer: rewriteMessages((m, bridge) => (sentThrough(m, bridge) ? m : without(m, 'sender_type'))),
    }),
  },
  'numbers live messages apart from the stored ones': {
    rule: 'ws.message.shape',
    faults: () => ({ fromServer: rewriteMessages((m) => ({ ...m, id: (m.id as number) + 100000 })) }),
  },
  'leaves reply_to_message_id out of live messages': {
    rule: 'ws.message.reply',
    faults: () => ({ fromServer: rewriteMessages((m) => without(m, 'reply_to_message_id')) }),
  },

  // — typing
  'drops typing frames': {
    rule: 'ws.typing.others',
    faults: () => ({ fromServer: rewriteFrames('typing', () => null) }),
    failing: [
      'ws-typing.reaches-other-member',
      'ws-typing.not-echoed-to-sender',
      'ws-scope.other-customer-hears-nothing',
      'ws-scope.other-salon-hears-nothing',
      'ws-membership.join-other-customers-chat',
      'ws-membership.join-other-salons-chat',
    ],
  },
  'drops staff typing': {
    rule: 'ws.typing.others',
    faults: () => ({ fromServer: rewriteFrames('typing', (frame) => (frame.participant_type === 'user' ? null : frame)) }),
  },
  'sends typing without participant_type': {
    rule: 'ws.typing.others',
    faults: () => ({ fromServer: rewriteFrames('typing', (frame) => without(frame, 'participant_type')) }),
  },
  'echoes typing to the sender': {
    rule: 'ws.typing.not-sender',
    faults: () => ({
      answerClient: (raw) => {
        const sent = frameOf(raw);
        // only the frames the server takes: the echo of a typing frame without is_typing would lack it too, a second fault
        if (sent?.type !== 'typing' || typeof sent.is_typing !== 'boolean') return [];
        return [JSON.stringify({ type: 'typing', chat_id: sent.chat_id, participant_type: 'customer', participant_id: 0, is_typing: sent.is_typing })];
      },
    }),
    failing: ['ws-typing.not-echoed-to-sender'],
  },

  // — receipts
  'drops read receipts': {
    rule: 'ws.read.receipt',
    faults: () => ({ fromServer: rewriteFrames('read_receipt', () => null) }),
    failing: ['ws-receipts.to-sender-on-every-connection', 'ws-scope.other-customer-hears-nothing', 'ws-scope.other-salon-hears-nothing'],
  },
  'sends read receipts to one socket of the sender only': {
    rule: 'ws.read.receipt',
    faults: () => ({ fromServer: (raw, bridge, bridges) => (frameOf(raw)?.type === 'read_receipt' && !firstOfParticipant(bridge, bridges) ? null : raw) }),
  },
  'sends no receipt when staff read': {
    rule: 'ws.read.receipt',
    faults: () => ({ fromServer: rewriteFrames('read_receipt', (frame) => (frame.reader_type === 'user' ? null : frame)) }),
  },
  'sends read receipts without reader_type': {
    rule: 'ws.read.receipt',
    faults: () => ({ fromServer: rewriteFrames('read_receipt', (frame) => without(frame, 'reader_type')) }),
  },

  // — conversation states (optional: each breaks its extension's rule, and only optional scenarios)
  'never says a chat waits': {
    rule: 'ext.states.waiting',
    faults: () => ({ json: (method, path, body) => (method === 'GET' && /^\/api\/v1\/chat\/chats\/\d+$/.test(path) ? { ...(body as Json), waiting_since: null } : body) }),
  },
  'answers resolve with the chat still open': {
    rule: 'ext.states.resolve',
    faults: () => ({ json: (method, path, body) => (method === 'POST' && /\/resolve$/.test(path) ? { ...(body as Json), status: 'open' } : body) }),
  },
  'hides the chats the salon archived or resolved from their customer': {
    rule: 'ext.states.customer-keeps',
    faults: () => {
      const filed = new Set<number>();
      return {
        json: (method, path, body) => {
          const done = method === 'POST' && /^\/api\/v1\/chat\/chats\/(\d+)\/(archive|resolve)$/.exec(path);
          if (done) filed.add(Number(done[1]));
          return isCustomerList(method, path) && Array.isArray(body) ? body.filter((chat: Json) => !filed.has(chat.id as number)) : body;
        },
      };
    },
  },
  'takes an assignee from another salon': {
    rule: 'ext.states.assign',
    faults: () => ({ status: (method, path, status) => (method === 'PUT' && /\/assignee$/.test(path) && status === 422 ? 200 : status) }),
  },
  'answers the same counts whatever changes': {
    rule: 'ext.states.counts',
    faults: () => {
      let first: unknown;
      return { json: (method, path, body) => (method === 'GET' && /^\/api\/v1\/chat\/chats\/counts$/.test(path) ? (first ??= body) : body) };
    },
  },
  'drops chat_state frames': {
    rule: 'ext.states.frames',
    faults: () => ({ fromServer: rewriteFrames('chat_state', () => null) }),
  },
  // — internal notes (optional)
  'shows the customer the notes of their chat': {
    rule: 'ext.notes',
    faults: () => {
      const leaked = new Set<unknown>();
      return {
        fromServer: (raw, bridge, bridges) => {
          const message = frameOf(raw)?.message as Json | undefined;
          if (message?.message_type !== 'note' || leaked.has(message.id) || bridge.participant?.type !== 'user') return raw;
          leaked.add(message.id);
          for (const other of bridges) if (other.participant?.type === 'customer' && other.joined.has(message.chat_id as number)) other.toClient(raw);
          return raw;
        },
      };
    },
  },
  'sends no receipt when staff who do not take part read': {
    rule: 'ext.states.colleague-read',
    faults: () => {
      const members = new Map<number, Set<number>>();
      return {
        json: (method, path, body) => {
          const chat = body as { id?: number; participants?: Json[] };
          if (method === 'POST' && /^\/api\/v1\/chat\/chats(\/customer)?$/.test(path) && chat.id && chat.participants) {
            members.set(chat.id, new Set(chat.participants.filter((p) => p.participant_type === 'user').map((p) => p.participant_id as number)));
          }
          return body;
        },
        fromServer: rewriteFrames('read_receipt', (frame) =>
          frame.reader_type === 'user' && members.get(frame.chat_id as number)?.has(frame.reader_id as number) === false ? null : frame,
        ),
      };
    },
  },
};
