import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupCommit } from '../src/services/group-commit.ts';

describe('group commit', () => {
  it('writes a lone item at once, and what arrives meanwhile in the next batch, in order', async () => {
    const batches: number[][] = [];
    const write = groupCommit<number, string>(async (batch) => {
      batches.push(batch);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return batch.map((n) => `#${n}`);
    });
    const first = write(1);
    const rest = [2, 3, 4].map((n) => write(n));
    assert.deepEqual(await Promise.all([first, ...rest]), ['#1', '#2', '#3', '#4']);
    assert.deepEqual(batches, [[1], [2, 3, 4]]);
  });

  it('writes a failed batch again item by item, so only the item at fault fails', async () => {
    const batches: string[][] = [];
    const write = groupCommit<string, string>(async (batch) => {
      batches.push(batch);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (batch.includes('bad')) throw new Error('unique violation');
      return batch.map((s) => s.toUpperCase());
    });
    void write('first');
    const results = await Promise.allSettled(['a', 'bad', 'b'].map((s) => write(s)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['A', 'unique violation', 'B'],
    );
    assert.deepEqual(batches, [['first'], ['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
  });

  it('keeps batches to their largest size', async () => {
    const sizes: number[] = [];
    const write = groupCommit<number, number>(async (batch) => {
      sizes.push(batch.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return batch;
    }, 3);
    await Promise.all(Array.from({ length: 8 }, (_, i) => write(i)));
    assert.deepEqual(sizes, [1, 3, 3, 1]);
  });
});
