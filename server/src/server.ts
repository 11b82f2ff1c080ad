import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CLOSE } from '@salon-chat/protocol';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { createHttpServer, refuse } from './connections.ts';
import { migrate, openDb } from './db/connection.ts';
import { isDemoStaff, resetDemo, seedDemo } from './demo/seed.ts';
import { searchReader } from './db/sqlite-client.ts';
import { createApp } from './http/app.ts';
import type { StaticMount } from './http/static-files.ts';
import { LocalBroker, type Broker } from './realtime/broker.ts';
import { AccountBudgets } from './realtime/account-budgets.ts';
import { joinCluster } from './realtime/cluster.ts';
import { createGateway } from './realtime/gateway.ts';
import { localOnline } from './realtime/online.ts';
import { localLimiters } from './realtime/rate-limit.ts';
import { ConnectionRegistry } from './realtime/registry.ts';
import { housekeeping, type Housekeeping } from './services/housekeeping.ts';
import { createServices, type Services } from './services/index.ts';
import { watchVitals } from './vitals.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** How long requests under way may take to finish once shutdown starts. */
const SHUTDOWN_GRACE_MS = 5000;

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  /** Deletes what expired (unused uploads, old refresh tokens); `run()` sweeps now. */
  housekeeping: Housekeeping;
  logger: Logger;
  close(): Promise<void>;
}

export interface ServerOptions {
  logger?: Logger;
  broker?: Broker;
  staticMounts?: StaticMount[];
}

/** Opens the database, migrates (and seeds an empty one), and serves REST and WebSocket on one port. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'salon-chat' } });
  const db = openDb(config.databaseUrl, { walLimit: config.sqliteWalLimit });
  await migrate(db);
  const registry = new ConnectionRegistry();
  const cluster = config.redisUrl ? joinCluster(config.redisUrl, { name: config.clusterName, node: config.nodeId, registry, logger }) : undefined;
  const broker = options.broker ?? cluster?.broker ?? new LocalBroker();
  const online = cluster?.online ?? localOnline(registry);
  let publicUrl = config.followUps.publicUrl;
  const services = createServices(db, broker, online, cluster?.limiters ?? localLimiters, config, { logger, publicUrl: () => publicUrl!, watching: cluster?.watching ?? (async (chatId, who) => who.filter((w) => registry.inChat(w, chatId))) });
  // SQLite's search thread starts with the server: its start takes a core for a moment, which the
  // first search would otherwise take from everyone's messages.
  searchReader(db);
  const limits = {
    framesPerSecond: config.wsFramesPerSecond,
    bytesPerSecond: config.wsBytesPerSecond,
    accountFramesPerSecond: config.wsAccountFramesPerSecond,
    accountBytesPerSecond: config.wsAccountBytesPerSecond,
    joinsPerSecond: config.wsJoinsPerSecond,
    socketsPerAccount: config.wsSocketsPerAccount,
    messagesPerSecond: config.messagesPerSecond,
    guestMessagesPerDayPerAddress: config.guestMessagesPerDayPerAddress,
  };
  // One budget per account for its sockets and its requests; with several nodes each spends its share.
  const budgets = new AccountBudgets(limits, () => cluster?.health().nodes ?? 1);
  if (config.seedDemo && (await seedDemo(services, config.uploadDir))) logger.info('seeded the demo data');
  const chores = housekeeping(services, config, logger);
  const vitals = watchVitals();
  const { app } = createApp({
    services,
    logger,
    uploadDir: config.uploadDir,
    uploadMaxBytes: config.uploadMaxBytes,
    guestsPerMinute: config.guestsPerMinute,
    loginsPerMinute: config.loginsPerMinute,
    refreshesPerMinute: config.refreshesPerMinute,
    uploadsPerMinute: config.uploadsPerMinute,
    trustProxy: config.trustProxy,
    budgets,
    corsOrigins: config.corsOrigins,
    version,
    vitals,
    connections: () => registry.size,
    cluster: cluster?.health,
    staticMounts: options.staticMounts,
    demoReset:
      config.seedDemo && !config.production
        ? {
            allowed: (actor) => isDemoStaff(services, actor),
            async run() {
              await resetDemo(services, config.uploadDir);
              gateway.disconnect(CLOSE.serviceRestart, 'demo data restored');
              logger.info('restored the demo data');
            },
          }
        : undefined,
  });
  const gateway = createGateway({
    auth: services.auth,
    chatService: services.chats,
    messageService: services.messages,
    registry,
    broker,
    online,
    logger,
    heartbeatMs: config.heartbeatMs,
    closeTimeoutMs: config.wsCloseTimeoutMs,
    trustProxy: config.trustProxy,
    limits,
    budgets,
  });

  // Frames sent while a node was without Redis reached only its own sockets: the clients that missed them reconnect and catch up.
  cluster?.onMissed((audiences) => gateway.disconnect(CLOSE.serviceRestart, 'reconnect to catch up: frames did not reach this node', audiences));

  const server = createHttpServer(config, app.callback());
  server.on('upgrade', (req, socket, head) => {
    if (!originAllowed(req.headers.origin, req.headers.host, config.corsOrigins)) return refuse(socket, 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    if (!gateway.handleUpgrade(req, socket, head)) refuse(socket, 'HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;
  publicUrl ??= url;
  announceFollowUps(config, services, logger);
  services.followUps.start();

  let closing: Promise<void> | undefined;
  // While shutting down, answers tell keep-alive clients to go, so the server is not held open.
  server.on('request', (_req, res) => {
    if (closing) res.setHeader('Connection', 'close');
  });
  return {
    url,
    port,
    services,
    housekeeping: chores,
    logger,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await gateway.close();
        server.closeIdleConnections();
        const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await stopped;
        clearTimeout(deadline);
        await broker.close();
        await chores.stop();
        await services.followUps.stop();
        await services.push.close();
        vitals.stop();
        await services.passwords.close();
        await db.destroy();
      })()),
  };
}

/** Says at start how follow-ups go out, or that they are off. */
function announceFollowUps(config: Config, services: Services, logger: Logger): void {
  const { mail, sms } = config.followUps;
  if (!services.followUps.enabled) {
    logger.warn('follow-ups are off: no e-mail or SMS transport (set SMTP_URL and MAIL_FROM, or SMS_PROVIDER)');
    return;
  }
  const how = (t: typeof mail | typeof sms) => (t === 'local' ? 'kept in the local mailbox' : t ? ('smtpUrl' in t ? 'SMTP' : t.provider) : 'off');
  logger.info({ email: how(mail), sms: how(sms), after: config.followUps.after }, 'follow-ups on');
}

/**
 * Whether a WebSocket upgrade may go on: with `CORS_ORIGINS` set, a browser's page must be one of
 * those sites (or this server's own); clients that send no Origin (apps, servers) authenticate
 * by their token alone.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[] | null): boolean {
  if (!origin || allowed === null) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
