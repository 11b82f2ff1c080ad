import { expect } from '@open-wc/testing';
import { Outbox, newClientMessageId } from '../src/client/outbox.ts';
import type { OutboxEntry } from '../src/client/types.ts';

const entry = (id: string, owner = 'srv|customer|1', at = new Date().toISOString()): OutboxEntry => ({
  client_message_id: id,
  owner,
  chat_id: 1,
  draft: { content: `text ${id}`, client_message_id: id },
  created_at: at,
});

describe('Outbox', () => {
  const name = `salon-chat-test-${Math.random()}`;
  after(() => indexedDB.deleteDatabase(name));

  it('keeps entries across instances (a reload), oldest first, per owner', async () => {
    const a = new Outbox(name);
    await a.put(entry('b', 'srv|customer|1', '2026-01-01T00:00:02Z'));
    await a.put(entry('a', 'srv|customer|1', '2026-01-01T00:00:01Z'));
    await a.put(entry('z', 'srv|user|1'));
    const reloaded = new Outbox(name);
    expect((await reloaded.list('srv|customer|1')).map((e) => e.client_message_id)).to.deep.equal(['a', 'b']);
    expect((await reloaded.list('srv|user|1')).map((e) => e.client_message_id)).to.deep.equal(['z']);
  });

  it('forgets an entry once deleted, here and after a reload', async () => {
    const a = new Outbox(name);
    await a.delete('a');
    expect((await a.list('srv|customer|1')).map((e) => e.client_message_id)).to.deep.equal(['b']);
    expect((await new Outbox(name).list('srv|customer|1')).map((e) => e.client_message_id)).to.deep.equal(['b']);
  });

  it('overwrites an entry with the same client_message_id (failed flag, retry)', async () => {
    const a = new Outbox(name);
    await a.put({ ...entry('b', 'srv|customer|1', '2026-01-01T00:00:02Z'), failed: true });
    const [b] = await new Outbox(name).list('srv|customer|1');
    expect(b.failed).to.equal(true);
  });

  it('makes ids that do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, newClientMessageId));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{32}$/);
  });
});
