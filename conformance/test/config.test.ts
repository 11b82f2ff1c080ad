import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { wsUrl } from '../src/actors.ts';
import { runCli } from '../src/command.ts';
import { HttpClient } from '../src/http.ts';
import { ConfigError, parseConfig } from '../src/index.ts';

const REFERENCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../targets/reference.json');
const valid = JSON.parse(readFileSync(REFERENCE, 'utf8')) as Record<string, unknown>;

function rejection(data: unknown): string {
  try {
    parseConfig(data);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  throw new Error('the config was accepted');
}

async function cli(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('target config', () => {
  it('accepts targets/reference.json and token actors', () => {
    assert.equal(parseConfig(valid).staff.length, 2);
    const tokens = parseConfig({ ...valid, staff: [{ token: 'abc' }], customers: [{ token: 'def' }], otherSalonStaff: undefined });
    assert.deepEqual(tokens.staff, [{ token: 'abc' }]);
  });

  it('keeps the path of a baseUrl or wsUrl, for a server behind a gateway prefix', async () => {
    const config = parseConfig({ ...valid, baseUrl: 'https://gateway.example.com/chat/' });
    assert.equal(wsUrl(config, 'user', 't'), 'wss://gateway.example.com/chat/api/v1/chat/ws/chat/user?token=t');
    assert.equal(wsUrl({ ...config, wsUrl: 'wss://sockets.example.com/salon' }, 'customer', null), 'wss://sockets.example.com/salon/api/v1/chat/ws/chat/customer');
    const seen: string[] = [];
    const server = createHttpServer((req, res) => (seen.push(req.url!), res.end('{}')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      await new HttpClient(`http://127.0.0.1:${port}/chat`, 2000).request('GET', '/api/v1/chat/chats?is_archived=false');
      assert.deepEqual(seen, ['/chat/api/v1/chat/chats?is_archived=false']);
    } finally {
      server.close();
    }
  });

  it('names every offending field at once', () => {
    assert.equal(rejection({ ...valid, baseUrl: 'localhost:8000', customers: [] }), 'invalid config: baseUrl: must be an http:// or https:// URL; customers: Too small: expected array to have >=1 items');
  });

  it('names the offending field', () => {
    assert.match(rejection({ ...valid, baseUrl: 'localhost:8000' }), /^invalid config: baseUrl: must be an http:\/\/ or https:\/\/ URL$/);
    assert.match(rejection({ ...valid, staff: [{ email: 'a@b.c' }] }), /^invalid config: staff\.0: expected \{"email", "password"\} or \{"token"\}$/);
    assert.match(rejection({ ...valid, customers: [{ email: 'a@b.c', password: 'x' }] }), /^invalid config: customers\.0: expected \{"phone", "password"\} or \{"token"\}$/);
    assert.match(rejection({ ...valid, customers: [] }), /^invalid config: customers: /);
    assert.match(rejection({ ...valid, baseURL: 'http://x' }), /baseURL/);
    const { staff: _staff, ...noStaff } = valid;
    assert.match(rejection(noStaff), /^invalid config: staff: /);
    assert.match(rejection([]), /^invalid config: \(root\): /);
  });
});

describe('the command line', () => {
  it('explains its usage', async () => {
    const help = await cli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--config target.json/);
    const missing = await cli([]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^salon-chat-conformance: --config is required\n/);
    const reporter = await cli(['--config', REFERENCE, '--reporter', 'xml']);
    assert.equal(reporter.status, 2);
    assert.match(reporter.stderr, /--reporter must be spec, json, junit or tap, got "xml"/);
    const scale = await cli(['--config', REFERENCE, '--timeout-scale', 'fast']);
    assert.match(scale.stderr, /--timeout-scale must be a positive number/);
    for (const flag of ['--config', '--reporter', '--output', '--grep', '--exclude', '--bail', '--timeout-scale', '--concurrency', '--list', '--version', '--help']) {
      assert.ok(help.stdout.includes(flag), `--help describes ${flag}`);
    }
  });

  it('prints its version, and lists rules, sides and scenarios without a server', async () => {
    const version = await cli(['--version']);
    assert.deepEqual([version.status, version.stdout], [0, '0.1.0\n']);
    const list = await cli(['--list']);
    assert.equal(list.status, 0);
    assert.match(list.stdout, /^chat\.list\.unread-falls — required — staff \+ customer — /m);
    assert.match(list.stdout, /^  · rest-list\.unread-falls-on-read \(staff \+ customer\): /m);
    assert.match(list.stdout, /^upload\.auth — required — no side \(no token\) — /m);
  });

  it('refuses a filter that selects nothing, before reaching the target', async () => {
    const none = await cli(['--config', REFERENCE, '--grep', 'ws-typing', '--exclude', 'typing']);
    assert.equal(none.status, 2);
    assert.equal(none.stderr, 'salon-chat-conformance: no scenario matches --grep "ws-typing" and --exclude "typing" (--list shows them)\n');
  });

  it('answers an invalid or missing config with one line naming the problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conformance-config-'));
    const file = path.join(dir, 'target.json');
    writeFileSync(file, JSON.stringify({ ...valid, otherSalonStaff: { email: 'x@y.z', pasword: 'typo' } }));
    const invalid = await cli(['--config', file]);
    assert.equal(invalid.status, 2);
    assert.equal(invalid.stderr, 'salon-chat-conformance: invalid config: otherSalonStaff: expected {"email", "password"} or {"token"}\n');
    const missing = await cli(['--config', path.join(dir, 'nope.json')]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, `salon-chat-conformance: cannot read config ${path.join(dir, 'nope.json')}: ENOENT\n`);
  });

  it('answers an unreachable target with one line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conformance-config-'));
    const file = path.join(dir, 'target.json');
    const port = await closedPort();
    writeFileSync(file, JSON.stringify({ ...valid, baseUrl: `http://127.0.0.1:${port}` }));
    const result = await cli(['--config', file, '--reporter', 'json']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `salon-chat-conformance: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });
});
