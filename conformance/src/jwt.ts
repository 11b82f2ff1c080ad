/** Tokens a server must refuse, made from a real one (the suite never needs the server's key). */
import { createHmac } from 'node:crypto';

interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The parts of a JWT, or `null` when `token` is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (typeof header !== 'object' || typeof payload !== 'object' || !header || !payload) return null;
    return { header, payload, signature: parts[2]! };
  } catch {
    return null;
  }
}

/** The same claims, unsigned, with `alg: none`. */
export function algNoneToken(jwt: DecodedJwt): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(jwt.payload)}.`;
}

/** The claims changed (a later expiry) under the original signature. */
export function tamperedToken(jwt: DecodedJwt): string {
  const exp = typeof jwt.payload.exp === 'number' ? jwt.payload.exp + 86_400 : Math.floor(Date.now() / 1000) + 86_400;
  return `${encode(jwt.header)}.${encode({ ...jwt.payload, exp })}.${jwt.signature}`;
}

/** The same claims, correctly signed with HS256 and `secret`, but expired an hour ago. */
export function expiredToken(jwt: DecodedJwt, secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ ...jwt.header, alg: 'HS256' })}.${encode({ ...jwt.payload, iat: now - 7200, exp: now - 3600 })}`;
  const signature = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${signature}`;
}
