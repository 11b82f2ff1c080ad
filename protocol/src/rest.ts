/**
 * REST bodies, queries and responses of the guide (plus the extensions of decisions.md §5).
 * Request schemas are strict about what a server must reject; response schemas list the keys
 * the guide shows and let servers add more.
 */
import { z } from 'zod';
import { ENTITY_TYPES, LIMITS, MESSAGE_TYPES, PARTICIPANT_TYPES } from './constants.ts';

/** Ids are 32-bit: what every SQL integer key holds. */
export const MAX_ID = 2_147_483_647;
/** An id in a JSON body or frame: a number, never a string or boolean to coerce. */
export const id = z.number().int().positive().max(MAX_ID);
/** An id in a path or query string, where everything arrives as text. */
export const idParam = z.coerce.number().int().positive().max(MAX_ID);
/** Text without NUL characters, which no database stores. */
const noNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().max(max).refine(noNul, 'must not contain NUL characters');
const optionalText = (max: number) => text(max).optional().nullable();
/**
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), with which
 * a name can show its letters in another order ("gnp.exe" read as "exe.png"). Names and titles
 * lose them as they come in; the marks U+200E and U+200F, which reorder nothing, stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const withoutBidiControls = (s: string) => s.replace(BIDI_CONTROLS, '');
const optionalTitle = (max: number) => text(max).transform(withoutBidiControls).optional().nullable();
/** ISO 8601 date and time, with or without a zone (the guide's examples carry none). */
export const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/, 'expected an ISO 8601 date-time')
  .refine((value) => !Number.isNaN(Date.parse(value.replace(' ', 'T'))), 'expected a date-time that exists');

// ---------------------------------------------------------------- auth

const credential = (max: number) => z.string().min(1).max(max).refine(noNul, 'must not contain NUL characters');

export const StaffLogin = z.object({ email: credential(254), password: credential(200) });
export type StaffLogin = z.infer<typeof StaffLogin>;

export const CustomerLogin = z.object({ phone: credential(32), password: credential(200) });
export type CustomerLogin = z.infer<typeof CustomerLogin>;

