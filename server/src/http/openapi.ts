import { ErrorBody } from '@salon-chat/protocol';
import { z } from 'zod';
import type { Endpoint } from './endpoint.ts';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[] } & Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return json;
};

const STATUS_TEXT: Record<number, string> = {
  401: 'Missing, invalid or expired token',
  403: 'Not allowed for this caller',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Invalid input; `detail` names the fields',
};

export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** The OpenAPI 3.1 document, generated from the same endpoint list the router serves. */
export function openApiDocument(endpoints: Endpoint[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const status = e.status ?? 200;
    const responses: Record<string, unknown> = {
      [status]: {
        description: 'Success',
        ...(e.response ? { content: { 'application/json': { schema: schemaOf(e.response, 'output') } } } : {}),
      },
    };
    for (const code of e.errors ?? []) {
      responses[code] = { description: STATUS_TEXT[code] ?? 'Error', content: { 'application/json': { schema: schemaOf(ErrorBody, 'output') } } };
    }
    const requestBody = e.multipart
      ? {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
            },
          },
        }
      : e.body
        ? { required: true, content: { 'application/json': { schema: schemaOf(e.body, 'input') } } }
        : undefined;
    (paths[openApiPath(e.path)] ??= {})[e.method] = {
      tags: [e.tag],
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      ...(e.access === 'public' ? { security: [] } : {}),
      parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'salon-chat API',
      version,
      description:
        'REST half of the salon-chat protocol. The WebSocket half (`/api/v1/chat/ws/chat/user` and `/customer`) is described on /docs.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
