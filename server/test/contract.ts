/**
 * Checks real answers and frames against `/openapi.json` and `/asyncapi.json` with ajv. The
 * documents keep their models open to new fields (`additionalProperties: true`); the checks close
 * them, so a field the server sends but the documents do not name is a mismatch too.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

/** A copy of a document in which no object takes fields it does not name. */
function closed<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closed) as T;
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'additionalProperties' && v === true ? false : closed(v)])) as T;
}

const pointer = (...segments: string[]) => segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
const describe = (validate: ValidateFunction) => (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${e.params.additionalProperty}` : ''}`);

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export class OpenApiContract {
  readonly #ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  readonly #templates: { path: string; pattern: RegExp }[];
  /** Statuses answered so far, by `METHOD path` of the document. */
  readonly answered = new Map<string, Set<number>>();

  constructor(readonly document: Json) {
    addFormats.default(this.#ajv);
    this.#ajv.addSchema(closed(document), 'openapi.json');
    // literal paths first, so /chat/chats/customer is not read as /chat/chats/{id}
    this.#templates = Object.keys(document.paths)
      .sort((a, b) => Number(a.includes('{')) - Number(b.includes('{')))
      .map((path) => ({ path, pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`) }));
  }

  /** What is wrong with an answer to `method url`, by the document; nothing when it matches. */
  check(method: string, url: string, answer: Answer): string[] {
    const path = this.#templates.find((t) => t.pattern.test(url.split('?')[0]!))?.path;
    const operation = path && this.document.paths[path][method.toLowerCase()];
    if (!operation) return [`${method} ${url}: no such operation in the document`];
    const key = `${method.toUpperCase()} ${path}`;
    if (!this.answered.has(key)) this.answered.set(key, new Set());
    this.answered.get(key)!.add(answer.status);
    const documented = operation.responses[answer.status];
    if (!documented) return [`${key}: answered ${answer.status}, which the document does not list`];
    const problems = ['X-Next-Cursor', 'Retry-After']
      .filter((name) => answer.headers.has(name) && !documented.headers?.[name])
      .map((name) => `${key} ${answer.status}: header ${name} is not documented`);
    if (!documented.content) return answer.body === '' ? problems : [...problems, `${key} ${answer.status}: has a body the document does not describe`];
    if (documented.content['text/html']) {
      const html = answer.headers.get('content-type')?.startsWith('text/html') && typeof answer.body === 'string';
      return html ? problems : [...problems, `${key} ${answer.status}: is not the HTML page the document describes`];
    }
    const validate = this.#ajv.getSchema(`openapi.json#/${pointer('paths', path, method.toLowerCase(), 'responses', String(answer.status), 'content', 'application/json', 'schema')}`)!;
    return validate(answer.body) ? problems : [...problems, ...describe(validate).map((p) => `${key} ${answer.status}: ${p}`)];
  }

  /** The success statuses of the document's operations, as `METHOD path status`, that never came. */
  unexercised(): string[] {
    return Object.entries(this.document.paths as Json).flatMap(([path, operations]) =>
      Object.entries(operations as Json).flatMap(([method, operation]) => {
        const key = `${method.toUpperCase()} ${path}`;
        const successes = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
        return successes.filter((status) => !this.answered.get(key)?.has(Number(status))).map((status) => `${key} ${status}`);
      }),
    );
  }
}

export class AsyncApiContract {
  readonly #ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });

  constructor(readonly document: Json) {
    addFormats.default(this.#ajv);
    this.#ajv.addSchema(closed(document), 'asyncapi.json');
  }

  /** What is wrong with a frame that went `direction`, by the document; nothing when it matches. */
  check(direction: 'client' | 'server', frame: Record<string, unknown>): string[] {
    const key = `${direction}.${String(frame.type)}`;
    if (!this.document.components.messages[key]) return [`${key}: no such frame in the document`];
    const validate = this.#ajv.getSchema(`asyncapi.json#/${pointer('components', 'messages', key, 'payload')}`)!;
    return validate(frame) ? [] : describe(validate).map((p) => `${key}: ${p}`);
  }
}
