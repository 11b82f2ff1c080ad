import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { MODELS } from './models.ts';

export type JsonSchema = Record<string, unknown>;

export interface Root {
  schema: z.ZodType;
  /** Requests are described as they are accepted (`input`), answers as they are sent (`output`). */
  io: 'input' | 'output';
}

export interface Converted {
  /** Each root's JSON Schema: a `$ref` when the root is a model. */
  roots: JsonSchema[];
  /** The models the roots reach, by id. */
  components: Record<string, JsonSchema>;
}

const ROOT_ID = '~root~';

/** The ids of the models a JSON Schema refers to, directly or through other models. */
function reachable(from: unknown[], components: Record<string, JsonSchema>, prefix: string): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
        const id = value.slice(prefix.length);
        if (!found.has(id)) {
          found.add(id);
          visit(components[id]);
        }
      } else visit(value);
    }
  };
  from.forEach(visit);
  return found;
}

/**
 * Says what zod means in the plainest words, which viewers and generators read best: open objects
 * as `additionalProperties: true`, integers without JavaScript's bounds, a nullable string as
 * `type: ["string", "null"]` even with a pattern, a fixed-length tuple without `items: false`.
 */
function plain({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  const extra = jsonSchema.additionalProperties;
  if (extra && typeof extra === 'object' && Object.keys(extra).length === 0) jsonSchema.additionalProperties = true;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  const tuple = jsonSchema.prefixItems;
  if (Array.isArray(tuple) && jsonSchema.items === false && jsonSchema.maxItems === tuple.length) delete jsonSchema.items;
  const union = jsonSchema.anyOf as JsonSchema[] | undefined;
  const nonNull = union?.length === 2 && union.some((s) => Object.keys(s).length === 1 && s.type === 'null') ? union.find((s) => s.type !== 'null') : undefined;
  if (nonNull && typeof nonNull.type === 'string' && !('enum' in nonNull) && !('const' in nonNull)) {
    delete jsonSchema.anyOf;
    Object.assign(jsonSchema, nonNull, { type: [nonNull.type, 'null'] });
  }
}

function convertSide(roots: z.ZodType[], io: Root['io'], target: 'draft-2020-12' | 'draft-07', prefix: string) {
  const registry = z.registry<{ id: string; description?: string }>();
  for (const [schema, meta] of MODELS) registry.add(schema, meta);
  const ids = roots.map((schema) => registry.get(schema)?.id ?? `${ROOT_ID}${roots.indexOf(schema)}`);
  roots.forEach((schema, i) => registry.has(schema) || registry.add(schema, { id: ids[i]! }));
  const { schemas } = z.toJSONSchema(registry, { io, target, unrepresentable: 'any', uri: (id) => prefix + id, override: plain }) as {
    schemas: Record<string, JsonSchema>;
  };
  for (const json of Object.values(schemas)) {
    delete json.$schema;
    delete json.$id;
  }
  const rootSchemas = ids.map((id) => (id.startsWith(ROOT_ID) ? schemas[id]! : { $ref: prefix + id }));
  const used = reachable(rootSchemas, schemas, prefix);
  for (const id of used) if (id.startsWith(ROOT_ID)) throw new Error(`a schema described on its own is also part of another: name it in models.ts`);
  return { roots: rootSchemas, components: Object.fromEntries([...used].map((id) => [id, schemas[id]!])) };
}

/**
 * JSON Schemas of requests and answers, sharing the named models as components under `prefix`.
 * A model must read the same as a request and as an answer; otherwise it needs two names.
 */
export function convert(roots: Root[], target: 'draft-2020-12' | 'draft-07', prefix: string): Converted {
  const result: Converted = { roots: [], components: {} };
  for (const io of ['input', 'output'] as const) {
    const side = roots.filter((r) => r.io === io);
    const converted = convertSide(side.map((r) => r.schema), io, target, prefix);
    side.forEach((root, i) => (result.roots[roots.indexOf(root)] = converted.roots[i]!));
    for (const [id, json] of Object.entries(converted.components)) {
      const seen = result.components[id];
      if (seen && !isDeepStrictEqual(seen, json)) throw new Error(`model ${id} reads differently as a request and as an answer: give each its own name`);
      result.components[id] = json;
    }
  }
  return { roots: result.roots, components: Object.fromEntries(Object.entries(result.components).sort(([a], [b]) => a.localeCompare(b))) };
}