export const RefreshRequest = z.object({ refresh_token: z.string().min(1) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

/** Follow-ups (extension): the token of a link back, as read from the URL fragment `#salon-chat=<token>`. */
export const LinkSignIn = z.object({ token: z.string().min(1).max(2048) });
export type LinkSignIn = z.infer<typeof LinkSignIn>;

export const Profile = z.looseObject({
  participant_type: z.enum(PARTICIPANT_TYPES),
  id: z.number().int(),
  name: z.string().nullable(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  salon_id: z.number().int().nullable().optional(),
  role: z.string().optional(),
});
export type Profile = z.infer<typeof Profile>;

export const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().optional(),
  refresh_token: z.string().optional(),
  profile: Profile.optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

const guestName = credential(200).transform((s) => withoutBidiControls(s).trim()).pipe(z.string().min(1, 'must not be blank'));
const guestPhone = z.string().trim().regex(/^\+?[\d\s().-]{6,32}$/, 'must be a phone number').optional().nullable();
const guestEmail = z.string().trim().email('must be an e-mail address').max(254).optional().nullable();

/**
 * A guest customer (extension), for one salon (or one of its staff): a name and a phone number or
 * an e-mail, each of which may also come later (`PUT /api/v1/customer-auth/guest`), after a
 * first message.
 */
export const GuestStart = z
  .object({
    name: guestName.optional(),
    phone: guestPhone,
    email: guestEmail,
    salon_id: id.optional(),
    staff_id: id.optional(),
  })
  .refine((g) => g.salon_id || g.staff_id, { message: 'give the salon_id (or staff_id) to chat with', path: ['salon_id'] });
export type GuestStart = z.infer<typeof GuestStart>;

/** How a guest can be reached, given after the start: a phone number or an e-mail, and a name. */
export const GuestContact = z
  .object({ name: guestName.optional(), phone: guestPhone, email: guestEmail })
  .refine((g) => g.phone || g.email, { message: 'give a phone number or an e-mail address', path: ['phone'] });
export type GuestContact = z.infer<typeof GuestContact>;

// ---------------------------------------------------------------- salons

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Opening hours per weekday: a list of [open, close] pairs in the salon's time zone (none: closed). */
export const OpeningHours = z.partialRecord(z.enum(WEEKDAYS), z.array(z.tuple([clock, clock])).max(4));
export type OpeningHours = z.infer<typeof OpeningHours>;

/** A language tag as the widget's `lang` has it: `fr`, `ar`, `pt-BR`. */
const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as fr or pt-BR');
/** A text in other languages than the default: at most 20 of them, by language tag. */
const translations = (max: number) => z.record(languageTag, text(max)).refine((m) => Object.keys(m).length <= 20, 'at most 20 languages');
/** Texts by language tag (extension): what a widget speaking that language shows instead of the default. */
export const Translations = z.record(z.string(), z.string());
export type Translations = z.infer<typeof Translations>;

/** What a salon tells the customers who write to it (extension). */
export const SalonSettings = z.looseObject({
  guests_enabled: z.boolean(),
  away_message: z.string().nullable(),
  reply_time: z.string().nullable(),
  /** Extension: what the empty conversation says before the first message; null: nothing of the salon's own. */
  greeting: z.string().nullable().optional(),
  /** Extension: `greeting`, `away_message` and `reply_time` in other languages, by language tag. */
  greetings: Translations.optional(),
  away_messages: Translations.optional(),
  reply_times: Translations.optional(),
  opening_hours: OpeningHours,
  timezone: z.string(),
  /** Within the opening hours now. */
  open_now: z.boolean(),
  /** Follow-ups (extension): seconds a staff reply stays unread before the customer is told; null: the server's default. */
  follow_up_after: z.number().int().nullable().optional(),
  /** Follow-ups (extension): the page where the salon's widget lives, which the link back opens. */
  widget_url: z.string().nullable().optional(),
});
export type SalonSettings = z.infer<typeof SalonSettings>;

export const SalonSettingsUpdate = z
  .object({
    guests_enabled: z.boolean(),
    away_message: optionalText(500),
    reply_time: optionalText(60),
    greeting: optionalText(500),
    greetings: translations(500),
    away_messages: translations(500),
    reply_times: translations(60),
    opening_hours: OpeningHours,
    timezone: z.string().max(64).refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Paris'),
    follow_up_after: z.number().int().min(1).max(7 * 24 * 3600).nullable(),
    widget_url: z.url({ protocol: /^https?$/ }).max(2048).nullable(),
  })
  .partial();
export type SalonSettingsUpdate = z.infer<typeof SalonSettingsUpdate>;

export const Salon = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  currency: z.string(),
  staff: z.array(z.looseObject({ id: z.number().int(), name: z.string(), role: z.string().optional() })),
  settings: SalonSettings.optional(),
  /** Extension: whether anyone of the salon's staff has a socket open now. */
  staff_online: z.boolean().optional(),
});
export type Salon = z.infer<typeof Salon>;

// ---------------------------------------------------------------- chats

export const CreateChatAsStaff = z.object({
  customer_id: id,
  title: optionalTitle(LIMITS.maxTitleLength),
  initial_message: optionalText(LIMITS.maxContentLength),
});
export type CreateChatAsStaff = z.infer<typeof CreateChatAsStaff>;

export const CreateChatAsCustomer = z.object({
  user_id: id,
  title: optionalTitle(LIMITS.maxTitleLength),
  initial_message: optionalText(LIMITS.maxContentLength),
});
export type CreateChatAsCustomer = z.infer<typeof CreateChatAsCustomer>;

const booleanQuery = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// ---------------------------------------------------------------- conversation states (extension)

/** A chat is open, or resolved (done) for the salon. */
export const CHAT_STATUSES = ['open', 'resolved'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];

/**
 * The views of a salon's inbox: `unanswered` (open and waiting for the salon, longest waiting
 * first), `mine` (open and assigned to the caller), `open`, `resolved` (the last three newest
 * activity first).
 */
export const CHAT_VIEWS = ['unanswered', 'mine', 'open', 'resolved'] as const;
export type ChatView = (typeof CHAT_VIEWS)[number];

/** A chat's state for its salon, as staff see it on a chat and in `chat_state` frames. */
export const ChatState = z.looseObject({
  status: z.enum(CHAT_STATUSES),
  /** The staff user the chat is assigned to, or null. */
  assignee_id: z.number().int().nullable(),
  /** Since when the chat waits for the salon: its first customer message no staff message has followed; null when none waits. */
  waiting_since: timestamp.nullable(),
});
export type ChatState = z.infer<typeof ChatState>;

/** Assigns a chat to a staff user of its salon, or unassigns it (null). */
export const AssignChat = z.object({ assignee_id: id.nullable() });
export type AssignChat = z.infer<typeof AssignChat>;

/** How many conversations each view of the caller's inbox holds. */
export const ChatCounts = z.looseObject({
  unanswered: z.number().int().nonnegative(),
  mine: z.number().int().nonnegative(),
  open: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
});
export type ChatCounts = z.infer<typeof ChatCounts>;

/**
 * `limit` and `cursor` page the list (extension): without them it is whole, as the guide has it;
 * with them a page answers `X-Next-Cursor` while more follow. `search` (staff, extension) keeps
 * the chats whose customer, title or any message contains the words (messages only for words of
 * 3 letters or digits or more); it may hold no control characters.
 */
export const ListChatsQuery = z.object({
  is_archived: booleanQuery.optional(),
  /** Extension (conversation states, staff): one view of the inbox, see `CHAT_VIEWS`. */
  view: z.enum(CHAT_VIEWS).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxPageSize).optional(),
  cursor: z.string().max(200).optional(),
  search: z.string().trim().max(100).regex(/^\P{Cc}*$/u, 'no control characters').optional(),
});
export type ListChatsQuery = z.infer<typeof ListChatsQuery>;

