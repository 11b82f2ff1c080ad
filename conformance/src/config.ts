/** The target description (`target.json`) and its validation. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const token = z.strictObject({ token: z.string().min(1) });
const staffActor = z.union([z.strictObject({ email: z.string().min(1), password: z.string() }), token]);
const customerActor = z.union([z.strictObject({ phone: z.string().min(1), password: z.string() }), token]);

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http:// or https:// URL');

export const TargetConfig = z.strictObject({
  /** Where the REST API lives; the WebSocket URL is derived from it unless `wsUrl` is given. */
  baseUrl: httpUrl,
  wsUrl: z
    .string()
    .refine((value) => URL.canParse(value) && /^wss?:$/.test(new URL(value).protocol), 'must be a ws:// or wss:// URL')
    .optional(),
  /** Staff of one salon; the second is optional. */
  staff: z.array(staffActor).min(1).max(2),
  /** A staff user of another salon (enables the cross-salon scenarios). */
  otherSalonStaff: staffActor.optional(),
  /** Customers of that salon; the second is optional. */
  customers: z.array(customerActor).min(1).max(2),
  /** The server's HS256 signing secret: enables the expired-token scenarios. */
  jwtSecret: z.string().min(1).optional(),
  /** Instead of the secret: tokens the server issued that have expired, one a side. */
  expiredTokens: z.strictObject({ staff: z.string().min(1).optional(), customer: z.string().min(1).optional() }).optional(),
});
export type TargetConfig = z.infer<typeof TargetConfig>;
export type StaffActorConfig = z.infer<typeof staffActor>;
export type CustomerActorConfig = z.infer<typeof customerActor>;

/** The target cannot be certified as configured; `message` is one line naming the problem. */
export class ConfigError extends Error {}

/** Validates a parsed config, naming every offending field. */
export function parseConfig(data: unknown): TargetConfig {
  const parsed = TargetConfig.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(root)';
    return `${field}: ${issue.code === 'invalid_union' ? describeUnion(field) : issue.message}`;
  });
  throw new ConfigError(`invalid config: ${problems.join('; ')}`);
}

function describeUnion(field: string): string {
  if (field.startsWith('customers')) return 'expected {"phone", "password"} or {"token"}';
  return 'expected {"email", "password"} or {"token"}';
}

/** Reads and validates a `target.json`. */
export async function loadConfig(file: string): Promise<TargetConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`invalid config: ${file} is not JSON (${(error as Error).message})`);
  }
  return parseConfig(data);
}
