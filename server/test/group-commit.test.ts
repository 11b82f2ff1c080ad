import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupCommit } from '../src/services/group-commit.ts';

/** Resolves after the group commit's own turn has begun its batch. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes the items of one turn together, and what arrives meanwhile in the next batch, in order', async () => {
    const batches: number[][] = [];
    const write = groupCommit<number, string>(async (batch) => {
      batches.push(batch);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return batch.map((n) => `#${n}`);
    });
    const first = [1, 2].map((n) => write(n));
    await nextTurn();
    const rest = [3, 4, 5].map((n) => write(n));
    assert.deepEqual(await Promise.all([...first, ...rest]), ['#1', '#2', '#3', '#4', '#5']);
    assert.deepEqual(batches, [[1, 2], [3, 4, 5]]);
  });

  it('writes a lone item by itself', async () => {
    const batches: number[][] = [];
    const write = groupCommit<number, number>(async (batch) => (batches.push(batch), batch));
    assert.equal(await write(7), 7);
    assert.equal(await write(8), 8);
    assert.deepEqual(batches, [[7], [8]]);
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
    await nextTurn();
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
    }, { maxBatch: 3 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => write(i)));
    assert.deepEqual(sizes, [3, 3, 2]);
  });

  it('begins the next batch beside the one before once that one is ordered, not sooner', async () => {
    const log: string[] = [];
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const write = groupCommit<number, number>(
      async (batch, ordered) => {
        log.push(`begin ${batch}`);
        await pause(10);
        log.push(`ordered ${batch}`);
        ordered();
        await pause(30);
        log.push(`end ${batch}`);
        return batch;
      },
      { inFlight: 2 },
    );
    const first = write(1);
    await nextTurn();
    const rest = [2, 3].map((n) => write(n));
    assert.deepEqual(await Promise.all([first, ...rest]), [1, 2, 3]);
    assert.deepEqual(log, ['begin 1', 'ordered 1', 'begin 2,3', 'ordered 2,3', 'end 1', 'end 2,3']);
  });

  it('keeps at most inFlight batches under way', async () => {
    let underWay = 0;
    let most = 0;
    const write = groupCommit<number, number>(
      async (batch, ordered) => {
        most = Math.max(most, ++underWay);
        ordered();
        await new Promise((resolve) => setTimeout(resolve, 5));
        underWay--;
        return batch;
      },
      { maxBatch: 1, inFlight: 3 },
    );
    assert.deepEqual(await Promise.all(Array.from({ length: 10 }, (_, i) => write(i))), Array.from({ length: 10 }, (_, i) => i));
    assert.equal(most, 3);
  });
});
