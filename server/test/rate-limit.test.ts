import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedBuckets } from '../src/realtime/rate-limit.ts';

/** A clock the test moves by hand, in milliseconds. */
const manualClock = () => {
  let now = 0;
  return { read: () => now, advance: (ms: number) => (now += ms) };
};

describe('rate limits by key', () => {
  it('keeps a locked account locked through a flood of new keys, and refuses the keys it has no room for', () => {
    const clock = manualClock();
    const failures = new KeyedBuckets(3 / 900, 3, 100, clock.read);
    for (let i = 0; i < 3; i++) assert.equal(failures.take('user:owner@rose.test').ok, true);
    assert.equal(failures.take('user:owner@rose.test').ok, false);
    const flood = Array.from({ length: 150 }, (_, i) => failures.take(`user:nobody-${i}@salon.test`));
    assert.equal(flood.filter((taken) => taken.ok).length, 99, 'only as many new keys as there is room for');
    assert.ok(flood.slice(99).every((taken) => !taken.ok && taken.waitMs > 0));
    clock.advance(60_000);
    assert.equal(failures.take('user:owner@rose.test').ok, false, 'the lock survives the flood');
  });

  it('forgets only the keys whose bucket is full again, to make room for new ones', () => {
    const clock = manualClock();
    const logins = new KeyedBuckets(1, 3, 100, clock.read);
    for (let i = 0; i < 3; i++) logins.take('busy');
    for (let i = 0; i < 99; i++) assert.equal(logins.take(`idle-${i}`).ok, true);
    assert.equal(logins.take('new').ok, false, 'no room while every key is in use');
    clock.advance(1500);
    assert.equal(logins.take('new').ok, true, 'the idle keys made room');
    assert.equal(logins.take('busy').ok, true, 'the busy key kept its 1.5 tokens');
    assert.equal(logins.take('busy').ok, false, 'and was not forgotten: a new bucket would have had 3');
  });
});
