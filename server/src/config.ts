import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_WAL_LIMIT } from './db/sqlite-client.ts';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt setting with 16 MiB of memory (N=2^14, r=8, p=5). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 5 };

/** How passwords are hashed (services/passwords.ts). */
export interface HasherOptions {
  params?: ScryptParams;
  /** Threads that hash; by default all cores but one, so the event loop keeps one. */
  threads?: number;
  /** Hashes waiting for a thread; beyond it a login answers 503. */
  maxQueue?: number;
}

const ScryptParams = z
  .string()
  .regex(/^N=\d+,r=\d+,p=\d+$/, 'write it as N=16384,r=8,p=5')
  .transform((text) => Object.fromEntries(text.split(',').map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])])) as { N: number; r: number; p: number })
  .refine(({ N, r, p }) => N >= 1024 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16, 'N a power of two ≥ 1024, r 1–32, p 1–16');

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'write it as redis://host:6379').optional(),
  CLUSTER_NAME: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "-" and "_", at most 64').default('salon-chat'),
  NODE_ID: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "-" and "_", at most 64').optional(),
  JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters').optional(),
  ACCESS_TOKEN_TTL: z.coerce.number().int().positive().default(3600),
  REFRESH_TOKEN_TTL: z.coerce.number().int().positive().default(30 * 24 * 3600),
  UPLOAD_DIR: z.string().optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  CORS_ORIGINS: z.string().optional(),
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEARTBEAT_MS: z.coerce.number().int().positive().default(30_000),
  WS_FRAMES_PER_SECOND: z.coerce.number().int().positive().default(30),
  WS_JOINS_PER_SECOND: z.coerce.number().int().positive().default(500),
  GUESTS_PER_MINUTE: z.coerce.number().int().positive().default(5),
  GUESTS_PER_DAY_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  GUEST_CHATS_PER_DAY_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  GUEST_CHATS_PER_DAY_PER_SALON: z.coerce.number().int().positive().default(1000),
  GUEST_UPLOAD_BYTES_PER_DAY_PER_ADDRESS: z.coerce.number().int().positive().default(200 * 1000 * 1000),
  CHATS_PER_DAY: z.coerce.number().int().positive().default(500),
  UPLOAD_BYTES_PER_DAY: z.coerce.number().int().positive().default(500 * 1000 * 1000),
  UPLOAD_UNATTACHED_HOURS: z.coerce.number().positive().default(24),
  GUEST_MESSAGES_PER_DAY_PER_ADDRESS: z.coerce.number().int().positive().default(2000),
  UPLOADS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  SEARCHES_PER_SECOND_PER_SALON: z.coerce.number().int().positive().default(4),
  LOGINS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  REFRESHES_PER_MINUTE: z.coerce.number().int().positive().default(60),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  SCRYPT_PARAMS: ScryptParams.optional(),
  HASH_THREADS: z.coerce.number().int().positive().optional(),
  HASH_QUEUE: z.coerce.number().int().positive().optional(),
  WS_BYTES_PER_SECOND: z.coerce.number().int().positive().default(256 * 1024),
  WS_ACCOUNT_FRAMES_PER_SECOND: z.coerce.number().int().positive().default(100),
  WS_ACCOUNT_BYTES_PER_SECOND: z.coerce.number().int().positive().default(1024 * 1024),
  WS_SOCKETS_PER_ACCOUNT: z.coerce.number().int().positive().default(32),
  MESSAGES_PER_SECOND: z.coerce.number().int().positive().default(20),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  SQLITE_WAL_LIMIT: z.coerce.number().int().positive().default(DEFAULT_WAL_LIMIT),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  UPLOAD_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  MAX_CONNECTIONS: z.coerce.number().int().positive().default(10_000),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().positive().default(100),
  WS_CLOSE_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  SEARCHES_PER_ACCOUNT: z.coerce.number().int().positive().default(2),
  SEARCHES_PER_SALON: z.coerce.number().int().positive().default(3),
  SEARCHES_PER_PROCESS: z.coerce.number().int().positive().default(4),
  SEARCH_MAX_MESSAGES: z.coerce.number().int().positive().default(5000),
  SEARCH_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  FOLLOW_UP_AFTER: z.coerce.number().int().positive().default(300),
  FOLLOW_UP_LINK_TTL: z.coerce.number().int().positive().default(24 * 3600),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'write it as smtp://user:pass@host:587 or smtps://…').optional(),
  MAIL_FROM: z.email().optional(),
  SMS_PROVIDER: z.enum(['twilio', 'webhook']).optional(),
  TWILIO_BASE_URL: z.url().default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  SMS_WEBHOOK_URL: z.url().optional(),
  SMS_WEBHOOK_SECRET: z.string().min(16, 'SMS_WEBHOOK_SECRET must be at least 16 characters').optional(),
  OUTBOX_LEASE_SECONDS: z.coerce.number().positive().default(120),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  OUTBOX_RETRY_BASE_SECONDS: z.coerce.number().positive().default(30),
  VAPID_PUBLIC_KEY: z.string().regex(/^[\w-]{87}$/, 'the uncompressed P-256 public key, base64url (87 characters)').optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[\w-]{43}$/, 'the P-256 private key, base64url (43 characters)').optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, 'a mailto: or https:// address the push services may reach').default('mailto:salon-chat@localhost'),
  PUSH_TTL: z.coerce.number().int().min(0).max(28 * 24 * 3600).default(3600),
  PUSH_COALESCE_MS: z.coerce.number().int().min(0).default(3000),
  PUSH_CONCURRENCY: z.coerce.number().int().positive().default(8),
  PUSH_PRIVATE_ENDPOINTS: z.enum(['allow', 'refuse']).optional(),
});