/**
 * `GET /api/v1/customers` (extension): `search` keeps the customers whose name, phone number or
 * e-mail contains it, case aside; `limit` answers the first ones by name.
 */
export const CustomersQuery = z.object({
  search: z.string().trim().min(1).max(100).regex(/^\P{Cc}*$/u, 'no control characters').optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxPageSize).optional(),
});
export type CustomersQuery = z.infer<typeof CustomersQuery>;

export const Participant = z.looseObject({
  participant_type: z.enum(PARTICIPANT_TYPES),
  participant_id: z.number().int(),
  joined_at: timestamp,
  is_active: z.boolean(),
  unread_count: z.number().int().nonnegative(),
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  /** A customer who started as a guest and has no account (extension). */
  is_guest: z.boolean().optional(),
});
export type Participant = z.infer<typeof Participant>;

export const Chat = z.looseObject({
  id: z.number().int(),
  chat_type: z.string(),
  salon_id: z.number().int(),
  title: z.string().nullable(),
  is_active: z.boolean(),
  is_archived: z.boolean(),
  last_message_at: timestamp.nullable(),
  created_at: timestamp,
  participants: z.array(Participant),
  unread_count: z.number().int().nonnegative(),
});
export type Chat = z.infer<typeof Chat>;

/** Who is online, by type and id: user and customer ids are counted apart and may be equal. */
export const OnlineMember = z.object({ participant_type: z.enum(PARTICIPANT_TYPES), participant_id: z.number().int() });
export type OnlineMember = z.infer<typeof OnlineMember>;

export const ChatSummary = Chat.extend({
  last_message_preview: z.string().nullable(),
  online_participants: z.array(z.number().int()),
  /** Extension: `online_participants` with each id's participant type. */
  online_members: z.array(OnlineMember).optional(),
  /** Extension (conversation states): the chat's state for its salon, in staff's views only. */
  status: ChatState.shape.status.optional(),
  assignee_id: ChatState.shape.assignee_id.optional(),
  waiting_since: ChatState.shape.waiting_since.optional(),
});
export type ChatSummary = z.infer<typeof ChatSummary>;

export const CreatedChat = Chat.extend({ total_messages: z.number().int().nonnegative(), updated_at: timestamp });
export type CreatedChat = z.infer<typeof CreatedChat>;

// ---------------------------------------------------------------- messages

export const ReadReceipt = z.looseObject({
  reader_type: z.enum(PARTICIPANT_TYPES),
  reader_id: z.number().int(),
  read_at: timestamp,
});
export type ReadReceipt = z.infer<typeof ReadReceipt>;

