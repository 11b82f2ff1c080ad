import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { FollowUpConfig } from '../../config.ts';
import type { Channel, OutboxRow } from '../../repos/outbox.ts';

/** How an item left: the transport's name and its id there (a Message-ID, an SMS id). */
export interface Delivery {
  transport: string;
  providerId: string | null;
}

/**
 * A send that did not happen. `retriable` only when the message surely did not leave (refused
 * connection, a 4xx SMTP reply, an HTTP 429 or 5xx answer): a connection lost mid-way may have
 * delivered it, and is not tried again so that nothing is ever sent twice.
 */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

/** Carries outbox items of one channel. */
export interface Carrier {
  readonly name: string;
  send(item: OutboxRow): Promise<Delivery>;
  close?(): void;
}

export type Carriers = Partial<Record<Channel, Carrier>>;

/** Time a transport may take for one item; shorter than an outbox lease. */
export const SEND_TIMEOUT_MS = 30_000;

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** E-mail over SMTP (`smtp://`, `smtps://`, with credentials in the URL), from `from` with the salon's name. */
export function smtpCarrier(url: string, from: string): Carrier {
  const timeouts = `connectionTimeout=${SEND_TIMEOUT_MS}&greetingTimeout=${SEND_TIMEOUT_MS}&socketTimeout=${SEND_TIMEOUT_MS}`;
  const transport = nodemailer.createTransport(`${url}${url.includes('?') ? '&' : '?'}${timeouts}`);
  return {
    name: 'smtp',
    async send(item) {
      try {
        const info = await transport.sendMail({
          from: { name: item.sender_name ?? '', address: from },
          to: item.recipient,
          subject: item.subject ?? '',
          text: item.text_body,
          html: item.html_body ?? undefined,
          headers: item.headers ? (JSON.parse(item.headers) as Record<string, string>) : undefined,
        });
        return { transport: 'smtp', providerId: info.messageId ?? null };
      } catch (err) {
        const e = err as Error & { responseCode?: number; code?: string; command?: string };
        if (e.responseCode) throw new SendFailure(`SMTP ${e.responseCode}: ${e.message}`, e.responseCode < 500);
        const before = e.command === 'CONN' || NOT_CONNECTED.has(String((e as { errno?: string }).errno ?? e.code)) || e.code === 'ECONNECTION';
        throw new SendFailure(`SMTP: ${e.message}`, before);
      }
    },
    close: () => transport.close(),
  };
}

/** The development default: the item stays in the database, where the demo mailbox shows it. */
export const localCarrier: Carrier = {
  name: 'local',
  send: () => Promise.resolve({ transport: 'local', providerId: null }),
};

/** An HTTP POST that ends in a `SendFailure` unless answered 2xx. */
async function post(what: string, url: string, init: { headers: Record<string, string>; body: string }): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch (err) {
    const code = ((err as Error & { cause?: { code?: string } }).cause ?? {}).code ?? '';
    throw new SendFailure(`${what}: ${code || (err as Error).message}`, NOT_CONNECTED.has(code));
  }
  if (res.ok) return res;
  const text = (await res.text()).slice(0, 300);
  throw new SendFailure(`${what} ${res.status}: ${text}`, res.status === 429 || res.status >= 500);
}

export interface TwilioOptions {
  /** `https://api.twilio.com` unless pointed elsewhere (a regional edge, a test server). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sender: a Twilio number in E.164, or a Messaging Service SID (`MG…`). */
  from: string;
}

/** SMS through Twilio's Messages API: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, Basic auth. */
export function twilioCarrier(options: TwilioOptions): Carrier {
  const url = `${options.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const sender = options.from.startsWith('MG') ? 'MessagingServiceSid' : 'From';
  return {
    name: 'twilio',
    async send(item) {
      const body = new URLSearchParams({ To: item.recipient, [sender]: options.from, Body: item.text_body }).toString();
      const res = await post('Twilio', url, { headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body });
      const answer = (await res.json().catch(() => ({}))) as { sid?: string };
      return { transport: 'twilio', providerId: answer.sid ?? null };
    },
  };
}

export const SIGNATURE_HEADER = 'X-Salon-Chat-Signature';
export const TIMESTAMP_HEADER = 'X-Salon-Chat-Timestamp';

/** The signature of a webhook call: HMAC-SHA256 of `<timestamp>.<body>` with the shared secret, in hex. */
export const webhookSignature = (secret: string, timestamp: string, body: string) => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * SMS through any gateway behind a signed webhook: a JSON POST `{ id, to, body }` with
 * `X-Salon-Chat-Timestamp` (seconds) and `X-Salon-Chat-Signature` (see `webhookSignature`), and
 * `Idempotency-Key` (the same for every attempt of one item).
 */
export function webhookCarrier(options: { url: string; secret: string }): Carrier {
  return {
    name: 'webhook',
    async send(item) {
      const body = JSON.stringify({ id: `outbox-${item.id}`, to: item.recipient, body: item.text_body });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await post('SMS webhook', options.url, {
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': `outbox-${item.id}`,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: webhookSignature(options.secret, timestamp, body),
        },
        body,
      });
      const answer = (await res.json().catch(() => ({}))) as { id?: unknown };
      return { transport: 'webhook', providerId: typeof answer.id === 'string' ? answer.id : null };
    },
  };
}

/** The carriers the configuration gives: SMTP or the local mailbox for e-mail, a provider or the local mailbox for SMS. */
export function carriersFor({ mail, sms }: Pick<FollowUpConfig, 'mail' | 'sms'>): Carriers {
  const carriers: Carriers = {};
  if (mail === 'local') carriers.email = localCarrier;
  else if (mail) carriers.email = smtpCarrier(mail.smtpUrl, mail.from);
  if (sms === 'local') carriers.sms = localCarrier;
  else if (sms?.provider === 'twilio') carriers.sms = twilioCarrier(sms);
  else if (sms?.provider === 'webhook') carriers.sms = webhookCarrier(sms);
  return carriers;
}
