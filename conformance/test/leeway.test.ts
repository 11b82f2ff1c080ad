import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConformance } from '../src/index.ts';
import { startProxy, type Faults } from './helpers/proxy.ts';
import { referenceConfig, referenceServer } from './helpers/reference-server.ts';

describe('what a server may choose where the guide leaves it open', () => {
  const server = referenceServer();

  it('may keep an upload as another image type than it was sent in', async () => {
    const asJpeg: Faults = {
      json: (_method, path, body) => (path.startsWith('/api/v1/chat/upload') ? { ...(body as object), file_type: 'image/jpeg' } : body),
    };
    const proxy = await startProxy(server.url, asJpeg);
    try {
      const report = await runConformance(referenceConfig(proxy.url), { grep: 'rest-upload' });
      assert.equal(report.failed, 0, JSON.stringify(report.scenarios.filter((s) => s.status === 'failed')));
      assert.equal(report.passed, report.scenarios.length);
    } finally {
      await proxy.close();
    }
  });
});
