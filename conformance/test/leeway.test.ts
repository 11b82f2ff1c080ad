import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConformance } from '../src/index.ts';
import { startProxy, type Faults } from './helpers/proxy.ts';
import { referenceConfig, referenceServer } from './helpers/reference-server.ts';

describe('what a server may choose where the guide leaves it open', () => {
  const server = referenceServer();

  /** The scenarios `grep` selects, run against the reference server behind `faults`. */
  const run = async (grep: string, faults: Faults) => {
    const proxy = await startProxy(server.url, faults);
    try {
      const report = await runConformance(referenceConfig(proxy.url), { grep });
      assert.equal(report.failed, 0, JSON.stringify(report.scenarios.filter((s) => s.status === 'failed')));
      return report.scenarios;
    } finally {
      await proxy.close();
    }
  };

  it('may keep an upload as another image type than it was sent in', async () => {
    const scenarios = await run('rest-upload', {
      json: (_method, path, body) => (path.startsWith('/api/v1/chat/upload') ? { ...(body as object), file_type: 'image/jpeg' } : body),
    });
    assert.deepEqual(scenarios.map((s) => s.status), scenarios.map(() => 'passed'));
  });

  it('may refuse the client_message_id extension with an error frame: its probe is skipped', async () => {
    const refusing: Faults = {
      fromClient: (raw) => (JSON.parse(raw).client_message_id ? null : raw),
      answerClient: (raw) => (JSON.parse(raw).client_message_id ? [JSON.stringify({ type: 'error', error: 'unknown field client_message_id' })] : []),
    };
    const [probe] = await run('ext-messages.client-message-id', refusing);
    assert.equal(probe?.status, 'skipped');
    assert.match(probe?.reason ?? '', /client_message_id is refused/);
  });
});
