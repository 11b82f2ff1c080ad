import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UploadResult } from '@salon-chat/protocol';
import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import path from 'node:path';
import sharp from 'sharp';
import { incomingDir } from '../src/http/app.ts';
import { api, signInCast, newChat, startTestServer, type TestServer } from './helpers.ts';
import { postgresDatabase } from './postgres.ts';

/** A PDF of exactly `size` bytes, kept byte for byte (no thumbnail, nothing re-encoded). */
const pdfOf = (size: number) => {
  const head = Buffer.from('%PDF-1.4\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(size - head.length - tail.length, 0x20), tail]);
};

/** Uploads a file to a server as a session, from a client address when the server trusts a proxy. */
async function uploadTo(server: TestServer, token: string, bytes: Buffer, name = 'file.pdf', address?: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), name);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...(address ? { 'X-Forwarded-For': address } : {}) };
  const res = await fetch(`${server.url}/api/v1/chat/upload`, { method: 'POST', headers, body: form });
  return { status: res.status, body: await res.json() };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`the daily upload quota on ${dialect}`, () => {
    it('holds against many uploads at once: what is accepted never adds up to more than the quota', async (t) => {
      let env: Record<string, string> = {};
      let drop: (() => Promise<void>) | undefined;
      if (dialect === 'postgres') {
        const db = await postgresDatabase();
        if ('skip' in db) return t.skip(db.skip);
        drop = db.drop;
        env = { DATABASE_URL: db.url };
      }
      // each file costs its four blocks of 4 KiB and one for its rows: 20 KiB
      const server = await startTestServer({ ...env, UPLOAD_BYTES_PER_DAY: String(10 * 20 * 1024) });
      try {
        const { emma } = await signInCast(server);
        const results = await Promise.all(Array.from({ length: 60 }, () => uploadTo(server, emma.token, pdfOf(4 * 4096))));
        const accepted = results.filter((r) => r.status === 201);
        assert.equal(accepted.length, 10, '10 × 20 KiB fill 200 KiB');
        assert.ok(results.every((r) => r.status === 201 || (r.status === 413 && /a day per account/.test(r.body.detail))), JSON.stringify(results.find((r) => r.status !== 201)));
        const { total } = (await server.services.db('uploads').where({ uploader_type: 'customer', uploader_id: emma.id }).sum({ total: 'file_size' }).first())!;
        assert.equal(Number(total), 10 * 4 * 4096);
      } finally {
        await server.stop();
        await drop?.();
      }
    });
  });
}


