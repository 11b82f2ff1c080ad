import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedBuckets } from '../src/realtime/rate-limit.ts';

/** A clock the test moves by hand, in milliseconds. */
const manualClock = () => {
  let now = 0;
  return { read: () => now, advance: (ms: number) => (now += ms) };
};

describe('rate limits by key', () => {
  it('keeps a locked account locked through a flood of new keys, making room by forgetting keys that can still act', () => {
    const clock = manualClock();
    const failures = new KeyedBuckets(3 / 900, 3, 100, clock.read);
    for (let i = 0; i < 3; i++) assert.equal(failures.take('user:owner@rose.test').ok, true);
    assert.equal(failures.take('user:owner@rose.test').ok, false);
    const flood = Array.from({ length: 150 }, (_, i) => failures.take(`user:nobody-${i}@salon.test`));
    assert.equal(flood.filter((taken) => taken.ok).length, 150, 'a flood of new keys locks nobody else out');
    clock.advance(60_000);
    assert.equal(failures.take('user:owner@rose.test').ok, false, 'the lock survives the flood');
  });

  it('refuses a new key only while every key it holds is exhausted, until the next sweep', () => {
    const clock = manualClock();
    const failures = new KeyedBuckets(1 / 900, 3, 100, clock.read);
    for (let k = 0; k < 100; k++) for (let i = 0; i < 3; i++) failures.take(`locked-${k}`);
    const refused = failures.take('new');
    assert.equal(refused.ok, false, 'no room: every key is locked');
    assert.ok(refused.waitMs > 0 && refused.waitMs <= 1000, 'asked again within a second');
    clock.advance(900_000);
    assert.equal(failures.take('new').ok, true, 'once buckets refilled, room is made');
  });

  it('forgets first the keys whose bucket is full again', () => {
    const clock = manualClock();
    const logins = new KeyedBuckets(1, 3, 100, clock.read);
    for (let i = 0; i < 3; i++) logins.take('busy');
    for (let i = 0; i < 99; i++) assert.equal(logins.take(`idle-${i}`).ok, true);
    clock.advance(1500);
    assert.equal(logins.take('new').ok, true, 'the idle keys made room');
    assert.equal(logins.take('busy').ok, true, 'the busy key kept its 1.5 tokens');
    assert.equal(logins.take('busy').ok, false, 'and was not forgotten: a new bucket would have had 3');
  });
});
