import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HistoryQuery, LIMITS, decodeClientFrame } from '../src/index.ts';

describe('decodeClientFrame', () => {
  it('accepts every frame of the guide', () => {
    for (const frame of [
      { type: 'join_chat', chat_id: 1 },
      { type: 'leave_chat', chat_id: 1 },
      { type: 'send_message', chat_id: 1, content: 'Hello', message_type: 'text' },
      { type: 'send_message', chat_id: 1, message_type: 'image', media_url: '/uploads/chat/a.jpg' },
      { type: 'send_message', chat_id: 1, content: 'ok', reply_to_message_id: 101 },
      { type: 'typing', chat_id: 1, is_typing: true },
      { type: 'read_message', chat_id: 1, message_id: 101 },
      { type: 'ping' },
    ]) {
      const decoded = decodeClientFrame(JSON.stringify(frame));
      assert.equal(decoded.ok, true, JSON.stringify(decoded));
    }
  });

  it('keeps the fields of a send_message frame', () => {
    const decoded = decodeClientFrame(
      JSON.stringify({ type: 'send_message', chat_id: 7, content: 'Hi', client_message_id: 'abc' }),
    );
    assert.deepEqual(decoded.ok && decoded.frame, {
      type: 'send_message',
      chat_id: 7,
      content: 'Hi',
      client_message_id: 'abc',
    });
  });

  it('names what is wrong with a bad frame', () => {
    const cases: [string, string][] = [
      ['{nope', 'bad_json'],
      ['[1,2]', 'bad_frame'],
      ['{"chat_id":1}', 'bad_frame'],
      ['{"type":"dance"}', 'unknown_type'],
      ['{"type":"join_chat"}', 'validation_failed'],
      ['{"type":"join_chat","chat_id":"1"}', 'validation_failed'],
      ['{"type":"join_chat","chat_id":true}', 'validation_failed'],
      ['{"type":"join_chat","chat_id":3000000000}', 'validation_failed'],
      ['{"type":"send_message","chat_id":1,"content":"a\\u0000b"}', 'validation_failed'],
      ['{"type":"typing","chat_id":1,"is_typing":"yes"}', 'validation_failed'],
      ['{"type":"send_message","chat_id":1}', 'validation_failed'],
      ['{"type":"send_message","chat_id":1,"content":"   "}', 'validation_failed'],
      [JSON.stringify({ type: 'ping', pad: 'x'.repeat(LIMITS.maxFrameBytes) }), 'frame_too_large'],
    ];
    for (const [raw, code] of cases) {
      const decoded = decodeClientFrame(raw);
      assert.equal(decoded.ok, false, raw);
      assert.equal(!decoded.ok && decoded.code, code, raw.slice(0, 60));
    }
  });

  it('says which field failed', () => {
    const decoded = decodeClientFrame('{"type":"read_message","chat_id":1}');
    assert.match(!decoded.ok ? decoded.error : '', /message_id/);
  });
});

describe('HistoryQuery', () => {
  it('defaults to the newest page of 50 and caps page_size', () => {
    assert.deepEqual(HistoryQuery.parse({}), { page: 1, page_size: 50 });
    assert.equal(HistoryQuery.parse({ page_size: '1000' }).page_size, LIMITS.maxPageSize);
    assert.equal(HistoryQuery.safeParse({ page: '0' }).success, false);
  });
});
