import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { importJWK, jwtVerify } from 'jose';

/** A browser's side of a subscription: the keys only it holds, and the JSON it hands the server. */
export interface Device {
  name: string;
  json: { endpoint: string; keys: { p256dh: string; auth: string } };
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
}

/** A push message as the device reads it, with the headers it came with. */
export interface Delivered {
  device: string;
  payload: Record<string, unknown>;
  topic: string | undefined;
  ttl: number;
  urgency: string | undefined;
}

const info = (label: string) => Buffer.from(`Content-Encoding: ${label}\0`);

/** Decrypts an aes128gcm push message (RFC 8188) for the device that holds the keys (RFC 8291). */
export function decrypt(body: Buffer, device: Device): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const ecdhSecret = device.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), device.ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, device.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, info('aes128gcm'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, info('nonce'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 2, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292): ES256 by `k`, for this origin, not expired. */
async function checkVapid(header: string | undefined, origin: string, expectedKey: string): Promise<void> {
  const match = /^vapid t=([\w.-]+), k=([\w-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`Authorization is not a VAPID one: ${header}`);
  const [, token, k] = match as unknown as [string, string, string];
  if (k !== expectedKey) throw new Error('k is not the server key');
  const point = Buffer.from(k, 'base64url');
  const key = await importJWK({ kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }, 'ES256');
  const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'], audience: origin, requiredClaims: ['exp', 'sub'] });
  if (payload.exp! * 1000 <= Date.now()) throw new Error('expired JWT');
  if (payload.exp! * 1000 > Date.now() + 24 * 3600 * 1000) throw new Error('a JWT valid for more than 24 hours');
}

/**
 * A push service on loopback (HTTPS, its own self-signed certificate, which this process trusts):
 * it takes what a server pushes to a device's endpoint only with a valid VAPID signature by
 * `serverKey`, decrypts it with the device's keys, and answers 201, or the status set for the device.
 */
export async function startPushService(serverKey: () => Promise<string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'push-service-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const cert = readFileSync(path.join(dir, 'cert.pem'));
  const key = readFileSync(path.join(dir, 'key.pem'));
  rmSync(dir, { recursive: true, force: true });
  // web-push sends with Node's default agent: this process trusts the stand-in's certificate.
  const trusted = https.globalAgent.options.ca;
  https.globalAgent.options.ca = cert;

  const devices = new Map<string, Device>();
  const answers = new Map<string, number>();
  const delivered: Delivered[] = [];
  const refused: string[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const name = decodeURIComponent(req.url!.replace(/^\/push\//, ''));
      const device = devices.get(name);
      try {
        if (!device) throw new Error(`no device ${name}`);
        if (req.method !== 'POST') throw new Error(`${req.method} is not a push`);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
        await checkVapid(req.headers.authorization, `https://${req.headers.host}`, await serverKey());
        const ttl = Number(req.headers.ttl);
        if (!Number.isInteger(ttl)) throw new Error('no TTL');
        const status = answers.get(name) ?? 201;
        if (status === 201) {
          const payload = JSON.parse(decrypt(Buffer.concat(chunks), device).toString('utf8')) as Record<string, unknown>;
          delivered.push({ device: name, payload, topic: req.headers.topic as string | undefined, ttl, urgency: req.headers.urgency as string | undefined });
        }
        res.writeHead(status).end();
      } catch (error) {
        refused.push(`${name}: ${(error as Error).message}`);
        res.writeHead(400).end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    delivered,
    /** What the stand-in refused, and why: a test expects none. */
    refused,
    /** A new browser subscription: its key pair and auth secret, made here. */
    device(name: string): Device {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const device = { name, ecdh, auth, json: { endpoint: `${origin}/push/${encodeURIComponent(name)}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } } };
      devices.set(name, device);
      return device;
    },
    /** Makes the service answer `status` for the device (410: it unsubscribed). */
    answer(name: string, status: number): void {
      answers.set(name, status);
    },
    to: (name: string) => delivered.filter((d) => d.device === name),
    async close(): Promise<void> {
      https.globalAgent.options.ca = trusted;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
