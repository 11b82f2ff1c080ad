import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import cors from '@koa/cors';
import { contentSecurityPolicy } from 'helmet';
import helmet from 'koa-helmet';
import Router from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import { HttpMethodEnum, koaBody } from 'koa-body';
import type { Logger } from 'pino';
import type { ErrorCode } from '@salon-chat/protocol';
import { AppError, forbidden } from '../errors.ts';
import type { Actor } from '../domain.ts';
import type { Services } from '../services/index.ts';
import { asyncApiDocument } from './asyncapi.ts';
import { VIEWER_PATH, serveDocsPage, serveViewer } from './docs-page.ts';
import { authenticate, mount, type Endpoint } from './endpoint.ts';
import { openApiDocument } from './openapi.ts';
import { authEndpoints } from './routes/auth.ts';
import { catalogEndpoints } from './routes/catalog.ts';
import { chatEndpoints } from './routes/chats.ts';
import { followUpEndpoints } from './routes/follow-ups.ts';
import { messageEndpoints } from './routes/messages.ts';
import { pushEndpoints } from './routes/push.ts';
import { quickReplyEndpoints } from './routes/quick-replies.ts';
import { uploadEndpoints } from './routes/uploads.ts';
import { serveFolder, type StaticMount } from './static-files.ts';
import { webSocketReference } from './ws-reference.ts';
import type { Vitals } from '../vitals.ts';
import type { AccountBudgets } from '../realtime/account-budgets.ts';
import type { ClusterHealth } from '../realtime/cluster.ts';
import { perAccount } from './limits.ts';

export interface AppOptions {
  services: Services;
  logger: Logger;
  uploadDir: string;
  uploadMaxBytes: number;
  guestsPerMinute: number;
  loginsPerMinute: number;
  refreshesPerMinute: number;
  uploadsPerMinute: number;
  /** Proxies in front whose `X-Forwarded-For` entries are believed; with 0 the client address is the socket's. */
  trustProxy: number;
  /** Each account's budgets, shared with its sockets: REST messages, reads and new chats draw on its budget of messages. */
  budgets: AccountBudgets;
  corsOrigins: string[] | null;
  version: string;
  /** The process's recent vital signs, reported by `/healthz`. */
  vitals: Vitals;
  /** How many sockets are open on this node. */
  connections(): number;
  /** Where this node stands among the others, when it is one of several. */
  cluster?: () => ClusterHealth;
  /** Restores the demo data for whom it allows; present only where the server runs the demo. */
  demoReset?: { allowed(actor: Actor): Promise<boolean>; run(): Promise<void> };
  /** Folders served as they are, e.g. the widget bundle under /widget and the demo under /. */
  staticMounts?: StaticMount[];
}

const JSON_LIMIT = '256kb';

/** Client mistakes thrown by Koa or the body parser, with the words a caller can act on. */
type ThrownError = { status?: number; statusCode?: number; httpCode?: number; name?: string; code?: unknown; message: string };

const CODE_BY_STATUS: Record<number, ErrorCode> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 413: 'payload_too_large', 415: 'unsupported_media_type' };

function describeClientError(err: ThrownError): { status: number; code: ErrorCode; detail: string } | null {
  if (typeof err.code === 'string' && err.code.startsWith('Z_')) return { status: 400, code: 'bad_json', detail: 'the request body could not be decompressed' };
  const status = err.status ?? err.statusCode ?? err.httpCode;
  if (!status || status < 400 || status >= 500) return null;
  if (status === 400 && err.name === 'SyntaxError') return { status: 400, code: 'bad_json', detail: 'the request body is not valid JSON' };
  if (status === 413) return { status, code: 'payload_too_large', detail: `request too large: ${err.message}` };
  return { status, code: CODE_BY_STATUS[status] ?? 'validation_failed', detail: err.message };
}

/**
 * A refusal for load (429, 503) is answered after a pause: a flooding client then asks no faster
 * than its connections allow, and costs the server a timer instead of a request a millisecond.
 */
const REFUSAL_PAUSE_MS = 1000;
const holdRefusal = () => new Promise((resolve) => setTimeout(resolve, REFUSAL_PAUSE_MS));

function errors(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { detail: `no route for ${ctx.method} ${ctx.path}`, code: 'not_found' };
      }
    } catch (err) {
      if (err instanceof AppError) {
        if (err.status === 429 || err.status === 503) await holdRefusal();
        if ('headers' in err) ctx.set(err.headers as Record<string, string>);
        ctx.status = err.status;
        ctx.body = { detail: err.message, code: err.code, ...('errors' in err ? { errors: err.errors } : {}) };
        return;
      }
      const client = describeClientError(err as ThrownError);
      if (client) {
        ctx.status = client.status;
        ctx.body = { detail: client.detail, code: client.code };
        return;
      }
      logger.error({ err, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = 500;
      ctx.body = { detail: 'internal server error', code: 'internal' };
    }
  };
}