describe('uploads', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;
  before(async () => {
    server = await startTestServer({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
    cast = await signInCast(server);
  });
  after(() => server.stop());

  const upload = async (bytes: Buffer, name: string, type: string, token = cast.emma.token, field = 'file') => {
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(bytes)], { type }), name);
    const res = await fetch(`${server.url}/api/v1/chat/upload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: await res.json() };
  };

  /** About a megabyte of PNG that does not compress. */
  const photoNoise = () => sharp(Buffer.from(Array.from({ length: 600 * 600 * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width: 600, height: 600, channels: 3 } }).png().toBuffer();

  const photo = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 80 } } }).png().toBuffer();

  it('keeps an image and makes a thumbnail of it, both served under /uploads', async () => {
    const res = await upload(await photo(1200, 800), 'my photo.png', 'image/png');
    assert.equal(res.status, 201);
    UploadResult.parse(res.body);
    assert.equal(res.body.file_type, 'image/png');
    assert.equal(res.body.file_name, 'my_photo.png');
    assert.match(res.body.file_url, /^\/uploads\/chat\/.+_my_photo\.png$/);
    const original = await fetch(server.url + res.body.file_url);
    assert.equal(original.status, 200);
    assert.equal(Number(original.headers.get('content-length')), res.body.file_size);
    assert.equal(original.headers.get('x-content-type-options'), 'nosniff');
    const thumb = await fetch(server.url + res.body.thumbnail_url);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 320, 213]);
  });

  it('keeps photos without their EXIF data (location, camera), turned upright', async () => {
    const tagged = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#c08060' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    assert.ok((await sharp(tagged).metadata()).exif, 'the test photo carries EXIF');
    const res = await upload(tagged, 'selfie.jpg', 'image/jpeg');
    assert.equal(res.status, 201);
    const kept = Buffer.from(await (await fetch(server.url + res.body.file_url)).arrayBuffer());
    const meta = await sharp(kept).metadata();
    assert.equal(meta.exif, undefined);
    assert.ok(!kept.includes('PhoneMaker'));
    assert.deepEqual([meta.width, meta.height], [100, 200], 'rotated as the camera meant it');
    assert.equal(res.body.file_size, kept.length);
  });

  it('keeps an image without metadata byte for byte', async () => {
    const plain = await photo(40, 30);
    const res = await upload(plain, 'plain.png', 'image/png');
    const kept = Buffer.from(await (await fetch(server.url + res.body.file_url)).arrayBuffer());
    assert.ok(kept.equals(plain));
  });

  it('accepts audio and PDF without a thumbnail, and sends them as voice and file messages', async () => {
    const wav = Buffer.alloc(44 + 1600);
    wav.write('RIFF', 0);
    wav.writeUInt32LE(36 + 1600, 4);
    wav.write('WAVEfmt ', 8);
    wav.writeUInt32LE(16, 16);
    wav.writeUInt16LE(1, 20);
    wav.writeUInt16LE(1, 22);
    wav.writeUInt32LE(8000, 24);
    wav.writeUInt32LE(16000, 28);
    wav.writeUInt16LE(2, 32);
    wav.writeUInt16LE(16, 34);
    wav.write('data', 36);
    wav.writeUInt32LE(1600, 40);
    const voice = await upload(wav, 'note.wav', 'audio/wav');
    assert.equal(voice.status, 201);
    assert.equal(voice.body.file_type, 'audio/wav');
    assert.equal(voice.body.thumbnail_url, null);
    const pdf = await upload(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'), 'price list.pdf', 'application/pdf');
    assert.equal(pdf.status, 201);
    assert.equal(pdf.body.file_type, 'application/pdf');

    const chatId = await newChat(server, cast.emma, cast.admin);
    const sendMedia = (media_url: string) => api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token, body: { media_url } });
    assert.equal((await sendMedia(voice.body.file_url)).body.message_type, 'voice');
    assert.equal((await sendMedia(pdf.body.file_url)).body.message_type, 'file');
    const image = await upload(await photo(64, 64), 'x.png', 'image/png');
    const imageMessage = await sendMedia(image.body.file_url);
    assert.equal(imageMessage.body.message_type, 'image');
    assert.equal(imageMessage.body.thumbnail_url, image.body.thumbnail_url);
  });

  it('accepts a voice note recorded as Ogg Opus, as Firefox records them', async () => {
    // the first page of an Ogg Opus stream: its header, then the codec's identification packet
    const opus = Buffer.alloc(28 + 19);
    opus.write('OggS', 0);
    opus.writeUInt8(2, 5);
    opus.writeUInt8(1, 26);
    opus.writeUInt8(19, 27);
    opus.write('OpusHead', 28);
    opus.writeUInt8(1, 36);
    opus.writeUInt8(1, 37);
    opus.writeUInt32LE(48000, 40);
    const voice = await upload(opus, 'voice.ogg', 'audio/ogg');
    assert.equal(voice.status, 201, voice.body.detail);
    assert.equal(voice.body.file_type, 'audio/ogg');
    assert.match(voice.body.file_name, /^voice\.opus$/);
  });

  it("sends someone else's upload only again in the chat where it was shared", async () => {
    const emmasChat = await newChat(server, cast.emma, cast.admin);
    const file = await upload(await photo(32, 32), 'mine.png', 'image/png');
    const send = (token: string, chatId: number) =>
      api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token, body: { media_url: file.body.file_url, message_type: 'image' } });
    const lucasChat = await newChat(server, cast.lucas, cast.admin);
    const stolen = await send(cast.lucas.token, lucasChat);
    assert.equal(stolen.status, 422, 'another customer cannot attach it');
    assert.match(stolen.body.detail, /uploaded by someone else/);
    assert.equal((await send(cast.admin.token, lucasChat)).status, 422, 'nor staff, into another chat');
    assert.equal((await send(cast.emma.token, emmasChat)).status, 201);
    assert.equal((await send(cast.admin.token, emmasChat)).status, 201, 'once shared in a chat, its members may send it again there');
  });

  it('deletes uploads no message uses once they are old enough, and what interrupted uploads left behind', async () => {
    const chatId = await newChat(server, cast.emma, cast.admin);
    const [kept, forgotten, fresh] = [await upload(await photo(40, 40), 'sent.png', 'image/png'), await upload(await photo(40, 40), 'never-sent.png', 'image/png'), await upload(await photo(40, 40), 'just-now.png', 'image/png')];
    assert.equal((await api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token, body: { media_url: kept.body.file_url } })).status, 201);
    const dayAgo = new Date(Date.now() - 25 * 3600 * 1000).toISOString();
    await server.services.db('uploads').whereIn('file_url', [kept.body.file_url, forgotten.body.file_url]).update({ created_at: dayAgo });
    const incoming = incomingDir(server.config.uploadDir);
    writeFileSync(path.join(incoming, 'interrupted'), 'half a file');
    utimesSync(path.join(incoming, 'interrupted'), new Date(Date.now() - 2 * 3600 * 1000), new Date(Date.now() - 2 * 3600 * 1000));
    writeFileSync(path.join(incoming, 'arriving'), 'a file on its way');

    await server.housekeeping.run();

    const status = async (url: string) => (await fetch(server.url + url)).status;
    assert.deepEqual([await status(forgotten.body.file_url), await status(forgotten.body.thumbnail_url)], [404, 404]);
    assert.deepEqual([await status(kept.body.file_url), await status(kept.body.thumbnail_url), await status(fresh.body.file_url)], [200, 200, 200]);
    const late = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token, body: { media_url: forgotten.body.file_url } });
    assert.equal(late.status, 422, 'an expired upload cannot be sent any more');
    assert.deepEqual(readdirSync(incoming).sort(), ['arriving']);
    rmSync(path.join(incoming, 'arriving'));
  });

  it('judges the type by the bytes, not the name or the declared type', async () => {
    const res = await upload(Buffer.from('<script>alert(1)</script>'), 'cute.png', 'image/png');
    assert.equal(res.status, 415);
    assert.match(res.body.detail, /images/);
    const html = await upload(Buffer.from('<!doctype html><html></html>'), 'page.html', 'text/html');
    assert.equal(html.status, 415);
  });

  it('answers 415 to an image that cannot be decoded', async () => {
    const truncated = (await photo(400, 400)).subarray(0, 120);
    assert.equal((await upload(truncated, 'broken.png', 'image/png')).status, 415);
  });

  it('refuses an image over 40 megapixels with 422 from its header alone, fast and without decoding it', async () => {
    // a 16000×16000 PNG carrying XMP (so it would be re-encoded): only its header and a sliver of data
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body), 8 + data.length);
      return out;
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(16000, 0);
    header.writeUInt32BE(16000, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>')),
      chunk('IDAT', deflateSync(Buffer.alloc(16001 * 64))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const res = await upload(bomb, 'bomb.png', 'image/png');
    const ms = performance.now() - started;
    const grew = (process.memoryUsage().rss - rss) / 1e6;
    console.log(`# 16000×16000 PNG (${bomb.length} bytes): ${res.status} in ${ms.toFixed(0)} ms, RSS +${grew.toFixed(1)} MB`);
    assert.equal(res.status, 422);
    assert.match(res.body.detail, /16000×16000 pixels; at most 40 megapixels/);
    assert.ok(grew < 100, `RSS grew by ${grew.toFixed(1)} MB`);
  });

  it('answers 413 once an account has uploaded its daily quota, and keeps nothing of the refused file', async () => {
    const quota = await startTestServer({ UPLOAD_BYTES_PER_DAY: '1500000' });
    try {
      const { emma, lucas } = await signInCast(quota);
      const send = async (token: string) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(await photoNoise())], { type: 'image/png' }), 'big.png');
        const res = await fetch(`${quota.url}/api/v1/chat/upload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
        return { status: res.status, body: await res.json() };
      };
      const first = await send(emma.token);
      assert.equal(first.status, 201);
      const over = await send(emma.token);
      assert.equal(over.status, 413);
      assert.match(over.body.detail, /uploads a day per account/);
      assert.equal((await send(lucas.token)).status, 201, 'the quota is per account');
      assert.deepEqual(readdirSync(incomingDir(path.join(quota.dir, 'uploads'))), []);
    } finally {
      await quota.stop();
    }
  });

  it('counts the uploads of all the guests of one address together, gives back the bytes of a refused file, and leaves customers who signed in alone', async () => {
    // each 20 kB file costs its 5 blocks of 4 KiB and one for its rows: 24,576 bytes
    const guarded = await startTestServer({ TRUST_PROXY: '1', GUEST_UPLOAD_BYTES_PER_DAY_PER_ADDRESS: '50000' });
    try {
      const { emma } = await signInCast(guarded);
      const guest = async (address: string) =>
        (await api(guarded, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Visitor', email: 'v@example.com', salon_id: 1 }, headers: { 'X-Forwarded-For': address } })).body.access_token as string;
      const address = '198.51.100.20';
      const [first, second, third] = [await guest(address), await guest(address), await guest(address)];
      assert.equal((await uploadTo(guarded, first, Buffer.alloc(40_000, 1), 'x.bin', address)).status, 415, 'refused, so it counts for nothing');
      assert.equal((await uploadTo(guarded, first, pdfOf(20_000), 'a.pdf', address)).status, 201);
      assert.equal((await uploadTo(guarded, second, pdfOf(20_000), 'b.pdf', address)).status, 201);
      const over = await uploadTo(guarded, third, pdfOf(20_000), 'c.pdf', address);
      assert.equal(over.status, 413);
      assert.match(over.body.detail, /at most 50 kB of uploads a day from guests at this address \(49 kB used\)/, 'two files: 49,152 bytes');
      assert.equal((await uploadTo(guarded, third, pdfOf(20_000), 'c.pdf', '198.51.100.21')).status, 201, 'another address');
      assert.equal((await uploadTo(guarded, emma.token, pdfOf(20_000), 'd.pdf', address)).status, 201, 'a customer who signed in');
    } finally {
      await guarded.stop();
    }
  });

  it('answers 413 to a file over the limit', async () => {
    const res = await upload(Buffer.alloc(3 * 1024 * 1024, 1), 'big.bin', 'application/octet-stream');
    assert.equal(res.status, 413);
    assert.ok(res.body.detail);
  });

  it('keeps nothing of a refused upload', async () => {
    await upload(Buffer.from('not an image at all'), 'x.png', 'image/png');
    await upload(await photo(8, 8), 'x.png', 'image/png', cast.emma.token, 'picture');
    await upload(Buffer.alloc(3 * 1024 * 1024, 1), 'big.bin', 'application/octet-stream');
    const incoming = incomingDir(path.join(server.dir, 'uploads'));
    const deadline = Date.now() + 2000;
    while (readdirSync(incoming).length > 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(readdirSync(incoming), []);
  });

  it('answers 422 without a file field and 401 without a token', async () => {
    assert.equal((await upload(await photo(8, 8), 'x.png', 'image/png', cast.emma.token, 'picture')).status, 422);
    assert.equal((await upload(await photo(8, 8), 'x.png', 'image/png', 'nope')).status, 401);
  });
});

describe('the rate of uploads', () => {
  it('takes UPLOADS_PER_MINUTE uploads from one client address, answers 429 beyond without keeping the file, and others still upload', async () => {
    const server = await startTestServer({ UPLOADS_PER_MINUTE: '2', TRUST_PROXY: '1' });
    try {
      const cast = await signInCast(server);
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      const send = async (from: string) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'price-list.pdf');
        const res = await fetch(`${server.url}/api/v1/chat/upload`, { method: 'POST', headers: { Authorization: `Bearer ${cast.emma.token}`, 'X-Forwarded-For': from }, body: form });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { detail?: string } };
      };
      assert.deepEqual([(await send('192.0.2.40')).status, (await send('192.0.2.40')).status], [201, 201]);
      const refused = await send('192.0.2.40');
      assert.equal(refused.status, 429);
      assert.match(refused.body.detail!, /too many uploads from this address: at most 2 a minute/);
      assert.ok(Number(refused.retryAfter) >= 1);
      assert.equal((await send('192.0.2.41')).status, 201, 'another address');
      const kept = await server.services.db('uploads').count<{ n: number }[]>({ n: '*' });
      assert.equal(Number(kept[0]!.n), 3, 'the refused file is not kept');
    } finally {
      await server.stop();
    }
  });
});
