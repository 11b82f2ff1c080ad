import { rm } from 'node:fs/promises';
import type Router from '@koa/router';
import { describeIssues, idParam } from '@salon-chat/protocol';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { Actor } from '../domain.ts';
import { AppError, forbidden, unauthorized } from '../errors.ts';
import type { AuthService } from '../services/auth.ts';

export type Access = 'public' | 'any' | 'user' | 'customer';

export interface Input<B, Q, P> {
  actor: Actor;
  body: B;
  query: Q;
  params: P;
  ctx: Context;
}

/**
 * One REST endpoint: what it accepts and returns (for validation and the OpenAPI document) and
 * a thin handler that calls a service.
 */
export interface Endpoint<B = unknown, Q = unknown, P = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  /** A stable name for the operation: what generated clients call the method. */
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  status?: number;
  /** Other success statuses the endpoint answers, with when; the body is the same `response`. */
  otherSuccesses?: Record<number, string>;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  multipart?: boolean;
  /** The body's media type when it is not JSON (a form); `body` checks it all the same. */
  bodyType?: 'application/x-www-form-urlencoded';
  response?: z.ZodType;
  /** An answer that is an HTML page for people, not JSON. */
  html?: boolean;
  /** Headers of the answer, with what they say. */
  headers?: Record<string, string>;
  /** Error statuses of the endpoint's own rules; those of authentication and input checks follow from `access` and the schemas. */
  errors?: number[];
  handler(input: Input<B, Q, P>): Promise<unknown>;
}

/** Keeps each endpoint's types while collecting them in one list. */
export const endpoint = <B, Q, P>(e: Endpoint<B, Q, P>) => e as unknown as Endpoint;

export const IdParams = z.object({ id: idParam });

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const err = new AppError(422, 'validation_failed', `${where}: ${describeIssues(result.error)}`);
  Object.assign(err, {
    errors: result.error.issues.map((i) => ({ location: where, path: i.path.join('.'), message: i.message })),
  });
  throw err;
}

export async function authenticate(ctx: Context, auth: AuthService, access: Access): Promise<Actor | null> {
  if (access === 'public') return null;
  const header = ctx.get('Authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized(header ? 'Authorization must be "Bearer <token>"' : 'missing Authorization header');
  const actor = await auth.authenticate(match[1]!);
  if (access === 'user' && actor.type !== 'user') throw forbidden('this endpoint is for salon staff');
  if (access === 'customer' && actor.type !== 'customer') throw forbidden('this endpoint is for customers');
  return actor;
}

/** Registers endpoints on a router; multipart bodies are parsed only after authentication. */
export function mount(router: Router, endpoints: Endpoint[], auth: AuthService, multipart: Middleware): void {
  for (const e of endpoints) {
    router[e.method](e.path, async (ctx: Context) => {
      const actor = await authenticate(ctx, auth, e.access);
      try {
        if (e.multipart) await multipart(ctx, async () => {});
        const params = parse(e.params, (ctx as Context & { params: unknown }).params, 'path');
        const query = parse(e.query, ctx.query, 'query');
        const body = e.multipart ? undefined : parse(e.body, ctx.request.body, 'body');
        ctx.status = e.status ?? 200;
        ctx.body = await e.handler({ actor: actor!, body, query, params, ctx });
      } finally {
        if (e.multipart) await removeUploadedFiles(ctx);
      }
    });
  }
}

/** Multipart parsing leaves files in a temporary folder; whatever the handler did not keep goes. */
async function removeUploadedFiles(ctx: Context): Promise<void> {
  const files = Object.values(ctx.request.files ?? {}).flat();
  await Promise.all(files.map((file) => rm((file as unknown as { filepath: string }).filepath, { force: true })));
}
