import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Audience } from '../src/realtime/broker.ts';
import { CatchUps } from '../src/realtime/catch-up.ts';

describe('catch-ups', () => {
  it('go out at once, then after a pause that doubles while more are asked for, each audience once', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    const runs: { at: number; audiences?: Audience[] }[] = [];
    const catchUps = new CatchUps((audiences) => runs.push({ at: Date.now(), audiences }));
    // A gap in chat 1 every 100 ms for 20 s, as while Redis is away, and one in chat 2.
    for (let at = 0; at < 20_000; at += 100) {
      assert.equal(catchUps.ask([{ chatId: 1 }]), at === 0, `at ${at} ms`);
      if (at === 500) catchUps.ask([{ chatId: 2 }]);
      t.mock.timers.tick(100);
    }
    assert.deepEqual(runs.map((r) => r.at), [0, 1000, 3000, 7000, 15_000]);
    assert.deepEqual(runs[1]!.audiences, [{ chatId: 1 }, { chatId: 2 }]);
    t.mock.timers.tick(11_000);
    assert.equal(runs.length, 6, 'what was asked for meanwhile went out once the pause ended');
    catchUps.close();
  });

  it('stop doubling after a calm as long as the pause, and all go out at once when the node joins again', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    const runs: { at: number; audiences?: Audience[] }[] = [];
    const catchUps = new CatchUps((audiences) => runs.push({ at: Date.now(), audiences }));
    catchUps.ask([{ chatId: 1 }]);
    t.mock.timers.tick(500);
    catchUps.ask([{ chatId: 1 }]);
    t.mock.timers.tick(500);
    assert.deepEqual(runs.map((r) => r.at), [0, 1000]);
    t.mock.timers.tick(3000 + 4000);
    assert.equal(catchUps.ask([{ chatId: 1 }]), true, 'after the calm, at once');
    t.mock.timers.tick(200);
    assert.equal(catchUps.ask([{ chatId: 2 }]), false);
    catchUps.all();
    assert.deepEqual(runs.at(-1), { at: 8200, audiences: undefined });
    t.mock.timers.tick(60_000);
    assert.equal(runs.length, 4, 'what waited went out with all the sockets');
    catchUps.close();
  });
});
