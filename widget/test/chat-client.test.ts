import { expect, waitUntil } from '@open-wc/testing';
import { ChatClient } from '../src/client/chat-client.ts';
import type { ChatSummary } from '../src/client/types.ts';
import { login, server } from './helpers.ts';

describe('the chat client with the reference server', () => {
  let url: string;
  let staffToken: string;

  before(async () => {
    ({ url } = await server());
    staffToken = await login(url, 'staff');
  });

  it('tells the views when a catch-up brings what was missed, without a frame to wake them', async () => {
    const client = new ChatClient({ server: url, mode: 'staff' });
    client.auth.use(staffToken, undefined);
    const state = client.store.upsertChat({ id: 1, participants: [], unread_count: 0, is_archived: false } as unknown as ChatSummary);
    state.loaded = true;
    const missed = `while the socket was down ${Date.now()}`;
    await fetch(`${url}/api/v1/chat/chats/1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: missed, message_type: 'text' }),
    });
    let changes = 0;
    client.on('change', () => changes++);

    await client.catchUp(1);

    expect(state.messages.map((m) => m.content)).to.include(missed);
    await waitUntil(() => changes > 0, 'the views are told');
  });
});
