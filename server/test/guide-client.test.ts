import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { api, signInCast, newChat, startTestServer, type TestServer } from './helpers.ts';

const GUIDE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/spec/chat-guide.md');

/** The guide's own vanilla `ChatClient` class, exactly as printed, pointed at the test server. */
function guideChatClient(host: string): new (token: string) => any {
  const guide = readFileSync(GUIDE, 'utf8');
  const block = /### Vanilla JavaScript\s+```javascript\n([\s\S]*?)```/.exec(guide)?.[1];
  const source = block?.slice(0, block.indexOf('// Usage')) ?? '';
  assert.ok(source.includes('class ChatClient'), 'the guide prints a ChatClient class');
  const quiet = { log() {}, error() {} };
  return new Function('WebSocket', 'console', `${source.replaceAll('localhost:8000', host)}; return ChatClient;`)(WebSocket, quiet);
}

const skip = existsSync(GUIDE) ? false : `the guide is not at ${GUIDE} (shared/ beside the repository)`;
if (skip) console.log(`# skipped: ${skip}`);

describe('the guide’s vanilla ChatClient', { skip }, () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;
  before(async () => {
    server = await startTestServer();
    cast = await signInCast(server);
  });
  after(() => server.stop());

  it('connects, joins, sends and receives against the reference server unchanged', async () => {
    const ChatClient = guideChatClient(new URL(server.url).host);
    const chatId = await newChat(server, cast.emma, cast.admin, 'Hello from Emma');
    const chat = new ChatClient(cast.admin.token);
    const received = new Promise<any>((resolve) => chat.on('message', resolve));
    const confirmed = new Promise<any>((resolve) => chat.on('connected', (data: unknown) => data && resolve(data)));
    chat.on('connected', () => chat.joinChat(chatId));
    chat.connect();
    const connected = await confirmed;
    assert.equal(connected.participant_id, cast.admin.id);
    chat.sendMessage(chatId, 'Hi Emma, how can I help?');
    const data = await received;
    assert.equal(data.message.content, 'Hi Emma, how can I help?');
    chat.markAsRead(chatId, data.message.id);
    chat.sendTyping(chatId, false);
    chat.ws.onclose = null;
    chat.disconnect();
    const history = await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token });
    assert.deepEqual(history.body.messages.map((m: { content: string }) => m.content), ['Hi Emma, how can I help?', 'Hello from Emma']);
  });
});
