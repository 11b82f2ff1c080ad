import { CLIENT_FRAMES, CLOSE, WS_PATHS } from '@salon-chat/protocol';
import type { z } from 'zod';
import { CLIENT_FRAME_DOCS, SERVER_FRAME_DOCS, type FrameDoc } from './frames.ts';
import { convert, type JsonSchema } from './json-schema.ts';
import { SERVED_FRAMES } from './models.ts';

const COMPONENTS = '#/components/schemas/';

export const CHANNEL_DESCRIPTION = [
  `Staff connect to \`${WS_PATHS.user}?token=<access_token>\`, customers to \`${WS_PATHS.customer}?token=<access_token>\` (\`ws://\` or \`wss://\`, on the host of the REST API).`,
  `A missing, bad or expired token, or one of the other side, closes the socket with ${CLOSE.policyViolation}. The first frame is \`connected\`; then \`join_chat\` each chat to follow.`,
  'Every frame, both ways, is one JSON text holding one object with a string `type`. A frame that cannot be read or fails its checks is answered by an `error` frame, and the socket stays open.',
].join(' ');

export interface FrameSpec {
  /** The key of the message in the document: `client.<type>` or `server.<type>`. */
  key: string;
  type: string;
  direction: 'client' | 'server';
  schema: z.ZodType;
  doc: FrameDoc<unknown>;
}

const specs = (direction: FrameSpec['direction'], schemas: Record<string, z.ZodType>, docs: Record<string, FrameDoc<unknown>>): FrameSpec[] =>
  Object.entries(docs).map(([type, doc]) => ({ key: `${direction}.${type}`, type, direction, schema: schemas[type]!, doc }));

export const FRAMES: FrameSpec[] = [...specs('client', CLIENT_FRAMES, CLIENT_FRAME_DOCS), ...specs('server', SERVED_FRAMES, SERVER_FRAME_DOCS)];

const camel = (s: string) => s.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase());

/**
 * The AsyncAPI 3.1 document of the WebSocket, from this server's point of view: it receives the
 * client frames and sends the server frames, on one channel whose address names the side.
 */
export function asyncApiDocument(version: string) {
  const converted = convert(
    FRAMES.map((f) => ({ schema: f.schema, io: f.direction === 'client' ? 'input' : 'output' })),
    'draft-07',
    COMPONENTS,
  );
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  FRAMES.forEach((f, i) => {
    messages[f.key] = {
      name: f.type,
      title: `${f.type} (${f.direction === 'client' ? 'client → server' : 'server → client'})`,
      summary: f.doc.summary,
      contentType: 'application/json',
      payload: converted.roots[i] as JsonSchema,
      examples: [{ name: f.type, payload: f.doc.example }],
    };
    operations[camel(`${f.direction === 'client' ? 'receive' : 'send'}.${f.type}`)] = {
      action: f.direction === 'client' ? 'receive' : 'send',
      channel: { $ref: '#/channels/chat' },
      security: [{ $ref: '#/components/securitySchemes/token' }],
      summary: f.doc.summary,
      messages: [{ $ref: `#/channels/chat/messages/${f.key}` }],
    };
  });
  return {
    asyncapi: '3.1.0',
    info: {
      title: 'salon-chat WebSocket',
      version,
      description: `The live half of the salon-chat protocol; the REST half is at [/openapi.json](/openapi.json). ${CHANNEL_DESCRIPTION}`,
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    defaultContentType: 'application/json',
    channels: {
      chat: {
        address: '/api/v1/chat/ws/chat/{side}',
        title: 'A signed-in socket',
        description: CHANNEL_DESCRIPTION,
        parameters: { side: { enum: ['user', 'customer'], description: '`user` for staff, `customer` for customers: the side of the token.' } },
        messages: Object.fromEntries(FRAMES.map((f) => [f.key, { $ref: `#/components/messages/${f.key}` }])),
        bindings: { ws: { method: 'GET', bindingVersion: '0.1.0' } },
      },
    },
    operations,
    components: {
      schemas: converted.components,
      messages,
      securitySchemes: { token: { type: 'httpApiKey', name: 'token', in: 'query', description: 'An `access_token` of the side in the address.' } },
    },
  };
}
