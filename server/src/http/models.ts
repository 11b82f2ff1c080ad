/**
 * The named models of `/openapi.json` and `/asyncapi.json`: the protocol's schemas under the names
 * code generators give their classes, and the shapes this server answers where it adds fields
 * to the guide's (the protocol's response schemas let a server add keys; these say which).
 */
import {
  AssignChat,
  ChatCounts,
  ChatState,
  Appointment,
  ChatSummary,
  CreateChatAsCustomer,
  CreateChatAsStaff,
  CustomerLogin,
  ERROR_CODES,
  GuestStart,
  LinkSignIn,
  HistoryPage,
  MarkReadRequest,
  MarkReadResponse,
  Message,
  MessageDraft,
  OnlineMember,
  OpeningHours,
  QuickReply,
  QuickReplyChange,
  QuickReplyDraft,
  PARTICIPANT_TYPES,
  Pack,
  Participant,
  Product,
  Profile,
  ReadReceipt,
  Reference,
  RefreshRequest,
  ReplyPreview,
  SERVER_FRAMES,
  Salon,
  SalonSettings,
  SalonSettingsUpdate,
  StaffLogin,
  TokenResponse,
  UploadResult,
  timestamp,
} from '@salon-chat/protocol';
import { z } from 'zod';

export interface ModelMeta {
  id: string;
  description: string;
}

export const MODELS: [z.ZodType, ModelMeta][] = [];

const named = <T extends z.ZodType>(schema: T, id: string, description: string): T => {
  MODELS.push([schema, { id, description }]);
  return schema;
};

named(StaffLogin, 'StaffLogin', 'A staff member signs in with e-mail and password.');
named(CustomerLogin, 'CustomerLogin', 'A customer signs in with phone number and password.');
named(GuestStart, 'GuestStart', 'A guest: a name and a phone number or an e-mail, for a salon (`salon_id`) or one of its staff (`staff_id`).');
named(RefreshRequest, 'RefreshRequest', 'A refresh token to exchange or to end.');
named(SalonSettings, 'SalonSettings', "A salon's opening hours, away text, reply time and guest policy.");
named(SalonSettingsUpdate, 'SalonSettingsUpdate', 'The settings to change; those left out stay as they are.');
named(OpeningHours, 'OpeningHours', 'Per weekday, up to four `[open, close]` pairs in the salon’s time zone; a day left out is closed.');
named(Salon, 'Salon', 'A salon, its staff and its settings.');
named(CreateChatAsStaff, 'CreateChatAsStaff', 'A chat that staff open with a customer of their salon.');
named(CreateChatAsCustomer, 'CreateChatAsCustomer', 'A chat that a customer opens with a staff member.');
named(ChatState, 'ChatState', "A chat's state for its salon (conversation states): open or resolved, its assignee, since when it waits for the salon.");
named(AssignChat, 'AssignChat', 'The staff user of the salon to assign a chat to, or null to unassign it.');
named(ChatCounts, 'ChatCounts', 'How many conversations each view of the inbox holds.');
named(Participant, 'Participant', 'A member of a chat, with its own unread count.');
named(OnlineMember, 'OnlineMember', 'Who is online in a chat: user and customer ids are counted apart and may be equal.');
named(ReadReceipt, 'ReadReceipt', 'Who read a message, and when.');
named(Reference, 'Reference', 'The appointment, product or pack a message points at, as it was when sent.');
named(MessageDraft, 'MessageDraft', 'A message to send: text, an uploaded file (`media_url`) or a reference (`reference_id`).');
named(MarkReadRequest, 'MarkReadRequest', 'The messages to mark read: by id, or every one up to an id.');
named(MarkReadResponse, 'MarkReadResponse', 'What the call newly marked read, and the unread count left.');
named(UploadResult, 'UploadResult', 'A stored file; its `file_url` is the `media_url` of a message.');
named(Appointment, 'Appointment', 'An appointment a message can reference.');
named(Product, 'Product', 'A product a message can reference.');
named(Pack, 'Pack', 'A pack of sessions a message can reference.');
named(QuickReplyDraft, 'QuickReplyDraft', 'A quick reply to add: a shortcut (letters, digits, - or _), an optional title, its text with placeholders, and whose it is.');
named(QuickReplyChange, 'QuickReplyChange', 'What to change of a quick reply; the fields left out stay as they are.');
named(QuickReply, 'QuickReply', 'A quick reply: the salon\'s shared one or the caller\'s own, and whether the caller may change it.');

