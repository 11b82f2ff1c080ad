import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_ACCOUNTS, api, newChat, signInCast, startOn, type TestServer } from './helpers.ts';
import { now, type Actor, type ParticipantKey } from '../src/domain.ts';
import { AppError } from '../src/errors.ts';
import { repositories } from '../src/repos/index.ts';
import { textMessage } from '../src/repos/messages.ts';

/**
 * PostgreSQL writes a batch of messages in one statement, which reads one snapshot taken before
 * it waits for its chats: when another batch (another node's) writes in those chats meanwhile,
 * the batch is written in a transaction instead, and comes out as exact.
 */
describe('a batch of messages written in one statement (PostgreSQL)', () => {
  let server: TestServer | undefined;
  let skip: string | undefined;
  let cast: Awaited<ReturnType<typeof signInCast>>;

  before(async () => {
    const started = await startOn('postgres', { SEED_DEMO: 'true' });
    if ('skip' in started) {
      skip = started.skip;
      return;
    }
    server = started;
    cast = await signInCast(server, DEMO_ACCOUNTS);
  });
  after(() => server?.stop());

  const emmaActor = (): Actor => ({ type: 'customer', id: cast.emma.id, salonId: null, name: 'Emma' });
  const text = (chatId: number, sender: ParticipantKey, content: string, clientMessageId: string | null = null) => ({
    ...textMessage(chatId, sender, content, clientMessageId),
    created_at: now(),
  });

  /**
   * Another node's batch: `row` placed, its transaction then held open (until `release`) with
   * the chat's row locked, then recorded and committed.
   */
  async function heldBatch(row: ReturnType<typeof text>) {
    const repos = repositories(server!.services.db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let placed!: () => void;
    const holding = new Promise<void>((resolve) => (placed = resolve));
    const committed = repos.writeMessages(async (tx) => {
      await tx.messages.place([row]);
      placed();
      await gate;
      const sender = { who: { type: row.sender_type, id: row.sender_id }, count: 1 };
      const staff = row.sender_type === 'user' ? row.sender_id : null;
      return tx.chats.recordMessages(row.created_at, [
        { chatId: row.chat_id, count: 1, preview: row.content!, customerWrote: !staff, customerCount: staff ? 0 : 1, firstStaff: staff, endsWithCustomer: !staff, senders: [sender] },
      ]);
    });
    await holding;
    return { release, committed };
  }

  /** Resolves once a statement of this database waits for a lock. */
  async function someoneWaits(): Promise<void> {
    const { db } = server!.services;
    for (;;) {
      const { rows } = await db.raw(`SELECT count(*)::integer AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("counts the message unread for the staff member another node's batch added while it waited", async (t) => {
    if (skip) return t.skip(skip);
    const chatId = await newChat(server!, cast.emma, cast.admin, 'hello');
    const other = await heldBatch(text(chatId, { type: 'user', id: cast.stylist.id }, 'the stylist answers first'));
    const sent = server!.services.messages.send(emmaActor(), chatId, { content: 'then Emma' }, { id: chatId, salon_id: 1 });
    await someoneWaits();
    other.release();
    await other.committed;
    const { message } = await sent;
    const participants = await server!.services.db('chat_participants').where({ chat_id: chatId }).select('participant_type', 'participant_id', 'unread_count');
    const unread = Object.fromEntries(participants.map((p) => [`${p.participant_type}:${p.participant_id}`, p.unread_count]));
    assert.deepEqual(unread, { [`customer:${cast.emma.id}`]: 1, [`user:${cast.admin.id}`]: 3, [`user:${cast.stylist.id}`]: 1 }, 'the stylist has Emma\'s message unread');
    const history = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages?page=1&page_size=2`, { token: cast.admin.token });
    assert.deepEqual(history.body.messages.map((m: { content: string }) => m.content), ['then Emma', 'the stylist answers first']);
    assert.equal(history.body.total, 3);
    assert.equal(message.content, 'then Emma');
  });

  it('answers 409 to a client id sent at once to another chat, leaving no gap in its chat', async (t) => {
    if (skip) return t.skip(skip);
    const first = await newChat(server!, cast.emma, cast.admin, 'chat one');
    const second = await newChat(server!, cast.emma, cast.stylist, 'chat two');
    const other = await heldBatch(text(first, { type: 'customer', id: cast.emma.id }, 'sent to chat one', 'twice'));
    const sent = server!.services.messages.send(emmaActor(), second, { content: 'and to chat two', client_message_id: 'twice' }, { id: second, salon_id: 1 });
    await someoneWaits();
    other.release();
    await other.committed;
    await assert.rejects(sent, (err: unknown) => err instanceof AppError && err.status === 409);
    await server!.services.messages.send(emmaActor(), second, { content: 'next' }, { id: second, salon_id: 1 });
    const pages = await Promise.all(
      [1, 2].map((page) => api(server!, 'GET', `/api/v1/chat/chats/${second}/messages?page=${page}&page_size=1`, { token: cast.stylist.token })),
    );
    assert.deepEqual(pages.map((p) => p.body.messages.map((m: { content: string }) => m.content)), [['next'], ['chat two']]);
  });
});
