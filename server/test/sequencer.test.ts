import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerFrame } from '@salon-chat/protocol';
import { ChatSequencer } from '../src/realtime/sequencer.ts';

const typing = (chatId: number): ServerFrame => ({ type: 'typing', chat_id: chatId, participant_type: 'user', participant_id: 1, is_typing: true });

/**
 * A sequencer whose deliveries are recorded as `chat:seq` (or `chat:-` for frames without a
 * place), and the chats whose sockets it had catch up as `gap:chat`.
 */
function recorded(holdMs = 1000, caughtUpAtOnce = true) {
  const out: string[] = [];
  const sequencer = new ChatSequencer((audience, frame) => out.push(`${audience.chatId}:${(frame as { seq?: number }).seq ?? '-'}`), holdMs, (chatId) => (out.push(`gap:${chatId}`), caughtUpAtOnce));
  const push = (chatId: number, seq?: number, again?: boolean) =>
    sequencer.push({ chatId }, { ...typing(chatId), seq } as unknown as ServerFrame, seq === undefined ? undefined : { chatId, seq, again });
  /** The frame of a message sent again (a retry found it stored). */
  const again = (chatId: number, seq: number) => push(chatId, seq, true);
  return { out, push, again, sequencer };
}

describe('the chat sequencer', () => {
  it('passes frames in order, and frames without a place, straight through', () => {
    const { out, push } = recorded();
    push(1, 5);
    push(1, 6);
    push(2);
    push(1, 7);
    assert.deepEqual(out, ['1:5', '1:6', '2:-', '1:7']);
  });

  it('holds a frame that came before the one it follows, and sends both in order when that comes', () => {
    const { out, push } = recorded();
    push(1, 1);
    push(1, 3);
    push(1, 4);
    push(2, 9);
    assert.deepEqual(out, ['1:1', '2:9']);
    push(1, 2);
    assert.deepEqual(out, ['1:1', '2:9', '1:2', '1:3', '1:4']);
  });

  it('sends none of what it holds when the missing frame does not come in time: the chat\'s sockets catch up, and the chat goes on after the newest held', async () => {
    const { out, push } = recorded(30);
    push(1, 1);
    push(1, 4);
    push(1, 3);
    push(2, 7);
    assert.deepEqual(out, ['1:1', '2:7']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(out, ['1:1', '2:7', 'gap:1']);
    push(1, 2);
    push(1, 5);
    assert.deepEqual(out, ['1:1', '2:7', 'gap:1', '1:2', '1:5']);
  });

  it('goes on holding what comes for a chat whose sockets are to catch up later, until it forgets the chat', async () => {
    const { out, push, sequencer } = recorded(30, false);
    push(1, 1);
    push(1, 3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(out, ['1:1', 'gap:1']);
    push(1, 4);
    push(2, 7);
    assert.deepEqual(out, ['1:1', 'gap:1', '2:7'], 'nothing of chat 1 reaches the sockets that are to catch up');
    sequencer.forget([1]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    push(1, 6);
    assert.deepEqual(out, ['1:1', 'gap:1', '2:7', '1:6'], 'forgotten, what waited is dropped and the chat starts again');
  });

  it('sends a frame at or before the last place at once: it was overtaken', () => {
    const { out, push } = recorded();
    push(1, 10);
    push(1, 9);
    assert.deepEqual(out, ['1:10', '1:9']);
  });

  it('waits for a missing frame from when the frames before it went out, not from when the first frame was held', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { out, push } = recorded(40);
    push(1, 1);
    push(1, 3);
    push(1, 5);
    t.mock.timers.tick(30);
    push(1, 2);
    t.mock.timers.tick(30);
    assert.deepEqual(out, ['1:1', '1:2', '1:3']);
    push(1, 4);
    assert.deepEqual(out, ['1:1', '1:2', '1:3', '1:4', '1:5']);
    t.mock.timers.tick(100);
    assert.deepEqual(out, ['1:1', '1:2', '1:3', '1:4', '1:5']);
  });

  it('starts a chat it has not seen from the place a socket joined it at: a frame past the next waits for those between', () => {
    const { out, push, sequencer } = recorded();
    sequencer.joinedAt(1, 5);
    push(1, 7);
    assert.deepEqual(out, []);
    push(1, 6);
    assert.deepEqual(out, ['1:6', '1:7']);
    sequencer.joinedAt(1, 2);
    push(1, 8);
    assert.deepEqual(out, ['1:6', '1:7', '1:8']);
  });

  it('forgets where the chats whose sockets missed frames stood, and what waits in them', () => {
    const { out, push, sequencer } = recorded();
    push(1, 1);
    push(1, 3);
    push(2, 5);
    sequencer.forget([1]);
    push(1, 9);
    push(2, 7);
    assert.deepEqual(out, ['1:1', '2:5', '1:9']);
    sequencer.forget();
    sequencer.joinedAt(2, 8);
    push(2, 9);
    assert.deepEqual(out, ['1:1', '2:5', '1:9', '2:9']);
  });

  it('never sends the frame of a message sent again at or before the last place: it went out, or its clients fetched it', async () => {
    const { out, push, again } = recorded(30);
    push(1, 1);
    push(1, 3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    again(1, 2);
    again(1, 3);
    again(1, 1);
    assert.deepEqual(out, ['1:1', 'gap:1']);
  });

  it('sends the frame of a message sent again in a chat it has no place for, without taking its place as the chat\'s', () => {
    const { out, push, again } = recorded();
    again(1, 5);
    push(1, 7);
    assert.deepEqual(out, ['1:5', '1:7']);
  });

  it('sends the frame of a message sent again past the last place like any, but not while its first frame waits', () => {
    const { out, push, again } = recorded();
    push(1, 1);
    again(1, 2);
    push(1, 4);
    again(1, 4);
    again(2, 7);
    assert.deepEqual(out, ['1:1', '1:2', '2:7']);
  });
});
