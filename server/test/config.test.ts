import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, makeVapidKeys } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to port 8000, SQLite under the data folder and demo data', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-config-'));
    try {
      const config = loadConfig({ DATA_DIR: dir });
      assert.equal(config.port, 8000);
      assert.equal(config.databaseUrl, `sqlite:${path.join(dir, 'salon-chat.sqlite')}`);
      assert.equal(config.seedDemo, true);
      assert.equal(config.corsOrigins, null);
      assert.ok(existsSync(path.join(dir, 'jwt-secret')), 'a development secret is kept');
      assert.equal(loadConfig({ DATA_DIR: dir }).jwtSecret, config.jwtSecret, 'and reused');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start in production without a JWT secret, and seeds nothing there', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), ConfigError);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-production-secret' });
    assert.equal(config.seedDemo, false);
  });

  it('takes the VAPID key pair given, both keys or neither, or makes one, adopting the pair a node kept in its data directory', () => {
    const given = { JWT_SECRET: 'a-long-test-secret', VAPID_PUBLIC_KEY: `B${'A'.repeat(86)}`, VAPID_PRIVATE_KEY: 'A'.repeat(43) };
    assert.deepEqual(loadConfig(given).push.vapid, { publicKey: given.VAPID_PUBLIC_KEY, privateKey: given.VAPID_PRIVATE_KEY });
    assert.throws(() => loadConfig({ ...given, VAPID_PRIVATE_KEY: undefined }), /VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together/);
    assert.throws(() => loadConfig({ ...given, VAPID_SUBJECT: 'salon@example.com' }), /VAPID_SUBJECT/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-config-'));
    try {
      const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'a-long-production-secret' });
      assert.equal(config.push.subject, 'mailto:salon-chat@localhost');
      assert.equal(config.push.vapid, null);
      const made = makeVapidKeys(config.push.keyFile);
      assert.equal(Buffer.from(made.publicKey, 'base64url').length, 65);
      assert.equal(Buffer.from(made.privateKey, 'base64url').length, 32);
      assert.notDeepEqual(makeVapidKeys(config.push.keyFile), made, 'a new pair each time without a kept one');
      writeFileSync(config.push.keyFile, JSON.stringify(made));
      assert.deepEqual(makeVapidKeys(config.push.keyFile), made, 'the kept pair');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the variable that is wrong', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty', JWT_SECRET: 'x'.repeat(20) }), /PORT/);
    assert.throws(() => loadConfig({ JWT_SECRET: 'short' }), /JWT_SECRET/);
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud', JWT_SECRET: 'x'.repeat(20) }), /LOG_LEVEL/);
    assert.throws(() => loadConfig({ SQLITE_WAL_LIMIT: '0', JWT_SECRET: 'x'.repeat(20) }), /SQLITE_WAL_LIMIT/);
  });

  it("bounds guests by their client address and salon a day, 20 guests, 50 chats and 200 MB an address, 1,000 chats a salon", () => {
    const config = loadConfig({ JWT_SECRET: 'x'.repeat(20) });
    assert.deepEqual(
      [config.guestsPerDayPerAddress, config.guestChatsPerDayPerAddress, config.guestChatsPerDayPerSalon, config.guestUploadBytesPerDayPerAddress],
      [20, 50, 1000, 200_000_000],
    );
    assert.equal(loadConfig({ GUESTS_PER_DAY_PER_ADDRESS: '3', JWT_SECRET: 'x'.repeat(20) }).guestsPerDayPerAddress, 3);
    assert.throws(() => loadConfig({ GUEST_CHATS_PER_DAY_PER_SALON: '0', JWT_SECRET: 'x'.repeat(20) }), /GUEST_CHATS_PER_DAY_PER_SALON/);
  });

  it('gives each account 20 messages a second unless MESSAGES_PER_SECOND says otherwise', () => {
    assert.equal(loadConfig({ JWT_SECRET: 'x'.repeat(20) }).messagesPerSecond, 20);
    assert.equal(loadConfig({ MESSAGES_PER_SECOND: '5', JWT_SECRET: 'x'.repeat(20) }).messagesPerSecond, 5);
    for (const wrong of ['0', '-1', 'many', '1.5']) assert.throws(() => loadConfig({ MESSAGES_PER_SECOND: wrong, JWT_SECRET: 'x'.repeat(20) }), /MESSAGES_PER_SECOND/);
  });

  it('splits CORS_ORIGINS into a list', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', JWT_SECRET: 'x'.repeat(20) });
    assert.deepEqual(config.corsOrigins, ['https://a.example', 'https://b.example']);
  });
});
