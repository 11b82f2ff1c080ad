import type { Endpoint } from './endpoint.ts';
import { convert, type JsonSchema, type Root } from './json-schema.ts';
import { ApiError } from './models.ts';

const STATUS_TEXT: Record<number, string> = {
  400: 'The body is not JSON (or not multipart, for uploads), or could not be decompressed',
  401: 'Missing, invalid or expired token, or wrong credentials',
  403: 'Not allowed for this caller',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Invalid input; `detail` (and `errors`, for the checks of path, query and body) names the fields',
  429: 'Too many requests; `Retry-After` says when to try again',
  503: 'Too busy for now; `Retry-After` says when to try again',
};

const TAGS = [
  { name: 'Authentication', description: 'Sign-in of staff, customers and guests, and the tokens that come of it.' },
  { name: 'Directory', description: 'Salons, their staff and settings, and their customers.' },
  { name: 'Chats', description: 'Chats between a customer and a salon.' },
  { name: 'Messages', description: 'The messages of a chat: history, sending, reading.' },
  { name: 'Uploads', description: 'Files to send as messages.' },
  { name: 'Catalogue', description: 'What a message can reference: appointments, products and packs.' },
  { name: 'Quick replies', description: 'An optional extension: the answers staff give every day, shared by the salon or their own, offered in the composer by a shortcut.' },
  { name: 'Follow-ups', description: 'An optional extension: the e-mail or SMS a customer gets when staff replies stay unread, its link back and its unsubscribe.' },
];

const COMPONENTS = '#/components/schemas/';
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } } };

export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/**
 * Every error status an endpoint answers: those of its own rules, and those that follow from
 * authentication (401, and 403 for endpoints of one side) and from reading the input (422 for
 * any path, query or body that fails its schema; 400 and 413 for bodies that cannot be read).
 */
export function errorStatuses(e: Endpoint): number[] {
  const statuses = new Set(e.errors ?? []);
  if (e.access !== 'public') statuses.add(401);
  if (e.access === 'user' || e.access === 'customer') statuses.add(403);
  if (e.params || e.query || e.body || e.multipart) statuses.add(422);
  if (e.method !== 'get') statuses.add(400).add(413);
  return [...statuses].sort((a, b) => a - b);
}

function parameters(schema: JsonSchema | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const required = (schema.required as string[] | undefined) ?? [];
  return Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: s,
  }));
}

const multipartBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: { type: 'object', properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } }, required: ['file'] },
    },
  },
};

/**
 * The OpenAPI 3.1 document, generated from the same endpoint list the router serves; the models
 * are named components. `webSocket` is the part of the description that covers the socket.
 */
export function openApiDocument(endpoints: Endpoint[], version: string, webSocket: string) {
  const roots: Root[] = [{ schema: ApiError, io: 'output' }];
  const slots = endpoints.map((e) => {
    const slot = (schema: Endpoint['body'], io: Root['io']) => (schema ? roots.push({ schema, io }) - 1 : undefined);
    return { params: slot(e.params, 'input'), query: slot(e.query, 'input'), body: slot(e.body, 'input'), response: slot(e.response, 'output') };
  });
  const converted = convert(roots, 'draft-2020-12', COMPONENTS);
  const schemaAt = (slot: number | undefined) => (slot === undefined ? undefined : converted.roots[slot]!);
  const errorContent = { 'application/json': { schema: converted.roots[0]! } };

  const paths: Record<string, Record<string, unknown>> = {};
  endpoints.forEach((e, i) => {
    const slot = slots[i]!;
    const response = schemaAt(slot.response);
    const headers = Object.entries(e.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]);
    const success = (description: string) => ({
      description,
      ...(headers.length ? { headers: Object.fromEntries(headers) } : {}),
      ...(response ? { content: { 'application/json': { schema: response } } } : {}),
      ...(e.html ? { content: { 'text/html': { schema: { type: 'string' } } } } : {}),
    });
    const responses: Record<string, unknown> = { [e.status ?? 200]: success(e.status === 204 ? 'Done; no body' : 'Success') };
    for (const [status, description] of Object.entries(e.otherSuccesses ?? {})) responses[status] = success(description);
    for (const status of errorStatuses(e)) {
      responses[status] = {
        description: STATUS_TEXT[status] ?? 'Error',
        ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
        content: errorContent,
      };
    }
    const body = schemaAt(slot.body);
    const requestBody = e.multipart ? multipartBody : body ? { required: true, content: { [e.bodyType ?? 'application/json']: { schema: body } } } : undefined;
    (paths[openApiPath(e.path)] ??= {})[e.method] = {
      operationId: e.operationId,
      tags: [e.tag],
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      ...(e.access === 'public' ? { security: [] } : {}),
      parameters: [...parameters(schemaAt(slot.params), 'path'), ...parameters(schemaAt(slot.query), 'query')],
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'salon-chat API',
      version,
      license: { name: 'MIT', identifier: 'MIT' },
      description: [
        'The REST half of the salon-chat protocol: every call under `/api/v1` takes and answers JSON, with `Authorization: Bearer <access_token>` from a login except where marked public.',
        'Every error answers `{"detail": …, "code": …}` (the `Error` model). The machine-readable documents: [/openapi.json](/openapi.json) (this API) and [/asyncapi.json](/asyncapi.json) (the WebSocket).',
        webSocket,
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: TAGS,
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: converted.components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The `access_token` of a login, guest start or refresh.' } },
    },
  };
}