/** An entity a message points at, resolved by the server (decisions.md §5). */
export const Reference = z.looseObject({
  type: z.enum(ENTITY_TYPES),
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string().nullable(),
  image_url: z.string().nullable(),
  price: z.number().nullable(),
  currency: z.string().nullable(),
  starts_at: timestamp.nullable(),
  /** An appointment's length (extension), for a calendar entry. */
  duration_minutes: z.number().int().optional(),
});
export type Reference = z.infer<typeof Reference>;

export const ReplyPreview = z.looseObject({
  id: z.number().int(),
  sender_name: z.string().nullable(),
  message_type: z.string(),
  content: z.string().nullable(),
  is_deleted: z.boolean(),
});
export type ReplyPreview = z.infer<typeof ReplyPreview>;

export const Message = z.looseObject({
  id: z.number().int(),
  chat_id: z.number().int(),
  sender_type: z.enum(PARTICIPANT_TYPES),
  sender_user_id: z.number().int().nullable().optional(),
  sender_customer_id: z.number().int().nullable().optional(),
  sender_name: z.string().nullable().optional(),
  message_type: z.string(),
  content: z.string().nullable(),
  media_url: z.string().nullable().optional(),
  thumbnail_url: z.string().nullable().optional(),
  reply_to_message_id: z.number().int().nullable().optional(),
  reply_to: ReplyPreview.nullable().optional(),
  reference_type: z.string().nullable().optional(),
  reference_id: z.number().int().nullable().optional(),
  reference: Reference.nullable().optional(),
  client_message_id: z.string().nullable().optional(),
  created_at: timestamp,
  is_edited: z.boolean(),
  is_deleted: z.boolean(),
  read_receipts: z.array(ReadReceipt),
});
export type Message = z.infer<typeof Message>;

