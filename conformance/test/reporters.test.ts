import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REPORTERS, type Report } from '../src/index.ts';
import { redact, Transcript } from '../src/transcript.ts';

const report: Report = {
  passed: 1,
  failed: 2,
  skipped: 1,
  requiredFailed: 1,
  requiredUnconfigured: 0,
  total: 4,
  target: 'http://127.0.0.1:8000',
  durationMs: 1234,
  scenarios: [
    { id: 'ws-typing.reaches-other-member', title: 'typing reaches the other member', status: 'passed', guide: 'decisions §3', error: null, required: true, rules: ['ws.typing.others'], durationMs: 12 },
    {
      id: 'auth-ws.alg-none',
      title: 'alg:none is closed with 1008',
      status: 'failed',
      guide: 'decisions §1',
      error: 'auth.ws.alg-none: expected 1008; got close code 1000',
      required: true,
      rules: ['auth.ws.alg-none'],
      rule: 'auth.ws.alg-none',
      expected: 'close <1008> & "no connected"',
      actual: 'close code 1000',
      transcript: ['    3ms ws#1 · connect /api/v1/chat/ws/chat/user?token=<redacted>', '    5ms ws#1 · closed 1000'],
      durationMs: 7,
    },
    { id: 'ext-history.after-id', title: 'after_id # returns later messages', status: 'failed', guide: 'decisions §5', error: 'boom', required: false, rules: ['ext.after-id'], transcript: [], durationMs: 3 },
    { id: 'ext-auth.refresh', title: 'refresh works', status: 'skipped', guide: 'decisions §5', error: null, required: false, rules: ['ext.refresh'], reason: 'login answers no refresh_token', durationMs: 1 },
  ],
};

describe('reporters', () => {
  it('spec: CONFORMANT only for a whole run without required failures; a filtered run says how much ran', () => {
    const passing = { ...report, failed: 1, requiredFailed: 0, scenarios: report.scenarios.filter((s) => s.id !== 'auth-ws.alg-none') };
    assert.match(REPORTERS.spec({ ...passing, total: 3 }), /\nCONFORMANT\n/);
    const filtered = REPORTERS.spec({ ...passing, total: 69 });
    assert.match(filtered, /3 of 69 scenarios run, no required failures/);
    assert.doesNotMatch(filtered, /\bCONFORMANT/);
    assert.match(REPORTERS.spec(report), /NOT CONFORMANT \(1 required scenario\(s\) failed\)/);
    const incomplete = REPORTERS.spec({ ...passing, total: 3, requiredUnconfigured: 2 });
    assert.match(incomplete, /\nINCOMPLETE \(2 required scenario\(s\) not run: the target config lacks what they need, see Skipped\)\n/);
    assert.doesNotMatch(incomplete, /\bCONFORMANT/);
  });

  it('json: the report of the CLI contract', () => {
    const parsed = JSON.parse(REPORTERS.json(report)) as Report;
    assert.deepEqual([parsed.passed, parsed.failed, parsed.skipped], [1, 2, 1]);
    for (const scenario of parsed.scenarios) {
      assert.deepEqual(['id', 'title', 'status', 'guide', 'error'].filter((k) => !(k in scenario)), []);
    }
  });

  it('junit: one testcase per scenario, failures and skips marked, a failed optional scenario skipped with its reason, text escaped', () => {
    const xml = REPORTERS.junit(report);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    assert.match(xml, /<testsuites name="salon-chat-conformance" tests="4" failures="1" errors="0" skipped="2"/);
    assert.match(xml, /name="ext-history.after-id: after_id # returns later messages" time="0.003">\n      <skipped message="optional extension, not counted: boom"\/>/);
    assert.equal(xml.match(/<failure /g)?.length, 1);
    assert.equal(xml.match(/<testcase /g)?.length, 4);
    assert.match(xml, /<failure message="auth.ws.alg-none: expected 1008; got close code 1000" type="auth.ws.alg-none">/);
    assert.match(xml, /expected: close &lt;1008&gt; &amp; &quot;no connected&quot;/);
    assert.match(xml, /<skipped message="login answers no refresh_token"\/>/);
    assert.doesNotMatch(xml, /<1008>/);
  });

  it('tap: version 14 with a plan, YAML diagnostics, SKIP, and TODO for failed optional scenarios', () => {
    const lines = REPORTERS.tap(report).split('\n');
    assert.deepEqual(lines.slice(0, 3), ['TAP version 14', '1..4', 'ok 1 - ws-typing.reaches-other-member: typing reaches the other member']);
    assert.equal(lines[3], 'not ok 2 - auth-ws.alg-none: alg:none is closed with 1008');
    assert.ok(lines.includes('  rule: "auth.ws.alg-none"'));
    assert.ok(lines.includes('  actual: "close code 1000"'));
    assert.ok(lines.some((l) => l.startsWith('not ok 3 - ext-history.after-id: after_id \\# returns later messages # TODO')));
    assert.ok(lines.includes('ok 4 - ext-auth.refresh: refresh works # SKIP login answers no refresh_token'));
  });

  it('spec: each failure with rule, expected, actual and transcript, then the verdict', () => {
    const text = REPORTERS.spec(report);
    assert.match(text, /1\) auth-ws.alg-none: alg:none is closed with 1008\n {3}guide: {4}decisions §1\n {3}rule: {5}auth.ws.alg-none\n {3}expected: close <1008>/);
    assert.match(text, /actual: {3}close code 1000\n {3}transcript:\n {5}.*connect/);
    assert.match(text, /2\) ext-history.after-id: after_id # returns later messages \(optional\)\n.*\n {3}error: {4}boom/);
    assert.match(text, /- ext-auth.refresh: login answers no refresh_token/);
    assert.match(text, /1 passed, 2 failed, 1 skipped in 1.2 s against http:\/\/127.0.0.1:8000\nNOT CONFORMANT \(1 required scenario\(s\) failed\)/);
  });
});

describe('transcripts', () => {
  it('redact tokens, passwords and token query parameters', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    assert.equal(redact(`Bearer ${jwt}`), 'Bearer <jwt>');
    assert.equal(redact('{"email":"a@b.c","password":"admin123"}'), '{"email":"a@b.c","password":"<redacted>"}');
    assert.equal(redact(`{"access_token":"${jwt}","token_type":"bearer"}`), '{"access_token":"<redacted>","token_type":"bearer"}');
    assert.equal(redact('/ws/chat/user?token=not-a-jwt&x=1'), '/ws/chat/user?token=<redacted>&x=1');
    assert.equal(redact('alg none eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'), 'alg none <jwt>');
  });

  it('record entries with time, channel and direction', () => {
    const transcript = new Transcript();
    transcript.add('ws#1 staff[0]', '→', '{"type":"ping"}');
    assert.match(transcript.lines()[0]!, /^ +\d+ms ws#1 staff\[0\] → \{"type":"ping"\}$/);
  });
});
