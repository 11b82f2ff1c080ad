import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exitCode, runConformance, SCENARIOS, type Report } from '../src/index.ts';
import { decodeJwt, expiredToken } from '../src/jwt.ts';
import { JWT_SECRET, referenceConfig, referenceServer } from './helpers/reference-server.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/salon-chat-conformance.js');

const failures = (report: Report): string =>
  report.scenarios
    .filter((s) => s.status !== 'passed')
    .map((s) => `${s.id}: ${s.status} ${s.error ?? s.reason}\n${(s.transcript ?? []).join('\n')}`)
    .join('\n\n');

describe('the reference server', () => {
  const server = referenceServer();

  it('passes every scenario, required and optional, in under 30 s', async () => {
    const report = await runConformance(referenceConfig(server.url));
    assert.equal(report.scenarios.length, SCENARIOS.length);
    assert.equal(report.passed, SCENARIOS.length, failures(report));
    assert.equal(report.requiredFailed, 0);
    assert.ok(report.durationMs < 30_000, `took ${report.durationMs} ms`);
  });

  it('runs only the scenarios --grep selects', async () => {
    const report = await runConformance(referenceConfig(server.url), { grep: 'WS-TYPING' });
    assert.deepEqual(
      report.scenarios.map((s) => s.id),
      ['ws-typing.reaches-other-member', 'ws-typing.not-echoed-to-sender'],
    );
    assert.equal(report.passed, 2, failures(report));
  });

  it('skips, never fails, what the config does not enable, and calls the run incomplete (exit 1) while required scenarios wait for it', async () => {
    const { jwtSecret: _secret, otherSalonStaff: _other, ...config } = referenceConfig(server.url);
    const report = await runConformance({ ...config, customers: [{ phone: '+1234567890', password: 'customer123' }] }, { grep: 'other-' });
    assert.equal(report.failed, 0, failures(report));
    const skipped = report.scenarios.filter((s) => s.status === 'skipped').map((s) => s.reason);
    assert.ok(skipped.length >= 6, JSON.stringify(skipped));
    assert.ok(skipped.every((reason) => /customers\[1\]|otherSalonStaff/.test(reason ?? '')), JSON.stringify(skipped));
    assert.equal(report.requiredUnconfigured, skipped.length);
    assert.equal(exitCode(report), 1);
  });

  it('checks expiry with ready-made expired tokens when the server keeps its secret, and skips it with neither', async () => {
    const { jwtSecret: _secret, ...config } = referenceConfig(server.url);
    const loggedIn = async (path: string, body: object) => {
      const response = await fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return decodeJwt(((await response.json()) as { access_token: string }).access_token)!;
    };
    const expiredTokens = {
      staff: expiredToken(await loggedIn('/api/v1/auth/login', { email: 'admin@salon.com', password: 'admin123' }), JWT_SECRET),
      customer: expiredToken(await loggedIn('/api/v1/customer-auth/login', { phone: '+1234567890', password: 'customer123' }), JWT_SECRET),
    };
    const checked = await runConformance({ ...config, expiredTokens }, { grep: 'expired-token' });
    assert.deepEqual(checked.scenarios.map((s) => s.status), ['passed', 'passed'], failures(checked));
    const without = await runConformance(config, { grep: 'expired-token' });
    assert.deepEqual(without.scenarios.map((s) => s.status), ['skipped', 'skipped']);
    assert.match(without.scenarios[0]!.reason ?? '', /"jwtSecret", or "expiredTokens"/);
  });

  it('certifies actors given as raw tokens, skipping the login scenarios', async () => {
    const config = referenceConfig(server.url);
    const login = async (path: string, body: object): Promise<string> => {
      const response = await fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const tokens = {
      ...config,
      staff: [{ token: await login('/api/v1/auth/login', { email: 'admin@salon.com', password: 'admin123' }) }],
      customers: [{ token: await login('/api/v1/customer-auth/login', { phone: '+1234567890', password: 'customer123' }) }],
    };
    const report = await runConformance(tokens, { grep: 'auth-' });
    assert.equal(report.failed, 0, failures(report));
    const skipped = report.scenarios.filter((s) => s.status === 'skipped').map((s) => s.id);
    assert.deepEqual(skipped.sort(), ['auth-login.bad-credentials', 'auth-login.customer', 'auth-login.staff']);
    assert.equal(exitCode(report), 0, 'logins the target does without leave the run complete');
  });

  it('runs from the command line: json on stdout, junit into --output, exit status 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conformance-cli-'));
    const target = path.join(dir, 'target.json');
    writeFileSync(target, JSON.stringify(referenceConfig(server.url)));
    const run = promisify(execFile);
    const json = await run(process.execPath, [BIN, '--config', target, '--reporter', 'json', '--grep', 'ws-frames']);
    const report = JSON.parse(json.stdout) as Report;
    assert.deepEqual([report.passed, report.failed, report.skipped], [2, 0, 0]);
    assert.match(json.stderr, /\[2\/2\] ✓/);
    const junit = path.join(dir, 'junit.xml');
    await run(process.execPath, [BIN, '--config', target, '--reporter', 'junit', '--output', junit, '--grep', 'auth-ws', '--timeout-scale', '2']);
    assert.match(readFileSync(junit, 'utf8'), /<testsuites name="salon-chat-conformance" tests="5" failures="0"/);
  });
});
