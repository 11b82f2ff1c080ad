import { expect } from '@open-wc/testing';
import { Backoff } from '../src/client/backoff.ts';

describe('Backoff', () => {
  it('doubles the delay on each attempt, with jitter between half and all of it', () => {
    const low = new Backoff({ base: 100, cap: 10_000, random: () => 0 });
    const high = new Backoff({ base: 100, cap: 10_000, random: () => 0.999999 });
    expect([1, 2, 3, 4].map(() => low.next())).to.deep.equal([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map(() => high.next())).to.deep.equal([100, 200, 400, 800]);
  });

  it('never waits longer than the cap', () => {
    const b = new Backoff({ base: 250, cap: 4000, random: () => 0.999999 });
    const delays = Array.from({ length: 12 }, () => b.next());
    expect(Math.max(...delays)).to.equal(4000);
    expect(delays.slice(5)).to.deep.equal(Array(7).fill(4000));
  });

  it('spreads clients out: the same attempt gives different delays', () => {
    const delays = new Set(Array.from({ length: 20 }, () => new Backoff({ base: 1000 }).next()));
    expect(delays.size).to.be.greaterThan(10);
    for (const d of delays) expect(d).to.be.within(500, 1000);
  });

  it('starts over after a reset', () => {
    const b = new Backoff({ base: 100, random: () => 0 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).to.equal(50);
  });
});
