import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConformance } from '../src/index.ts';
import { MUTATIONS } from './helpers/mutations.ts';
import { runMutant } from './helpers/mutants.ts';
import { startProxy } from './helpers/proxy.ts';
import { referenceConfig, referenceServer } from './helpers/reference-server.ts';

describe('a server with one fault (npm run mutation prints the table)', () => {
  const server = referenceServer();

  it('has at least 40 faults, each breaking a rule of the inventory', () => {
    assert.ok(Object.keys(MUTATIONS).length >= 40, `${Object.keys(MUTATIONS).length} faults`);
  });

  for (const [name, mutation] of Object.entries(MUTATIONS)) {
    it(`${name}: is caught, naming ${mutation.rule}`, async () => {
      const result = await runMutant(server.url, name, mutation);
      assert.ok(result.killed, 'no required scenario failed');
      assert.ok(result.namesRule, `no failure names ${mutation.rule}: ${result.refused?.message ?? result.killers.map((k) => `${k.id} → ${k.rule}`).join('; ')}`);
      if (mutation.failing) {
        const unexpected = result.killers.filter((k) => !mutation.failing!.includes(k.id));
        const why = unexpected.map((k) => `${k.id} (${k.rule}): expected ${k.expected}, got ${k.actual}\n${k.transcript?.slice(-8).join('\n')}`).join('\n\n');
        assert.deepEqual(result.killers.map((k) => k.id).sort(), [...mutation.failing].sort(), why || undefined);
      }
      for (const failure of result.killers) {
        assert.ok(failure.rule && failure.expected && failure.actual, `${failure.id} names rule, expected and actual`);
        assert.ok(failure.transcript?.length, `${failure.id} has a transcript`);
        assert.ok(failure.transcript.every((line) => !/eyJ[\w-]+\.[\w-]+\./.test(line)), `${failure.id}: tokens redacted`);
      }
    });
  }

  it('--bail stops after the first failure and reports the rest as not run', async () => {
    const proxy = await startProxy(server.url, MUTATIONS['reverses history pages']!.faults());
    try {
      const report = await runConformance(referenceConfig(proxy.url), { grep: 'rest-history', bail: true, concurrency: 1 });
      assert.deepEqual(report.scenarios.map((s) => s.status), ['passed', 'failed', 'skipped', 'skipped']);
      assert.match(report.scenarios[3]!.reason ?? '', /--bail/);
    } finally {
      await proxy.close();
    }
  });
});
