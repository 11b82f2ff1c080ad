import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Parser } from '@asyncapi/parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { api, startTestServer, type TestServer } from './helpers.ts';

const lint = async (name: string, document: unknown) => {
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: name, config: await createConfig({ extends: ['recommended'] }) });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
};

describe('/openapi.json and /asyncapi.json', () => {
  let server: TestServer;
  let openapi: any;
  let asyncapi: any;
  before(async () => {
    server = await startTestServer();
    openapi = (await api(server, 'GET', '/openapi.json')).body;
    asyncapi = (await api(server, 'GET', '/asyncapi.json')).body;
  });
  after(() => server.stop());

  it('lints clean under Redocly’s recommended rules, which do find faults', async () => {
    assert.deepEqual(await lint('openapi.json', openapi), []);
    assert.deepEqual(await lint('asyncapi.json', asyncapi), []);
    const faulty = structuredClone(openapi);
    delete faulty.paths['/api/v1/salons/{id}'].get.operationId;
    delete faulty.servers;
    assert.deepEqual((await lint('openapi.json', faulty)).map((p) => p.split(':')[0]), ['error no-empty-servers', 'warn operation-operationId']);
  });

  it('passes the AsyncAPI parser’s validation, which does find faults', async () => {
    const parser = new Parser();
    const parsed = await parser.parse(JSON.stringify(asyncapi));
    assert.deepEqual(parsed.diagnostics.map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`), []);
    assert.equal(parsed.document?.allMessages().length, 19);
    const faulty = structuredClone(asyncapi);
    faulty.operations.sendPong.action = 'shout';
    const broken = await parser.parse(JSON.stringify(faulty));
    assert.equal(broken.document, undefined);
    assert.ok(broken.diagnostics.some((d) => d.path.join('/') === 'operations/sendPong/action'), JSON.stringify(broken.diagnostics));
  });

  it('names every operation, lists the server, and answers with named models', () => {
    assert.deepEqual(openapi.servers, [{ url: '/', description: 'This server' }]);
    const operations = Object.values(openapi.paths).flatMap((ops: any) => Object.values(ops)) as any[];
    const ids = operations.map((o) => o.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    assert.ok(ids.includes('getSalon') && ids.includes('sendMessage') && ids.includes('listChats'));
    for (const name of ['Chat', 'Message', 'Salon', 'SalonSettings', 'Participant', 'TokenResponse', 'Error', 'MessageDraft']) {
      assert.ok(openapi.components.schemas[name], name);
    }
    const chat = openapi.paths['/api/v1/chat/chats/{id}'].get.responses;
    assert.deepEqual(chat['200'].content['application/json'].schema, { $ref: '#/components/schemas/Chat' });
    assert.deepEqual(openapi.paths['/api/v1/chat/chats'].get.responses['200'].content['application/json'].schema, {
      type: 'array',
      items: { $ref: '#/components/schemas/Chat' },
    });
    assert.ok(openapi.components.schemas.Chat.required.includes('total_messages'), 'the chat as the server sends it');
  });

  it('lists every error status a salon lookup answers, with the error body’s fields', () => {
    const responses = openapi.paths['/api/v1/salons/{id}'].get.responses;
    assert.deepEqual(Object.keys(responses), ['200', '404', '422']);
    assert.deepEqual(responses['422'].content['application/json'].schema, { $ref: '#/components/schemas/Error' });
    const error = openapi.components.schemas.Error;
    assert.deepEqual(Object.keys(error.properties), ['detail', 'code', 'errors']);
    assert.deepEqual(error.required, ['detail', 'code']);
    assert.ok(error.properties.code.enum.includes('validation_failed'));
  });

  it('describes every frame of both directions, from the protocol’s schemas', () => {
    const messages = Object.keys(asyncapi.components.messages);
    assert.deepEqual(messages.filter((m) => m.startsWith('client.')), ['client.join_chat', 'client.leave_chat', 'client.send_message', 'client.typing', 'client.read_message', 'client.ping']);
    assert.equal(messages.filter((m) => m.startsWith('server.')).length, 13);
    assert.deepEqual(asyncapi.components.messages['server.chat_state'].payload.properties.status.enum, ['open', 'resolved']);
    const join = asyncapi.components.messages['client.join_chat'].payload;
    assert.deepEqual(join.required, ['type', 'chat_id']);
    assert.deepEqual(asyncapi.components.messages['server.message'].payload.properties.message, { $ref: '#/components/schemas/Message' });
    for (const model of Object.keys(asyncapi.components.schemas)) assert.ok(openapi.components.schemas[model], `${model} is a model of the REST API too`);
  });
});