export const ServedProfile = named(
  Profile.extend({ is_guest: z.boolean().optional() }),
  'Profile',
  'The signed-in staff member (with `email`, `salon_id`, `role`) or customer (with `phone`, `is_guest`).',
);

export const ServedTokens = named(
  TokenResponse.extend({ expires_in: z.number().int(), refresh_token: z.string(), profile: ServedProfile }),
  'TokenResponse',
  'An access token (`expires_in` seconds), the refresh token that renews it, and who signed in.',
);

named(LinkSignIn, 'LinkSignIn', 'The token of a follow-up’s link back, from the URL fragment `#salon-chat=<token>`.');

export const LinkSession = named(
  ServedTokens.extend({ chat_id: z.number().int() }),
  'LinkSession',
  'The sign-in a follow-up’s link back opens (as a customer login answers it) and the chat to show.',
);

export const MailboxItem = named(
  z.looseObject({
    id: z.number().int(),
    channel: z.enum(['email', 'sms']),
    to: z.string(),
    from_name: z.string().nullable(),
    subject: z.string().nullable(),
    text: z.string(),
    html: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    chat_id: z.number().int().nullable(),
    status: z.enum(['pending', 'sending', 'sent', 'failed', 'cancelled']),
    created_at: timestamp,
    sent_at: timestamp.nullable(),
  }),
  'MailboxItem',
  'A follow-up kept in the local mailbox (development and demo): the e-mail or SMS as the customer would get it.',
);

export const ServedChat = named(
  ChatSummary.extend({ total_messages: z.number().int().nonnegative(), updated_at: timestamp }),
  'Chat',
  'A chat as the caller sees it: its own unread count, the last message and who is online.',
);

const ServedReplyPreview = named(
  ReplyPreview.extend({ sender_type: z.enum(PARTICIPANT_TYPES) }),
  'ReplyPreview',
  'The message a reply answers, shortened.',
);

export const ServedMessage = named(
  Message.extend({ updated_at: timestamp, reply_to: ServedReplyPreview.nullable().optional() }),
  'Message',
  'A message of a chat with its read receipts.',
);

/**
 * The frames this server sends: the protocol's, with its own message and chat shapes, and `read_at`
 * on every receipt.
 */
export const SERVED_FRAMES = {
  ...SERVER_FRAMES,
  message: SERVER_FRAMES.message.extend({ message: ServedMessage }),
  read_receipt: SERVER_FRAMES.read_receipt.extend({ read_at: timestamp }),
  chat_created: SERVER_FRAMES.chat_created.extend({ chat: ServedChat }),
};

export const ServedHistoryPage = named(
  HistoryPage.extend({ messages: z.array(ServedMessage) }),
  'HistoryPage',
  'A page of a chat’s messages.',
);

export const Customer = named(
  z.looseObject({ id: z.number().int(), name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable().optional() }),
  'Customer',
  'A customer of the salon and how to reach them: `phone` (an account’s, or the number a guest gave) or `email` (the e-mail a guest gave).',
);

export const ApiError = named(
  z.looseObject({
    detail: z.string().describe('What went wrong, in words a developer can act on.'),
    code: z.enum(ERROR_CODES).describe('A stable code to branch on.'),
    errors: z
      .array(z.object({ location: z.enum(['path', 'query', 'body']), path: z.string(), message: z.string() }))
      .optional()
      .describe('With `validation_failed` from input checks: each field that is wrong.'),
  }),
  'Error',
  'Every error answer: `detail` for people, `code` for programs.',
);
