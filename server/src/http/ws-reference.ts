import type { asyncApiDocument } from './asyncapi.ts';
import type { JsonSchema } from './json-schema.ts';

type AsyncApi = ReturnType<typeof asyncApiDocument>;
interface Message {
  name: string;
  summary: string;
  payload: JsonSchema;
  examples: { payload: unknown }[];
}

const modelName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** A short type for a table cell: `integer`, `string | null`, `"join_chat"`, `Message`, `array of integer`. */
function typeOf(schema: JsonSchema): string {
  if (typeof schema.$ref === 'string') return `\`${modelName(schema.$ref)}\``;
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return union.map(typeOf).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type ?? 'any');
  return type === 'array' && schema.items ? `array of ${typeOf(schema.items as JsonSchema)}` : type;
}

/** The fields of an object schema, following `allOf` and references to models. */
function fields(schema: JsonSchema, models: Record<string, JsonSchema>): [string, JsonSchema, boolean][] {
  if (typeof schema.$ref === 'string') return fields(models[modelName(schema.$ref)]!, models);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const own = Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}).map(
    ([name, s]) => [name, s, required.has(name)] as [string, JsonSchema, boolean],
  );
  return [...own, ...((schema.allOf as JsonSchema[] | undefined) ?? []).flatMap((part) => fields(part, models))];
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function frameSection(message: Message, models: Record<string, JsonSchema>): string {
  const described = fields(message.payload, models);
  const about = described.some(([, schema]) => schema.description);
  const rows = described.map(
    ([name, schema, required]) =>
      `| \`${name}\` | ${cell(typeOf(schema))} | ${required ? 'yes' : 'no'} |${about ? ` ${cell(String(schema.description ?? ''))} |` : ''}`,
  );
  return [
    `#### ${message.name}`,
    message.summary,
    `| field | type | required |${about ? ' about |' : ''}\n| --- | --- | --- |${about ? ' --- |' : ''}\n` + rows.join('\n'),
    '```json\n' + JSON.stringify(message.examples[0]!.payload, null, 2) + '\n```',
  ].join('\n\n');
}

/**
 * The WebSocket part of the API reference, in Markdown, from the AsyncAPI document: how to
 * connect, then every frame of each direction with its fields and an example.
 */
export function webSocketReference(asyncapi: AsyncApi): string {
  const messages = Object.entries(asyncapi.components.messages) as [string, Message][];
  const models = asyncapi.components.schemas;
  const direction = (prefix: string) =>
    messages
      .filter(([key]) => key.startsWith(prefix))
      .map(([, message]) => frameSection(message, models))
      .join('\n\n');
  return [
    '## WebSocket',
    asyncapi.channels.chat.description,
    'The models the frames name (`Message`, `Chat`, …) are those of the REST API, listed under Models. The same frames, machine-readable: [/asyncapi.json](/asyncapi.json) (AsyncAPI 3.1).',
    '### Client → server frames',
    direction('client.'),
    '### Server → client frames',
    direction('server.'),
  ].join('\n\n');
}
