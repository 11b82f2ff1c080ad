import type { Chat, ChatSummary, Message, Participant, Reference, ReplyPreview } from '@salon-chat/protocol';
import { iso, isoOrNull, sameParticipant, type Actor, type ParticipantKey } from '../domain.ts';
import type { ChatRow, ParticipantRow } from '../repos/chats.ts';
import { contactFields } from '../repos/people.ts';
import type { MessageRow, ReceiptRow } from '../repos/messages.ts';

export function participantView(p: ParticipantRow): Participant {
  const who = p.participant_type === 'user' ? { name: p.user_name, email: p.user_email } : { name: p.customer_name, is_guest: Boolean(p.customer_is_guest), ...contactFields({ phone: p.customer_phone, contact: p.customer_contact, is_guest: p.customer_is_guest }) };
  return {
    participant_type: p.participant_type,
    participant_id: p.participant_id,
    joined_at: iso(p.joined_at),
    is_active: Boolean(p.is_active),
    unread_count: p.unread_count,
    ...who,
  };
}

/**
 * A chat's state for its salon, for staff only: to its customer a chat is never archived nor
 * resolved, whatever the salon's filing.
 */
function stateView(row: ChatRow, caller: Actor) {
  if (caller.type !== 'user') return { is_archived: false };
  return { is_archived: Boolean(row.is_archived), status: row.status, assignee_id: row.assignee_id ?? null, waiting_since: isoOrNull(row.waiting_since) };
}

/** `online_participants` (ids, as the guide has them) and `online_members` (with their types). */
export function onlineOf(participants: ParticipantRow[], isOnline: (p: ParticipantKey) => boolean) {
  const online = participants.filter((p) => isOnline({ type: p.participant_type, id: p.participant_id }));
  return {
    online_participants: online.map((p) => p.participant_id),
    online_members: online.map((p) => ({ participant_type: p.participant_type, participant_id: p.participant_id })),
  };
}

/** A chat as the caller sees it: its own unread count and who of its participants is online. */
export function chatView(
  row: ChatRow,
  participants: ParticipantRow[],
  caller: Actor,
  isOnline: (p: ParticipantKey) => boolean,
): ChatSummary & { updated_at: string; total_messages: number } {
  const own = participants.find((p) => sameParticipant({ type: p.participant_type, id: p.participant_id }, caller));
  return {
    id: row.id,
    chat_type: row.chat_type,
    salon_id: row.salon_id,
    title: row.title,
    is_active: Boolean(row.is_active),
    ...stateView(row, caller),
    last_message_at: isoOrNull(row.last_message_at),
    last_message_preview: row.last_message_preview,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    participants: participants.map(participantView),
    total_messages: row.message_count,
    // Staff working the shared inbox without taking part: the customer's messages no one of the salon has read.
    unread_count: own?.unread_count ?? (caller.type === 'user' ? row.staff_unread_count : 0),
    ...onlineOf(participants, isOnline),
  } satisfies Chat;
}

/** Message rows as API messages, given their receipts and the messages they reply to. */
export function messageViews(rows: MessageRow[], receipts: ReceiptRow[], replies: MessageRow[]): Message[] {
  const receiptsBy = new Map<number, ReceiptRow[]>();
  for (const r of receipts) {
    const list = receiptsBy.get(r.message_id);
    if (list) list.push(r);
    else receiptsBy.set(r.message_id, [r]);
  }
  const repliesBy = new Map(replies.map((r) => [r.id, r]));
  return rows.map((row) => {
    const reply = row.reply_to_message_id != null ? repliesBy.get(row.reply_to_message_id) : undefined;
    return messageView(row, {
      read_receipts: (receiptsBy.get(row.id) ?? []).map((r) => ({ reader_type: r.reader_type, reader_id: r.reader_id, read_at: iso(r.read_at) })),
      reply_to: reply ? replyPreview(reply) : null,
    });
  });
}

function replyPreview(row: MessageRow): ReplyPreview {
  const deleted = Boolean(row.is_deleted);
  return {
    id: row.id,
    sender_type: row.sender_type,
    sender_name: row.sender_name,
    message_type: row.message_type,
    content: deleted ? null : row.content && row.content.length > 140 ? `${row.content.slice(0, 139)}…` : row.content,
    is_deleted: deleted,
  };
}

/** A message just written: nobody has read it yet; `reply` is the message it answers. */
export function newMessageView(row: MessageRow, reply: MessageRow | undefined): Message {
  return messageView(row, { read_receipts: [], reply_to: reply ? replyPreview(reply) : null });
}

function messageView(row: MessageRow, extra: Pick<Message, 'read_receipts' | 'reply_to'>): Message {
  return {
    id: row.id,
    chat_id: row.chat_id,
    sender_type: row.sender_type,
    sender_user_id: row.sender_type === 'user' ? row.sender_id : null,
    sender_customer_id: row.sender_type === 'customer' ? row.sender_id : null,
    sender_name: row.sender_name,
    message_type: row.message_type,
    content: row.content,
    media_url: row.media_url,
    thumbnail_url: row.thumbnail_url,
    reply_to_message_id: row.reply_to_message_id,
    reply_to: extra.reply_to,
    reference_type: row.reference_type,
    reference_id: row.reference_id,
    reference: row.reference_snapshot ? (JSON.parse(row.reference_snapshot) as Reference) : null,
    client_message_id: row.client_message_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    is_edited: Boolean(row.is_edited),
    is_deleted: Boolean(row.is_deleted),
    read_receipts: extra.read_receipts,
  };
}
