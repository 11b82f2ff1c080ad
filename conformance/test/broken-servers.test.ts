import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runConformance, type Report } from '../src/index.ts';
import { FAULTS } from './helpers/faults.ts';
import { startProxy } from './helpers/proxy.ts';
import { referenceConfig, startReferenceServer, type RunningServer } from './helpers/reference-server.ts';

const failedIds = (report: Report): string[] => report.scenarios.filter((s) => s.status === 'failed').map((s) => s.id).sort();

describe('a server that breaks the protocol', () => {
  let server: RunningServer;
  before(async () => {
    server = await startReferenceServer();
  });
  after(() => server.stop());

  for (const [name, broken] of Object.entries(FAULTS)) {
    it(`${name}: fails exactly the scenarios of that rule`, async () => {
      const proxy = await startProxy(server.url, broken.faults);
      try {
        const report = await runConformance(referenceConfig(proxy.url), { grep: 'grep' in broken ? broken.grep : undefined, timeoutScale: 0.5 });
        assert.deepEqual(failedIds(report), [...broken.failing].sort());
        assert.ok(report.requiredFailed > 0);
        for (const failure of report.scenarios.filter((s) => s.status === 'failed')) {
          assert.ok(failure.rule && failure.expected && failure.actual, `${failure.id} names rule, expected and actual`);
          assert.ok(failure.transcript?.length, `${failure.id} has a transcript`);
          assert.ok(failure.transcript.every((line) => !/eyJ[\w-]+\.[\w-]+\./.test(line)), `${failure.id}: tokens redacted`);
        }
      } finally {
        await proxy.close();
      }
    });
  }

  it('--bail stops after the first failure and reports the rest as not run', async () => {
    const proxy = await startProxy(server.url, FAULTS['reverses history pages'].faults);
    try {
      const report = await runConformance(referenceConfig(proxy.url), { grep: 'rest-history', bail: true, concurrency: 1 });
      assert.deepEqual(report.scenarios.map((s) => s.status), ['passed', 'failed', 'skipped', 'skipped']);
      assert.match(report.scenarios[3]!.reason ?? '', /--bail/);
    } finally {
      await proxy.close();
    }
  });
});
