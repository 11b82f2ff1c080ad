/**
 * The rule inventory: every testable rule of chat-guide.md and decisions.md, with the section it
 * comes from. Required rules are the guide plus decisions §1–4; optional ones are the extensions
 * of decisions §5. This list is what "conformant" means; test/inventory.test.ts keeps it and the
 * scenarios in step.
 */

/** Staff (`/user`, staff endpoints) or customers (`/customer`, customer endpoints). */
export type Side = 'staff' | 'customer';

export interface Rule {
  id: string;
  /** Where the guide and the decisions state it. */
  section: string;
  /** Where docs/protocol.md describes it. */
  doc: string;
  required: boolean;
  text: string;
  /** The sides the rule applies to; a rule about requests without a token applies to neither. */
  sides: Side[];
}

const AUTH = 'Connection Details › Authentication; decisions §1';
const CREATE = 'REST API Endpoints › Create Chat';
const LIST = 'REST API Endpoints › List Chats; decisions §4';
const HISTORY = 'REST API Endpoints › Get Chat Messages; decisions §4';
const UPLOAD = 'REST API Endpoints › Upload File; decisions §4';
const FRAMES = 'WebSocket Protocol › Message Types; decisions §2';
const DELIVERY = 'WebSocket Protocol › Message Types; decisions §3';
const ERRORS = 'Error Handling; decisions §2';
const AUTHZ = 'decisions §4 (authorization)';
const EXT = 'decisions §5';
const STATES = 'decisions §7 (conversation states)';
const QUICK_REPLIES = 'decisions §7 (quick replies)';
const NOTES = 'docs/protocol.md › Internal notes';

const BOTH: Side[] = ['staff', 'customer'];

/** The section of docs/protocol.md that describes a rule, from its id. */
function docOf(id: string): string {
  const anchor = id.startsWith('auth.')
    ? 'authentication'
    : id.startsWith('history.')
      ? 'pagination'
      : id.startsWith('ws.error.')
        ? 'errors'
        : id.startsWith('ws.')
          ? 'websocket'
          : id.startsWith('ext.states.')
            ? 'conversation-states'
            : id.startsWith('ext.quick-replies.')
            ? 'quick-replies'
            : id === 'ext.notes'
            ? 'internal-notes'
            : id.startsWith('ext.')
            ? 'extensions'
            : 'rest';
  return `docs/protocol.md#${anchor}`;
}

const required = (id: string, section: string, text: string, sides = BOTH): Rule => ({ id, section, doc: docOf(id), required: true, text, sides });
const optional = (id: string, text: string, sides = BOTH, section = EXT): Rule => ({ id, section, doc: docOf(id), required: false, text, sides });

