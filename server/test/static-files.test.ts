/**
 * The folders the server serves as they are (the widget under /widget, the staff app, the demo):
 * compressed, cached by what can change, and revalidated cheaply.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from './helpers.ts';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(server: TestServer, file: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${server.url}${file}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('static files', () => {
  let server: TestServer;
  let dir: string;
  const loader = Buffer.from(`export const widget = ${JSON.stringify('salon '.repeat(600))};\n`);
  const styles = Buffer.from(`.a { color: red; }\n`.repeat(200));

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'static-files-'));
    writeFileSync(path.join(dir, 'loader.js'), loader);
    writeFileSync(path.join(dir, 'loader.js.br'), brotliCompressSync(loader));
    writeFileSync(path.join(dir, 'loader.js.gz'), gzipSync(loader));
    writeFileSync(path.join(dir, 'panel-AbCd12_-.js'), loader);
    writeFileSync(path.join(dir, 'page.css'), styles);
    server = await startTestServer({}, { staticMounts: [{ prefix: '/files', dir, immutable: /-[\w-]{8}\.js$/ }] });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the brotli or gzip file made beside a script, as the browser takes them, and says it varies', async () => {
    const br = await get(server, '/files/loader.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(br.body), loader);
    assert.match(br.headers.vary ?? '', /Accept-Encoding/i);
    assert.match(br.headers['content-type'] ?? '', /javascript/);

    const gz = await get(server, '/files/loader.js', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), loader);

    const plain = await get(server, '/files/loader.js', { 'accept-encoding': 'identity' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, loader);
  });

  it('compresses text that has no compressed file beside it as it goes', async () => {
    const res = await get(server, '/files/page.css', { 'accept-encoding': 'gzip' });
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(res.body), styles);
    assert.match(res.headers.vary ?? '', /Accept-Encoding/i);
  });

  it('has what a page embeds revalidated on each use, answered 304 while it has not changed', async () => {
    const first = await get(server, '/files/loader.js', { 'accept-encoding': 'br' });
    assert.equal(first.headers['cache-control'], 'no-cache');
    assert.ok(first.headers.etag, 'an ETag');
    assert.ok(first.headers['last-modified'], 'a Last-Modified');
    const again = await get(server, '/files/loader.js', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const since = await get(server, '/files/page.css', { 'if-modified-since': first.headers['last-modified']! });
    assert.equal(since.status, 304);
    const other = await get(server, '/files/loader.js', { 'accept-encoding': 'br', 'if-none-match': 'W/"something-else"' });
    assert.equal(other.status, 200);
  });

  it('keeps a file named after its content for a year, never asked again', async () => {
    const res = await get(server, '/files/panel-AbCd12_-.js', { 'accept-encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'max-age=31536000,immutable');
    assert.equal(res.headers['content-encoding'], 'gzip', 'compressed as it goes');
  });

  it("answers a folder's address without its slash with the folder, and 404 for what is not there", async () => {
    const res = await get(server, '/files');
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, '/files/');
    assert.equal((await get(server, '/files/nothing.js')).status, 404);
  });
});