export const HistoryQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .default(LIMITS.defaultPageSize)
    .transform((n) => Math.min(n, LIMITS.maxPageSize)),
  after_id: z.coerce.number().int().nonnegative().max(MAX_ID).optional(),
  /** Extension: the messages before this one, newest first (scrolling back by cursor, as deep as the chat goes at the same cost). */
  before_id: z.coerce.number().int().min(1).max(MAX_ID).optional(),
})
  .refine((q) => q.after_id === undefined || q.before_id === undefined, { message: 'after_id and before_id cannot be used together', path: ['before_id'] });
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const HistoryPage = z.looseObject({
  messages: z.array(Message),
  total: z.number().int().nonnegative(),
  page: z.number().int(),
  page_size: z.number().int(),
  has_more: z.boolean(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

const clientMessageId = z.string().trim().min(1).max(64).refine(noNul, 'must not contain NUL characters');

/** The body of a message to send: the `send_message` frame without `type` and `chat_id`. */
export const MessageDraft = z
  .object({
    content: optionalText(LIMITS.maxContentLength),
    message_type: z.enum(MESSAGE_TYPES).optional(),
    media_url: z.string().trim().min(1).max(2048).refine(noNul, 'must not contain NUL characters').optional().nullable(),
    reply_to_message_id: id.optional().nullable(),
    reference_id: id.optional().nullable(),
    client_message_id: clientMessageId.optional().nullable(),
  })
  .refine((m) => (m.content != null && m.content.trim() !== '') || m.media_url != null || m.reference_id != null, {
    message: 'a message needs content, media_url or reference_id',
  });
export type MessageDraft = z.infer<typeof MessageDraft>;

export const MarkReadRequest = z.union([
  z.object({ message_ids: z.array(id).min(1).max(LIMITS.maxReadBatch) }),
  z.object({ up_to_message_id: id }),
]);
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

export const MarkReadResponse = z.looseObject({
  chat_id: z.number().int(),
  read_message_ids: z.array(z.number().int()),
  unread_count: z.number().int().nonnegative(),
});
export type MarkReadResponse = z.infer<typeof MarkReadResponse>;

// ---------------------------------------------------------------- uploads and catalogue

export const UploadResult = z.looseObject({
  file_url: z.string().min(1),
  file_name: z.string(),
  file_type: z.string(),
  file_size: z.number().int().nonnegative(),
  thumbnail_url: z.string().nullable().optional(),
});
export type UploadResult = z.infer<typeof UploadResult>;

export const CatalogQuery = z.object({ salon_id: idParam.optional(), customer_id: idParam.optional() });
export type CatalogQuery = z.infer<typeof CatalogQuery>;

export const Appointment = z.looseObject({
  id: z.number().int(),
  salon_id: z.number().int(),
  customer_id: z.number().int().nullable(),
  service: z.string(),
  staff_name: z.string().nullable(),
  starts_at: timestamp,
  duration_minutes: z.number().int(),
  price: z.number(),
  currency: z.string(),
  status: z.string(),
});
export type Appointment = z.infer<typeof Appointment>;

export const Product = z.looseObject({
  id: z.number().int(),
  salon_id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  price: z.number(),
  currency: z.string(),
  image_url: z.string().nullable(),
});
export type Product = z.infer<typeof Product>;

export const Pack = Product.extend({ sessions: z.number().int() });
export type Pack = z.infer<typeof Pack>;

export const ErrorBody = z.looseObject({ detail: z.unknown(), code: z.string().optional() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Web Push (extension): the server's VAPID public key, for `pushManager.subscribe`. */
export const PushKey = z.object({ public_key: z.string().regex(/^[\w-]+$/) });
export type PushKey = z.infer<typeof PushKey>;

/** Web Push (extension): a browser's `PushSubscription` as its `toJSON()` gives it. */
export const PushSubscriptionJson = z.object({
  endpoint: z.url({ protocol: /^https$/, error: 'endpoint must be an https:// URL' }).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().regex(/^B[\w-]{86}=?$/, 'keys.p256dh must be an uncompressed P-256 point (65 bytes), base64url'),
    auth: z.string().regex(/^[\w-]{22}(==)?$/, 'keys.auth must be 16 bytes, base64url'),
  }),
});
export type PushSubscriptionJson = z.infer<typeof PushSubscriptionJson>;

/** Web Push (extension): the subscription to remove, by its endpoint. */
export const PushUnsubscribe = z.object({ endpoint: z.string().min(1).max(2048) });
export type PushUnsubscribe = z.infer<typeof PushUnsubscribe>;

// ---------------------------------------------------------------- quick replies (extension)

/** Whose a quick reply is: the salon's, shared by its staff, or the caller's own. */
export const QUICK_REPLY_SCOPES = ['salon', 'mine'] as const;
export type QuickReplyScope = (typeof QUICK_REPLY_SCOPES)[number];

/**
 * The placeholders a quick reply's text may hold, filled by the client that inserts it:
 * `{first_name}` the customer's first name, `{salon}` the salon's name, `{hours}` its opening
 * hours, `{my_name}` the staff member's name. Any other stays as typed.
 */
export const QUICK_REPLY_PLACEHOLDERS = ['first_name', 'salon', 'hours', 'my_name'] as const;
export type QuickReplyPlaceholder = (typeof QUICK_REPLY_PLACEHOLDERS)[number];

/** The most quick replies a salon shares, and a staff member keeps of their own. */
export const MAX_QUICK_REPLIES = 100;

/**
 * What follows the `/` that offers a quick reply: letters, digits, `-` and `_`, up to 32,
 * compared in lower case (`/Prices` is `/prices`).
 */
const shortcut = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(32)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'must be letters, digits, - or _ (no spaces)')
  .transform((s) => s.toLowerCase());

/** A quick reply to add: its shortcut, an optional title, and its text with placeholders such as `{first_name}`. */
export const QuickReplyDraft = z.object({
  shortcut,
  title: optionalTitle(80),
  content: text(LIMITS.maxContentLength).refine((s) => s.trim() !== '', 'must not be blank'),
  scope: z.enum(QUICK_REPLY_SCOPES).default('mine'),
});
export type QuickReplyDraft = z.infer<typeof QuickReplyDraft>;

/** What to change of a quick reply; what is left out stays (its scope stays too). */
export const QuickReplyChange = QuickReplyDraft.omit({ scope: true }).partial();
export type QuickReplyChange = z.infer<typeof QuickReplyChange>;

/** A quick reply as staff see it; `editable`: whether the caller may change it. */
export const QuickReply = z.looseObject({
  id: z.number().int(),
  shortcut: z.string(),
  title: z.string().nullable(),
  content: z.string(),
  scope: z.enum(QUICK_REPLY_SCOPES),
  editable: z.boolean(),
});
export type QuickReply = z.infer<typeof QuickReply>;
