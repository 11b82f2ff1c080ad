import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { ConfigError, loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { followUpMail, followUpSms } from '../src/services/follow-ups/render.ts';
import type { MessageRow } from '../src/repos/messages.ts';

describe('follow-up configuration', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dir, ...env });
  const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-0123' };

  it('keeps follow-ups in the local mailbox in development, after 300 s, links valid a day', () => {
    const { followUps } = load({});
    assert.equal(followUps.mail, 'local');
    assert.equal(followUps.sms, 'local');
    assert.equal(followUps.after, 300);
    assert.equal(followUps.linkTtl, 86_400);
    assert.deepEqual(followUps.outbox, { leaseMs: 120_000, maxAttempts: 8, retryBaseMs: 30_000 });
  });

  it('has no transport in production without SMTP_URL or SMS_PROVIDER', () => {
    const { followUps } = load(production);
    assert.equal(followUps.mail, null);
    assert.equal(followUps.sms, null);
  });

  it('sends through SMTP from MAIL_FROM, which production requires', () => {
    assert.deepEqual(load({ ...production, SMTP_URL: 'smtp://mail:587', MAIL_FROM: 'hello@rose.example' }).followUps.mail, { smtpUrl: 'smtp://mail:587', from: 'hello@rose.example' });
    assert.throws(() => load({ ...production, SMTP_URL: 'smtp://mail:587' }), (err: Error) => err instanceof ConfigError && /MAIL_FROM/.test(err.message));
    assert.throws(() => load({ SMTP_URL: 'http://mail' }), ConfigError);
  });

  it('names what an SMS provider lacks', () => {
    assert.throws(() => load({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1' }), (err: Error) => /TWILIO_AUTH_TOKEN/.test(err.message));
    assert.throws(() => load({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://gw.example/sms' }), (err: Error) => /SMS_WEBHOOK_SECRET/.test(err.message));
    assert.equal((load({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+1500' }).followUps.sms as { baseUrl: string }).baseUrl, 'https://api.twilio.com');
  });
});

describe('a production server without a transport', () => {
  it('starts with follow-ups off, and says so', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-production-'));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const server = await startServer(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-0123', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1' }), { logger });
    try {
      assert.equal(server.services.followUps.enabled, false);
      assert.ok(lines.some((l) => JSON.parse(l).msg.startsWith('follow-ups are off')), lines.join(''));
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a follow-up as the customer reads it', () => {
  const message = (m: Partial<MessageRow>): MessageRow =>
    ({ id: 1, chat_id: 1, sender_type: 'user', sender_id: 1, sender_name: 'Camille', message_type: 'text', content: null, media_url: null, thumbnail_url: null, reference_snapshot: null, ...m }) as MessageRow;
  const content = {
    salonName: 'Maison Éclat',
    customerName: 'Chloé',
    link: 'https://salon.example/#salon-chat=t',
    publicUrl: 'https://chat.salon.example',
    timeZone: 'Europe/Paris',
    unsubscribeUrl: 'https://chat.salon.example/api/v1/follow-ups/unsubscribe?token=u',
    messages: [
      message({ message_type: 'image', media_url: '/uploads/a.jpg', thumbnail_url: '/uploads/a-thumb.jpg' }),
      message({ message_type: 'appointment', reference_snapshot: JSON.stringify({ type: 'appointment', id: 3, title: 'Balayage', subtitle: 'with Sam', image_url: null, price: 120, currency: 'EUR', starts_at: '2026-12-10T10:00:00.000Z' }) }),
      message({ message_type: 'product', reference_snapshot: JSON.stringify({ type: 'product', id: 4, title: 'Repair mask', subtitle: null, image_url: null, price: 24.5, currency: 'EUR', starts_at: null }) }),
    ],
  };

  it('shows photos by absolute URL, with a thumbnail in HTML, and cards as readable text in the salon’s zone', () => {
    const mail = followUpMail(content);
    assert.equal(mail.subject, 'Maison Éclat sent you 3 replies');
    assert.match(mail.text, /Photo: https:\/\/chat\.salon\.example\/uploads\/a\.jpg/);
    assert.match(mail.html, /<a href="https:\/\/chat\.salon\.example\/uploads\/a\.jpg"><img src="https:\/\/chat\.salon\.example\/uploads\/a-thumb\.jpg"/);
    assert.match(mail.text, /Appointment: Balayage\n {2}with Sam\n {2}Thursday, 10 December 2026 at 11:00 \(Europe\/Paris\)\n {2}€120\.00/);
    assert.match(mail.text, /Product: Repair mask\n {2}€24\.50/);
    assert.match(mail.html, /<strong>Product: Repair mask<\/strong>/);
    assert.match(mail.text, /To get no more of these e-mails: https:\/\/chat\.salon\.example\/api\/v1\/follow-ups\/unsubscribe\?token=u/);
  });

  it('fits an SMS: the newest reply, how many more, and the link', () => {
    assert.equal(followUpSms(content), 'Maison Éclat: "Product: Repair mask" (+2 more) Reply: https://salon.example/#salon-chat=t');
  });
});