export interface Config {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  /** Redis shared by the nodes of a multi-node deployment; none for one node alone. */
  redisUrl: string | null;
  /** The nodes on one Redis with the same cluster name form one deployment. */
  clusterName: string;
  /** This node's name among the others (logs, `/healthz`). */
  nodeId: string;
  jwtSecret: string;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  uploadDir: string;
  uploadMaxBytes: number;
  /** Allowed browser origins; `null` allows any (the API authenticates by bearer token, never cookies). */
  corsOrigins: string[] | null;
  seedDemo: boolean;
  logLevel: string;
  heartbeatMs: number;
  wsFramesPerSecond: number;
  wsJoinsPerSecond: number;
  /** Guest chats a client address may start in a minute. */
  guestsPerMinute: number;
  /** Guests a client address (an IPv6 one by its /64) may start in 24 hours. */
  guestsPerDayPerAddress: number;
  /** New chats the guests of one client address may start in 24 hours, all together. */
  guestChatsPerDayPerAddress: number;
  /** New chats guests may start with one salon in 24 hours, from everywhere. */
  guestChatsPerDayPerSalon: number;
  /** Bytes the guests of one client address may upload in 24 hours, all together (413 beyond). */
  guestUploadBytesPerDayPerAddress: number;
  /** New chats a customer may start in a day (429 beyond). */
  chatsPerDay: number;
  /** Bytes one account may upload in 24 hours (413 beyond). */
  uploadBytesPerDay: number;
  /** Uploads no message uses are deleted after this many hours. */
  uploadUnattachedHours: number;
  /** Login attempts (staff and customer) a client address may make in a minute. */
  loginsPerMinute: number;
  /** Token refreshes a client address may make in a minute. */
  refreshesPerMinute: number;
  /** Uploads a client address may send in a minute (429 beyond). */
  uploadsPerMinute: number;
  /** Messages all the guests of one client address may send in a day. */
  guestMessagesPerDayPerAddress: number;
  /** Failed logins an account may have in 15 minutes. */
  loginFailuresPerAccount: number;
  passwordHashing: HasherOptions;
  /** Frame bytes a socket may send a second. */
  wsBytesPerSecond: number;
  /** Frames and frame bytes all the sockets of one account may send a second. */
  wsAccountFramesPerSecond: number;
  wsAccountBytesPerSecond: number;
  /** Open sockets one account may have (tabs, devices). */
  wsSocketsPerAccount: number;
  /** Messages, reads and new chats one account may send a second, over WebSocket and REST together (five seconds of it at once). */
  messagesPerSecond: number;
  /** Proxies in front of the server whose `X-Forwarded-For` entries are believed (0: none). */
  trustProxy: number;
  /** Bytes the WAL of a SQLite database may keep once its commits are checkpointed. */
  sqliteWalLimit: number;
  /** How long a client may take to send a request's headers, and then its body (a multipart upload's has longer). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  uploadTimeoutMs: number;
  /** Open connections (WebSocket ones too) on this process, and per client address when no proxy is trusted. */
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** How long a socket being closed waits for the client's close frame before it is dropped. */
  wsCloseTimeoutMs: number;
  /** What the staff's chat search may cost (services/chat-search.ts). */
  search: SearchLimits;
  followUps: FollowUpConfig;
  push: PushConfig;
}

