import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AsyncApiContract } from './contract.ts';
import { Client, api, signInCast, newChat, startTestServer, type TestServer } from './helpers.ts';

describe('/asyncapi.json against the real frames', () => {
  let server: TestServer;
  let contract: AsyncApiContract;
  before(async () => {
    server = await startTestServer();
    contract = new AsyncApiContract((await api(server, 'GET', '/asyncapi.json')).body);
  });
  after(() => server.stop());

  it('reports a frame that does not match, so the checks below can fail', () => {
    assert.match(contract.check('server', { type: 'typing', chat_id: 1, participant_type: 'user', participant_id: 2 }).join(), /must have required property 'is_typing'/);
    assert.match(contract.check('server', { type: 'pong', timestamp: 'now', extra: 1 }).join(), /additional properties: extra[\s\S]*must match pattern/);
    assert.match(contract.check('client', { type: 'dance' }).join(), /no such frame/);
  });

  it('holds examples that match their own frames', () => {
    for (const [key, message] of Object.entries<any>(contract.document.components.messages)) {
      assert.deepEqual(contract.check(key.split('.')[0] as 'client' | 'server', message.examples[0].payload), [], key);
    }
  });

  it('describes every frame a real session sends and receives, in both directions', async () => {
    const { admin, emma } = await signInCast(server);
    const staff = await Client.connect(server, admin);
    const chat = await newChat(server, emma, admin, 'Hello');
    await staff.next('chat_created');
    await staff.join(chat);
    const customer = await Client.connect(server, emma);
    const sent: unknown[] = [];
    const send = (client: Client, frame: Record<string, unknown>) => {
      sent.push(frame);
      client.send(frame);
    };
    send(customer, { type: 'join_chat', chat_id: chat });
    await customer.next('joined_chat');
    send(customer, { type: 'typing', chat_id: chat, is_typing: true });
    await staff.next('typing');
    send(customer, { type: 'send_message', chat_id: chat, content: 'Thursday?', client_message_id: 'm-1' });
    const { message } = await staff.next('message');
    send(staff, { type: 'read_message', chat_id: chat, message_id: message.id });
    await customer.next('read_receipt');
    send(staff, { type: 'send_message', chat_id: chat, content: 'Thursday it is' });
    await staff.next('chat_state', (f) => f.chat_id === chat && f.waiting_since === null);
    send(staff, { type: 'send_message', chat_id: chat + 1000, content: 'lost' });
    await staff.next('error');
    send(customer, { type: 'leave_chat', chat_id: chat });
    await customer.next('left_chat');
    await staff.next('user_left');
    send(customer, { type: 'ping' });
    await customer.next('pong');
    await customer.close();
    await staff.next('presence', (f) => f.online === false);
    await staff.settle();
    await staff.close();

    const received = new Set<string>();
    for (const frame of [...staff.log, ...customer.log]) {
      received.add(String(frame.type));
      assert.deepEqual(contract.check('server', frame), [], JSON.stringify(frame));
    }
    for (const frame of sent) assert.deepEqual(contract.check('client', frame as Record<string, unknown>), [], JSON.stringify(frame));
    const documented = Object.keys(contract.document.components.messages).filter((k) => k.startsWith('server.')).map((k) => k.slice('server.'.length));
    assert.deepEqual(documented.filter((type) => !received.has(type)), [], 'every documented server frame came in the session');
  });
});