/** A request id the client may choose: short, of characters safe in a header and a log line. */
const CLIENT_REQUEST_ID = /^[\w.:-]{1,64}$/;

function requestLog(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const started = performance.now();
    const given = ctx.get('X-Request-Id');
    const id = CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', id);
    await next();
    logger.info(
      { req: id, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round((performance.now() - started) * 10) / 10 },
      'request',
    );
  };
}

/** Where multipart uploads land while they are checked: beside the kept files, on the same disk. */
export function incomingDir(uploadDir: string): string {
  const dir = path.join(uploadDir, '.incoming');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Builds the Koa app (REST, docs, static files) without listening. */
export function createApp(options: AppOptions): { app: Koa; endpoints: Endpoint[] } {
  const { services, logger } = options;
  const app = new Koa({ proxy: options.trustProxy > 0, maxIpsCount: options.trustProxy });
  const endpoints = [
    ...authEndpoints(services, options),
    ...chatEndpoints(services, perAccount(options.budgets)),
    ...messageEndpoints(services, perAccount(options.budgets)),
    ...uploadEndpoints(services, options.uploadMaxBytes, options.uploadsPerMinute),
    ...pushEndpoints(services),
    ...quickReplyEndpoints(services),
    ...catalogEndpoints(services),
    ...followUpEndpoints(services),
  ];
  const router = new Router();
  const multipart = koaBody({
    multipart: true,
    json: false,
    urlencoded: false,
    text: false,
    formidable: { maxFileSize: options.uploadMaxBytes, maxFiles: 1, uploadDir: incomingDir(options.uploadDir), allowEmptyFiles: false },
  });
  mount(router, endpoints, services.auth, multipart);

  const asyncapi = asyncApiDocument(options.version);
  const openapi = openApiDocument(endpoints, options.version, webSocketReference(asyncapi));
  router.get('/openapi.json', (ctx) => (ctx.body = openapi));
  router.get('/asyncapi.json', (ctx) => (ctx.body = asyncapi));
  router.get('/docs', serveDocsPage);
  router.get(VIEWER_PATH, serveViewer);
  const { demoReset } = options;
  if (demoReset) {
    router.post('/api/v1/demo/reset', async (ctx) => {
      const origin = ctx.get('Origin');
      if (origin && origin !== `${ctx.protocol}://${ctx.host}`) throw forbidden('the demo can be reset only from its own pages');
      const actor = await authenticate(ctx, services.auth, 'user');
      if (!(await demoReset.allowed(actor!))) throw forbidden('only the staff of the demo salons reset the demo');
      await demoReset.run();
      ctx.status = 204;
    });
  }
  router.get('/healthz', async (ctx) => {
    await services.db.raw('select 1');
    const cluster = options.cluster?.();
    // A node without Redis still serves its own sockets: it answers, and says it is on its own.
    const status = cluster?.redis === 'down' ? 'degraded' : 'ok';
    ctx.body = { status, version: options.version, connections: options.connections(), ...(cluster ? { cluster } : {}), ...options.vitals.read() };
  });
  // an upload's name is new for each file: it never changes
  serveFolder(router, { prefix: '/uploads', dir: options.uploadDir, immutable: /^/ }, {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  for (const mountPoint of options.staticMounts ?? []) serveFolder(router, { ...mountPoint, dir: path.resolve(mountPoint.dir) });

  const allowed = options.corsOrigins;
  app
    .use(requestLog(logger))
    .use(
      helmet({
        // pages carry their own policies (the demo's meta tags, /docs, /uploads); this one only keeps them out of other sites' frames
        contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: contentSecurityPolicy.dangerouslyDisableDefaultSrc, frameAncestors: ["'self'"] } },
        // the widget, the uploads and the API are used from the salons' own sites
        crossOriginResourcePolicy: { policy: 'cross-origin' },
        frameguard: { action: 'sameorigin' },
      }),
    )
    .use(errors(logger))
    .use(
      cors({
        origin: (ctx) => (allowed === null ? '*' : allowed.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
        allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
        exposeHeaders: ['X-Request-Id', 'X-Next-Cursor', 'Retry-After'],
        maxAge: 600,
      }),
    )
    .use(koaBody({ multipart: false, jsonLimit: JSON_LIMIT, formLimit: JSON_LIMIT, textLimit: JSON_LIMIT, jsonStrict: true, parsedMethods: [HttpMethodEnum.POST, HttpMethodEnum.PUT, HttpMethodEnum.PATCH, HttpMethodEnum.DELETE] }))
    .use(router.routes())
    .use(router.allowedMethods({ throw: false }));
  return { app, endpoints };
}