export const RULES: readonly Rule[] = [
  required('auth.login.staff', AUTH, 'POST /api/v1/auth/login {email, password} answers 200 {access_token, token_type: "bearer"}', ['staff']),
  required('auth.login.customer', AUTH, 'POST /api/v1/customer-auth/login {phone, password} answers 200 {access_token, token_type: "bearer"}', ['customer']),
  required('auth.login.bad-credentials', AUTH, 'Both logins answer 401 to a wrong password'),
  required('auth.rest.missing-token', AUTH, 'A REST call without Authorization answers 401', []),
  required('auth.rest.invalid-token', AUTH, 'A REST call with a malformed, tampered or alg:none token answers 401'),
  required('auth.rest.expired-token', AUTH, 'A REST call with an expired token answers 401'),
  required('auth.ws.connected', 'Connection Details › Connection Lifecycle; decisions §2', 'A valid token on its own side\'s endpoint gets {"type":"connected","participant_type","participant_id"}'),
  required('auth.ws.invalid-token', 'Error Handling › Common Errors; decisions §1', 'A missing, malformed or tampered token closes the socket with 1008 and no "connected"'),
  required('auth.ws.alg-none', 'Error Handling › Common Errors; decisions §1', 'An unsigned (alg: none) token closes the socket with 1008'),
  required('auth.ws.expired-token', 'Error Handling › Common Errors; decisions §1', 'An expired token closes the socket with 1008'),
  required('auth.ws.wrong-side', 'Quick Start › WebSocket Connection URLs; decisions §1', 'A customer token on /user, or a staff token on /customer, closes the socket with 1008'),

  required('chat.create.staff', CREATE, 'POST /api/v1/chat/chats {customer_id, title, initial_message} answers 200/201 with the chat: both participants, the title, not archived; each call opens a new chat (Overview: multiple concurrent conversations)', ['staff']),
  required('chat.create.customer', CREATE, 'POST /api/v1/chat/chats/customer {user_id, title, initial_message} answers 200/201 with the chat: both participants, the title', ['customer']),
  required('chat.create.initial-message', CREATE, 'initial_message becomes the chat\'s first message, sent by the creator, counted in total_messages'),

  required('chat.list.staff', LIST, 'GET /api/v1/chat/chats lists the staff user\'s chats with participants, unread_count, online_participants, last_message_preview', ['staff']),
  required('chat.list.customer', LIST, 'GET /api/v1/chat/chats/customer lists the customer\'s chats with the same fields', ['customer']),
  required('chat.list.archived-filter', LIST, 'is_archived=false lists only chats that are not archived; is_archived=true only archived ones'),
  required('chat.list.unread-own', LIST, 'unread_count is the caller\'s own: messages from others the caller has not read'),
  required('chat.list.unread-falls', 'WebSocket Protocol › Mark Message as Read; decisions §3', 'read_message lowers the reader\'s unread_count'),
  required('chat.list.online', LIST, 'online_participants holds the ids of participants with an open socket, and drops them when it closes'),
  required('chat.list.preview', LIST, 'last_message_preview and last_message_at follow the newest message'),

  required('history.shape', HISTORY, 'GET /chats/{id}/messages answers 200 {messages, total, page, page_size, has_more} with items shaped as in the guide'),
  required('history.newest-first', HISTORY, 'Page 1 holds the newest messages, newest first; page 2 the next older ones'),
  required('history.has-more', HISTORY, 'has_more is true exactly when older pages exist'),
  required('history.past-end', HISTORY, 'A page past the end answers 200 with no messages and has_more false'),
  required('history.total', HISTORY, 'total counts every message of the chat'),

  required('upload.file', UPLOAD, 'POST /api/v1/chat/upload with multipart field "file" answers 200/201 {file_url, file_name, file_type, file_size}'),
  required('upload.thumbnail', UPLOAD, 'An uploaded image gets a thumbnail_url'),
  required('upload.auth', UPLOAD, 'An upload without a token answers 401', []),
  required('upload.served', UPLOAD, 'file_url answers 200 with the uploaded image in its file_type, and thumbnail_url with an image smaller than it'),

  required('ws.envelope', FRAMES, 'Every server frame is one JSON object with a string "type"'),
  required('ws.ping', FRAMES, 'ping is answered by {"type":"pong","timestamp"} with an ISO 8601 timestamp'),
  required('ws.join.member', 'Connection Details › Connection Lifecycle', 'join_chat for a chat the caller takes part in is accepted without an error'),
  required('ws.message.fanout', DELIVERY, 'send_message reaches the other connections that joined the chat as {"type":"message","message":{…}}'),
  required('ws.message.echo', 'decisions §2', 'The sender receives its own message as a message frame'),
  required('ws.message.shape', 'REST API Endpoints › Get Chat Messages; decisions §2', 'The message object has the shape of a history item, with ISO 8601 created_at, and is stored under the same id'),
  required('ws.message.reply', 'WebSocket Protocol › Reply to Message; decisions §2', 'A reply carries reply_to_message_id, live and in history'),
  required('ws.message.media', 'WebSocket Protocol › Send Image Message', 'An image message carries message_type "image" and its media_url'),
  required('ws.scope', DELIVERY, 'message, typing, user_joined, user_left and read_receipt reach only connections that joined the chat (read_receipt also the sender): never other customers, other salons, or a connection after leave_chat'),
  required('ws.typing.others', DELIVERY, 'typing reaches the other joined members as {chat_id, participant_type, participant_id, is_typing}'),
  required('ws.typing.not-sender', DELIVERY, 'typing is not sent back to the connection that typed'),
  required('ws.join.user-joined', DELIVERY, 'join_chat sends user_joined {chat_id, participant_type, participant_id} to the other members, not to the joiner'),
  required('ws.leave.user-left', DELIVERY, 'leave_chat sends user_left {chat_id, participant_type, participant_id} to the other members, not to the leaver'),
  required('ws.read.receipt', DELIVERY, 'read_message sends read_receipt {chat_id, message_id, reader_type, reader_id} to the message\'s sender on every one of its connections'),
  required('ws.read.history', HISTORY, 'A read message lists the reader in its read_receipts'),
  required('ws.not-joined', 'Error Handling › Common Errors; decisions §3', 'send_message, typing and read_message for a chat the connection has not joined answer error and do nothing'),
  required('ws.join.forbidden', 'decisions §3', 'join_chat for a chat the caller may not see, or that does not exist, answers error; nothing of that chat is delivered'),
  required('ws.error.bad-json', ERRORS, 'Malformed JSON answers {"type":"error","error"} and the socket stays usable'),
  required('ws.error.unknown-type', ERRORS, 'An unknown frame type answers an error frame and the socket stays usable'),
  required('ws.error.missing-fields', ERRORS, 'A frame missing required fields answers an error frame and the socket stays usable'),

  required('authz.history', AUTHZ, 'Another customer, or staff of another salon, gets 403/404 for a chat\'s messages, never its data'),
  required('authz.list', AUTHZ, 'A chat is not in the lists of another customer or of another salon\'s staff'),

  optional('ext.refresh', 'POST /api/v1/auth/refresh {refresh_token} issues a working access token'),
  optional('ext.client-message-id', 'send_message with client_message_id echoes it; a retry returns the stored message, no duplicate'),
  optional('ext.after-id', 'GET /chats/{id}/messages?after_id=N returns only later messages, oldest first'),
  optional('ext.rest-send', 'POST /chats/{id}/messages stores a message and broadcasts it as over the WebSocket'),
  optional('ext.batch-read', 'POST /chats/{id}/read {message_ids} marks many messages read and lowers unread_count'),
  optional('ext.archive', 'POST /chats/{id}/archive and /unarchive move a chat between the is_archived lists'),
  optional('ext.entities', 'appointment/product/pack messages with reference_id carry a resolved reference object'),
  optional('ext.reply-preview', 'A reply carries a reply_to preview of the message it answers'),
  optional('ext.page-size-cap', 'page_size above 100 is capped at 100'),
  optional('ext.upload-415', 'An upload that is not an allowed image, audio or PDF (judged from the bytes) answers 415'),
  optional('ext.validation-422', 'A body failing validation answers 422 with a detail'),
  optional('ext.list-order', 'Chat lists are sorted by last_message_at, newest first'),
  optional('ext.before-id', 'GET /chats/{id}/messages?before_id=N returns only earlier messages, newest first, with an exact has_more', BOTH, 'decisions §6'),
  optional('ext.states.waiting', "A customer's message makes the chat wait for the salon (waiting_since, the unanswered view); the first staff reply ends the wait and assigns an unassigned chat to whoever replied", ['staff'], STATES),
  optional('ext.states.resolve', 'POST /chats/{id}/resolve and /reopen set status resolved and open, and move the chat between the resolved and open views', ['staff'], STATES),
  optional('ext.states.customer-keeps', "Archive and resolve are the salon's filing: the customer keeps the chat (is_archived false) with its whole history, and a message of theirs into it reopens the same chat", BOTH, STATES),
  optional('ext.states.assign', "PUT /chats/{id}/assignee assigns a chat to a staff user of its salon (the mine view), refuses another salon's staff with a 4xx, and unassigns with null", ['staff'], STATES),
  optional('ext.states.counts', 'GET /chats/counts counts conversations per view: a new waiting chat adds one to unanswered and open, resolving it moves it to resolved', ['staff'], STATES),
  optional('ext.states.frames', "A state change reaches every staff socket of the salon as chat_state, joined or not, and no customer", ['staff'], STATES),
  optional('ext.states.colleague-read', 'A staff member of the salon who does not take part reads a customer message: the customer gets the read_receipt, the history keeps the receipt, and the chat stays unanswered', BOTH, STATES),
  optional('ext.quick-replies.own', "A staff member's own quick reply is listed for them (scope mine) and for no colleague; customers are refused with a 4xx; deleting it removes it from the list", ['staff'], QUICK_REPLIES),
  optional('ext.quick-replies.unique', 'A shortcut is unique within its scope, whatever its case: the same one again answers a 4xx with a detail, while a colleague may use it for their own', ['staff'], QUICK_REPLIES),
  optional('ext.notes', "A staff member's note (message_type note) reaches the salon's staff as a note, live and in history, and never the customer: no frame, not in their history by page or after_id, not in their chat list; a customer's note is refused with a 4xx", BOTH, NOTES),
  optional('ext.list-cursor', 'A chat list with limit answers at most limit chats and X-Next-Cursor while more follow; following the cursors lists each chat once, newest activity first', BOTH, 'decisions §6'),
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
