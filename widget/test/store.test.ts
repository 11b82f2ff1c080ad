import { expect } from '@open-wc/testing';
import { messagePreview } from '@salon-chat/protocol/core';
import { ChatStore } from '../src/client/store.ts';
import { messageKey } from '../src/panel/message.ts';
import { isOnline } from '../src/panel/online.ts';
import type { ChatMessage, ChatSummary } from '../src/client/types.ts';

const chat = { id: 7, participants: [], unread_count: 0, is_archived: false, created_at: '2026-01-01T00:00:00Z' } as unknown as ChatSummary;

function msg(id: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    chat_id: 7,
    sender_type: 'customer',
    sender_customer_id: 1,
    message_type: 'text',
    content: `m${id}`,
    created_at: new Date(2026, 0, 1, 0, 0, id).toISOString(),
    is_edited: false,
    is_deleted: false,
    read_receipts: [],
    ...extra,
  };
}

function store() {
  const s = new ChatStore();
  s.upsertChat(chat);
  return s;
}

const ids = (s: ChatStore) => s.chats.get(7)!.messages.map((m) => m.id);

describe('ChatStore', () => {
  it('receives messages: the new ones of others raise the unread count, the preview follows the newest', () => {
    const s = store();
    s.me = { type: 'user', id: 3 };
    s.previewOf = messagePreview;
    const added = s.receive(7, [msg(1), msg(2, { sender_type: 'user', sender_user_id: 3, sender_customer_id: null, message_type: 'image', content: null })]);
    expect(added.map((m) => m.id)).to.deep.equal([1, 2]);
    expect(s.receive(7, [msg(1)]), 'a repeat is not new').to.deep.equal([]);
    const summary = s.chats.get(7)!.chat;
    expect(summary.unread_count, 'only the customer’s message is unread for staff 3').to.equal(1);
    expect(summary.last_message_preview).to.equal('📷 Photo');
    expect(s.receive(99, [msg(3)]), 'nothing for a chat not held').to.deep.equal([]);
  });

  it('previews a message that arrives by its text until the panel brings the full preview', () => {
    const s = store();
    s.receive(7, [msg(1, { content: 'See you at ten' })]);
    expect(s.chats.get(7)!.chat.last_message_preview).to.equal('See you at ten');
  });

  it("holds a note for staff without making it the chat's preview or unread, and never for a customer", () => {
    const staffNote = { sender_type: 'user' as const, sender_user_id: 4, sender_customer_id: null, message_type: 'note', content: 'patch test first' };
    const staff = store();
    staff.me = { type: 'user', id: 3 };
    staff.receive(7, [msg(1), msg(2, staffNote)]);
    expect(ids(staff)).to.deep.equal([1, 2]);
    expect(staff.chats.get(7)!.chat.last_message_preview).to.equal('m1');
    expect(staff.chats.get(7)!.chat.unread_count, 'a colleague’s note is not unread').to.equal(1);

    const customer = store();
    customer.me = { type: 'customer', id: 1 };
    customer.receive(7, [msg(1, { sender_type: 'user', sender_user_id: 4, sender_customer_id: null }), msg(2, staffNote)]);
    expect(ids(customer), 'whatever a server sends').to.deep.equal([1]);
    expect(customer.chats.get(7)!.chat.last_message_preview).to.equal('m1');
    expect(customer.chats.get(7)!.chat.unread_count).to.equal(1);
  });

  it("passes notes by when a read covers their writer's messages", () => {
    const s = store();
    const mine = { sender_type: 'user' as const, sender_user_id: 3, sender_customer_id: null };
    s.addMessages(7, [msg(1, mine), msg(2, { ...mine, message_type: 'note' }), msg(3, mine)]);
    s.addReceipt(7, 3, { type: 'customer', id: 1 });
    expect(s.chats.get(7)!.messages.map((m) => m.read_receipts.length)).to.deep.equal([1, 0, 1]);
  });

  it('keeps who is online from joined_chat and presence', () => {
    const s = store();
    s.setOnline(7, { online_participants: [1], online_members: [{ participant_type: 'customer', participant_id: 1 }] });
    expect(s.chats.get(7)!.chat.online_members).to.deep.equal([{ participant_type: 'customer', participant_id: 1 }]);
  });

  it('keeps messages in id order whatever order they arrive in', () => {
    const s = store();
    s.addMessages(7, [msg(5), msg(2)]);
    s.addMessages(7, [msg(9), msg(1), msg(3)]);
    expect(ids(s)).to.deep.equal([1, 2, 3, 5, 9]);
  });

  it('de-duplicates by id: a page that overlaps what is held adds nothing twice', () => {
    const s = store();
    expect(s.addMessages(7, [msg(1), msg(2), msg(3)])).to.have.length(3);
    const added = s.addMessages(7, [msg(2), msg(3), msg(4)]);
    expect(added.map((m) => m.id)).to.deep.equal([4]);
    expect(ids(s)).to.deep.equal([1, 2, 3, 4]);
  });

  it('replaces the optimistic copy with the server copy carrying the same client_message_id', () => {
    const s = store();
    s.addMessages(7, [msg(1)]);
    s.addMessages(7, [msg(-1, { local: 'pending', client_message_id: 'abc', content: 'hi' })]);
    const added = s.addMessages(7, [msg(2, { client_message_id: 'abc', content: 'hi' })]);
    expect(added).to.have.length(0);
    expect(ids(s)).to.deep.equal([1, 2]);
    expect(s.chats.get(7)!.messages[1].local).to.equal(undefined);
  });

  it('does not bring an optimistic copy back once the server copy is there', () => {
    const s = store();
    s.addMessages(7, [msg(4, { client_message_id: 'abc' })]);
    s.addMessages(7, [msg(-1, { local: 'pending', client_message_id: 'abc' })]);
    expect(ids(s)).to.deep.equal([4]);
  });

  it('keeps messages still on their way after every confirmed one', () => {
    const s = store();
    s.addMessages(7, [msg(1), msg(-1, { local: 'pending', client_message_id: 'x' })]);
    s.addMessages(7, [msg(8), msg(3)]);
    expect(ids(s)).to.deep.equal([1, 3, 8, -1]);
    expect(s.lastId(7)).to.equal(8);
  });

  it('keys a message by client_message_id when it has one, so the row survives the swap', () => {
    expect(messageKey(msg(-3, { client_message_id: 'k' }))).to.equal(messageKey(msg(12, { client_message_id: 'k' })));
    expect(messageKey(msg(12))).to.equal('#12');
  });

  it('adds a read receipt once', () => {
    const s = store();
    s.addMessages(7, [msg(1)]);
    s.addReceipt(7, 1, { type: 'user', id: 3 }, 'now');
    s.addReceipt(7, 1, { type: 'user', id: 3 }, 'later');
    expect(s.chats.get(7)!.messages[0].read_receipts).to.have.length(1);
  });

  it('dates a receipt without read_at (a server of the guide alone) at its arrival', () => {
    const s = store();
    s.addMessages(7, [msg(1)]);
    const before = Date.now();
    s.addReceipt(7, 1, { type: 'user', id: 3 }, undefined);
    const readAt = Date.parse(s.chats.get(7)!.messages[0].read_receipts[0].read_at);
    expect(readAt).to.be.within(before, Date.now());
  });

  it("takes a receipt as covering its sender's earlier messages, or only the ids it names", () => {
    const s = store();
    const fromStaff = { sender_type: 'user' as const, sender_user_id: 2, sender_customer_id: null };
    s.addMessages(7, [msg(1, fromStaff), msg(2), msg(3, fromStaff), msg(4, fromStaff), msg(5, fromStaff)]);
    const readers = () => s.chats.get(7)!.messages.map((m) => m.read_receipts.length);
    s.addReceipt(7, 4, { type: 'customer', id: 9 }, 'now');
    expect(readers()).to.deep.equal([1, 0, 1, 1, 0]);
    s.addReceipt(7, 5, { type: 'user', id: 3 }, 'now', [5]);
    expect(readers()).to.deep.equal([1, 0, 1, 1, 1]);
  });

  it('inserts 10,000 messages quickly', () => {
    const s = store();
    const t0 = performance.now();
    for (let i = 10_000; i > 0; i -= 100) s.addMessages(7, Array.from({ length: 100 }, (_, j) => msg(i - j)));
    expect(ids(s)).to.have.length(10_000);
    expect(performance.now() - t0).to.be.below(1000);
  });

  describe('isOnline', () => {
    const participants = [
      { participant_type: 'customer', participant_id: 1 },
      { participant_type: 'user', participant_id: 1 },
      { participant_type: 'user', participant_id: 2 },
    ];
    const at = (online: number[], online_members?: { participant_type: string; participant_id: number }[]) =>
      ({ participants, online_participants: online, online_members }) as unknown as ChatSummary;
    const customer = participants[0] as ChatSummary['participants'][number];
    const staff2 = participants[2] as ChatSummary['participants'][number];
    const me = { type: 'user' as const, id: 1 };

    it('goes by participant type and id when the server sends online_members', () => {
      expect(isOnline(at([1], [{ participant_type: 'user', participant_id: 1 }]), customer, me)).to.equal(false);
      expect(isOnline(at([1, 1], participants), customer, me)).to.equal(true);
      expect(isOnline(at([1], [{ participant_type: 'customer', participant_id: 1 }]), customer, { type: 'user', id: 2 })).to.equal(true);
      expect(isOnline(at([], []), staff2, me)).to.equal(false);
    });

    it('without online_members, does not take the viewer for the other side when they share an id', () => {
      expect(isOnline(at([1]), customer, me)).to.equal(false);
      expect(isOnline(at([1, 1]), customer, me)).to.equal(true);
    });

    it('without online_members, reads ids plainly when no one shares them', () => {
      expect(isOnline(at([1]), customer, { type: 'user', id: 9 })).to.equal(true);
      expect(isOnline(at([2]), staff2, me)).to.equal(true);
      expect(isOnline(at([]), staff2, me)).to.equal(false);
    });
  });
});
