import { expect } from '@open-wc/testing';
import { TypingSignal } from '../src/panel/typing.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TypingSignal', () => {
  it('says "typing" once when typing starts, however many keys follow', async () => {
    const sent: boolean[] = [];
    const signal = new TypingSignal((on) => sent.push(on), 100);
    for (let i = 0; i < 5; i++) {
      signal.input();
      await sleep(20);
    }
    expect(sent).to.deep.equal([true]);
    signal.stop();
  });

  it('says "stopped" after the idle time without input', async () => {
    const sent: boolean[] = [];
    const signal = new TypingSignal((on) => sent.push(on), 60);
    signal.input();
    await sleep(30);
    signal.input();
    await sleep(40);
    expect(sent).to.deep.equal([true]);
    await sleep(60);
    expect(sent).to.deep.equal([true, false]);
  });

  it('says "stopped" at once on send, and only once', async () => {
    const sent: boolean[] = [];
    const signal = new TypingSignal((on) => sent.push(on), 60);
    signal.input();
    signal.stop();
    signal.stop();
    await sleep(100);
    expect(sent).to.deep.equal([true, false]);
  });
});