/** Web Push to the staff (services/push.ts). */
export interface PushConfig {
  /** The VAPID key pair given, or null: the deployment's, kept in its database (see `services/push.ts`). */
  vapid: VapidKeys | null;
  /** Where a single node kept its pair before the database did: adopted as the deployment's when present. */
  keyFile: string;
  /** How push services reach the operator: a mailto: or https: address. */
  subject: string;
  /** Seconds a push service keeps a notification for a device that is offline. */
  ttl: number;
  /** A chat's customer messages within this many milliseconds of the first make one notification. */
  coalesceMs: number;
  /** Notifications sent at once. */
  concurrency: number;
  /** Whether push endpoints on this host or a private network are reached (a test's push service), or refused (production). */
  privateEndpoints: boolean;
}

export type SmsConfig =
  | { provider: 'twilio'; baseUrl: string; accountSid: string; authToken: string; from: string }
  | { provider: 'webhook'; url: string; secret: string };

/** Follow-ups to customers who left with replies unread (services/follow-ups). */
export interface FollowUpConfig {
  /** Seconds a staff message stays unread before the follow-up (a salon may set its own). */
  after: number;
  /** This server's address as customers reach it: photos and the unsubscribe URL in follow-ups (by default the one it listens on). */
  publicUrl: string | null;
  /** Seconds a link back signs in, once. */
  linkTtl: number;
  /** E-mail: SMTP, the local mailbox (development), or none (production without SMTP_URL). */
  mail: { smtpUrl: string; from: string } | 'local' | null;
  /** SMS: a provider, the local mailbox (development), or none. */
  sms: SmsConfig | 'local' | null;
  outbox: { leaseMs: number; maxAttempts: number; retryBaseMs: number };
}

export interface SearchLimits {
  /** Searches one account, one salon, and all together may run at once in this process (429 beyond). */
  perAccount: number;
  perSalon: number;
  perProcess: number;
  /** Searches one salon may start a second, twice that at once: on SQLite a search runs on the event loop from start to end, so how many run at once does not bound what they cost. */
  perSalonPerSecond: number;
  /** Matching messages a search may read (a search whose words are in more answers 422). */
  maxMessages: number;
  /** Time a search may take on PostgreSQL (503 beyond). */
  timeoutMs: number;
}

export class ConfigError extends Error {}

