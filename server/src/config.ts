import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
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
  CHATS_PER_DAY: z.coerce.number().int().positive().default(500),
  UPLOAD_BYTES_PER_DAY: z.coerce.number().int().positive().default(500 * 1000 * 1000),
});

export interface Config {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
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
  /** New chats a customer may start in a day (429 beyond). */
  chatsPerDay: number;
  /** Bytes one account may upload in 24 hours (413 beyond). */
  uploadBytesPerDay: number;
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
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'salon-chat.sqlite')}`,
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
    chatsPerDay: e.CHATS_PER_DAY,
    uploadBytesPerDay: e.UPLOAD_BYTES_PER_DAY,
  };
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
