import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConformance, type ScenarioResult } from '../src/index.ts';
import { startProxy, type Faults } from './helpers/proxy.ts';
import { referenceConfig, referenceServer } from './helpers/reference-server.ts';

describe('the frames a scenario receives', () => {
  const server = referenceServer();

  /** The one scenario `id`, run against the reference server behind `faults`. */
  const runScenario = async (id: string, faults: Faults): Promise<ScenarioResult> => {
    const proxy = await startProxy(server.url, faults);
    try {
      const report = await runConformance(referenceConfig(proxy.url), { grep: id });
      assert.deepEqual(report.scenarios.map((s) => s.id), [id]);
      return report.scenarios[0]!;
    } finally {
      await proxy.close();
    }
  };
  /** Answers every ping with `frame` too, before the server's pong. */
  const alongsidePong = (frame: object): Faults => ({ answerClient: (raw) => (JSON.parse(raw).type === 'ping' ? [JSON.stringify(frame)] : []) });

  it('fails a scenario under the rule of a frame of the guide that lacks the protocol’s shape, though the scenario never waits for it', async () => {
    const result = await runScenario('ws-frames.ping-pong', alongsidePong({ type: 'read_receipt', chat_id: 1, message_id: 1, reader_type: 'user' }));
    assert.equal(result.status, 'failed');
    assert.equal(result.rule, 'ws.read.receipt');
    assert.match(result.actual ?? '', /reader_id/);
  });

  it('leaves the shape of frames outside the guide to the server', async () => {
    const result = await runScenario('ws-frames.ping-pong', alongsidePong({ type: 'presence', chat_id: 'one' }));
    assert.equal(result.status, 'passed', result.error ?? '');
  });

  it('leaves the extensions in frames of the guide to the server: its own error codes, reply previews, references and echoes', async () => {
    const ownExtensions: Faults = {
      fromServer(raw) {
        const frame = JSON.parse(raw) as { type: string; message?: object };
        if (frame.type === 'error') return JSON.stringify({ ...frame, code: 4003, chat_id: null, client_message_id: 7 });
        if (frame.type === 'message') return JSON.stringify({ ...frame, client_message_id: 7, message: { ...frame.message, reply_to: 'an id', reference: [1], reference_id: 'p-1' } });
        return raw;
      },
    };
    for (const id of ['ws-membership.not-joined-frames-answer-error', 'ws-errors.unknown-type', 'ws-messages.echo-to-sender', 'ws-messages.reply-carries-reply-to']) {
      const result = await runScenario(id, ownExtensions);
      assert.equal(result.status, 'passed', `${id}: ${result.error}`);
    }
  });

  it('judges an error frame a scenario waits for under the rule of what it answers', async () => {
    const withoutText: Faults = {
      fromServer(raw) {
        const { error, ...rest } = JSON.parse(raw) as { type: string; error?: unknown };
        return rest.type === 'error' ? JSON.stringify(rest) : raw;
      },
    };
    const result = await runScenario('ws-membership.not-joined-frames-answer-error', withoutText);
    assert.equal(result.status, 'failed');
    assert.equal(result.rule, 'ws.not-joined');
    assert.match(result.actual ?? '', /error/);
  });
});