/** Reads the configuration from the environment; throws a ConfigError naming what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dataDir = path.resolve(e.DATA_DIR);
  if (production && !e.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  }
  if (e.REDIS_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL ?? '')) {
    throw new ConfigError('REDIS_URL runs several nodes, which share a PostgreSQL database: set DATABASE_URL=postgres://… too (SQLite serves one process)');
  }
  return {
    followUps: followUpConfig(e, production),
    push: {
      vapid: givenVapidKeys(e),
      keyFile: path.join(dataDir, 'vapid-keys.json'),
      subject: e.VAPID_SUBJECT,
      ttl: e.PUSH_TTL,
      coalesceMs: e.PUSH_COALESCE_MS,
      concurrency: e.PUSH_CONCURRENCY,
      privateEndpoints: (e.PUSH_PRIVATE_ENDPOINTS ?? (production ? 'refuse' : 'allow')) === 'allow',
    },
    production,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'salon-chat.sqlite')}`,
    redisUrl: e.REDIS_URL ?? null,
    clusterName: e.CLUSTER_NAME,
    nodeId: e.NODE_ID ?? `${hostname()}-${process.pid}`,
    jwtSecret: e.JWT_SECRET ?? developmentSecret(dataDir),
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    uploadDir: path.resolve(e.UPLOAD_DIR ?? path.join(dataDir, 'uploads')),
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : null,
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : !production,
    logLevel: e.LOG_LEVEL,
    heartbeatMs: e.HEARTBEAT_MS,
    wsFramesPerSecond: e.WS_FRAMES_PER_SECOND,
    wsJoinsPerSecond: e.WS_JOINS_PER_SECOND,
    guestsPerMinute: e.GUESTS_PER_MINUTE,
    guestsPerDayPerAddress: e.GUESTS_PER_DAY_PER_ADDRESS,
    guestChatsPerDayPerAddress: e.GUEST_CHATS_PER_DAY_PER_ADDRESS,
    guestChatsPerDayPerSalon: e.GUEST_CHATS_PER_DAY_PER_SALON,
    guestUploadBytesPerDayPerAddress: e.GUEST_UPLOAD_BYTES_PER_DAY_PER_ADDRESS,
    chatsPerDay: e.CHATS_PER_DAY,
    uploadBytesPerDay: e.UPLOAD_BYTES_PER_DAY,
    uploadUnattachedHours: e.UPLOAD_UNATTACHED_HOURS,
    loginsPerMinute: e.LOGINS_PER_MINUTE,
    refreshesPerMinute: e.REFRESHES_PER_MINUTE,
    uploadsPerMinute: e.UPLOADS_PER_MINUTE,
    guestMessagesPerDayPerAddress: e.GUEST_MESSAGES_PER_DAY_PER_ADDRESS,
    loginFailuresPerAccount: e.LOGIN_FAILURES_PER_ACCOUNT,
    passwordHashing: { params: e.SCRYPT_PARAMS ?? DEFAULT_SCRYPT, threads: e.HASH_THREADS, maxQueue: e.HASH_QUEUE },
    wsBytesPerSecond: e.WS_BYTES_PER_SECOND,
    wsAccountFramesPerSecond: e.WS_ACCOUNT_FRAMES_PER_SECOND,
    wsAccountBytesPerSecond: e.WS_ACCOUNT_BYTES_PER_SECOND,
    wsSocketsPerAccount: e.WS_SOCKETS_PER_ACCOUNT,
    messagesPerSecond: e.MESSAGES_PER_SECOND,
    trustProxy: e.TRUST_PROXY,
    sqliteWalLimit: e.SQLITE_WAL_LIMIT,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    uploadTimeoutMs: e.UPLOAD_TIMEOUT_MS,
    maxConnections: e.MAX_CONNECTIONS,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    wsCloseTimeoutMs: e.WS_CLOSE_TIMEOUT_MS,
    search: { perAccount: e.SEARCHES_PER_ACCOUNT, perSalon: e.SEARCHES_PER_SALON, perProcess: e.SEARCHES_PER_PROCESS, perSalonPerSecond: e.SEARCHES_PER_SECOND_PER_SALON, maxMessages: e.SEARCH_MAX_MESSAGES, timeoutMs: e.SEARCH_TIMEOUT_MS },
  };
}

function followUpConfig(e: z.infer<typeof Env>, production: boolean): FollowUpConfig {
  if (e.SMTP_URL && production && !e.MAIL_FROM) throw new ConfigError('MAIL_FROM is required with SMTP_URL when NODE_ENV=production');
  let sms: FollowUpConfig['sms'] = production ? null : 'local';
  if (e.SMS_PROVIDER === 'twilio') {
    if (!e.TWILIO_ACCOUNT_SID || !e.TWILIO_AUTH_TOKEN || !e.TWILIO_FROM) throw new ConfigError('SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM');
    sms = { provider: 'twilio', baseUrl: e.TWILIO_BASE_URL, accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_FROM };
  } else if (e.SMS_PROVIDER === 'webhook') {
    if (!e.SMS_WEBHOOK_URL || !e.SMS_WEBHOOK_SECRET) throw new ConfigError('SMS_PROVIDER=webhook needs SMS_WEBHOOK_URL and SMS_WEBHOOK_SECRET');
    sms = { provider: 'webhook', url: e.SMS_WEBHOOK_URL, secret: e.SMS_WEBHOOK_SECRET };
  }
  const leaseMs = e.OUTBOX_LEASE_SECONDS * 1000;
  return {
    after: e.FOLLOW_UP_AFTER,
    publicUrl: e.PUBLIC_URL ?? null,
    linkTtl: e.FOLLOW_UP_LINK_TTL,
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? 'salon-chat@localhost' } : production ? null : 'local',
    sms,
    outbox: { leaseMs, maxAttempts: e.OUTBOX_MAX_ATTEMPTS, retryBaseMs: e.OUTBOX_RETRY_BASE_SECONDS * 1000 },
  };
}

export interface VapidKeys {
  /** The uncompressed P-256 public key, base64url. */
  publicKey: string;
  /** The P-256 private scalar, base64url. */
  privateKey: string;
}

/** The VAPID key pair of the environment: both, or neither. */
function givenVapidKeys(e: z.infer<typeof Env>): VapidKeys | null {
  if (e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY) return { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY };
  if (e.VAPID_PUBLIC_KEY || e.VAPID_PRIVATE_KEY) throw new ConfigError('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together: set both, or neither to have them made');
  return null;
}

/** A VAPID key pair for a deployment that has none: the one kept in `keyFile` if there is one, else a new one. */
export function makeVapidKeys(keyFile: string): VapidKeys {
  if (existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as VapidKeys;
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  return { publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(-65).toString('base64url'), privateKey: jwk.d! };
}

/** A secret kept under the data directory so development tokens survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
