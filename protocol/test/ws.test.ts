import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HistoryQuery, LIMITS, SERVER_FRAMES, decodeClientFrame, type ServerFrameType } from '../src/index.ts';

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

describe('SERVER_FRAMES', () => {
  const message = {
    id: 102,
    chat_id: 1,
    sender_type: 'customer',
    sender_customer_id: 123,
    message_type: 'text',
    content: 'Thanks!',
    created_at: '2026-01-09 10:32:00',
    is_edited: false,
    is_deleted: false,
    read_receipts: [],
  };
  const chat = {
    id: 1,
    chat_type: 'user_customer',
    salon_id: 1,
    title: null,
    is_active: true,
    is_archived: false,
    last_message_at: null,
    created_at: '2026-01-09T10:30:00Z',
    participants: [],
    unread_count: 0,
    last_message_preview: null,
    online_participants: [],
  };
  /** Each frame with only what the guide (or, for the reference server's own frames, the protocol) requires. */
  const BARE: { [K in ServerFrameType]: object } = {
    connected: { type: 'connected', participant_type: 'user', participant_id: 456 },
    message: { type: 'message', message },
    typing: { type: 'typing', chat_id: 1, participant_type: 'customer', participant_id: 123, is_typing: true },
    read_receipt: { type: 'read_receipt', chat_id: 1, message_id: 101, reader_type: 'customer', reader_id: 123 },
    user_joined: { type: 'user_joined', chat_id: 1, participant_type: 'user', participant_id: 456 },
    user_left: { type: 'user_left', chat_id: 1, participant_type: 'user', participant_id: 456 },
    joined_chat: { type: 'joined_chat', chat_id: 1, online_participants: [456], online_members: [{ participant_type: 'user', participant_id: 456 }] },
    left_chat: { type: 'left_chat', chat_id: 1 },
    presence: { type: 'presence', chat_id: 1, participant_type: 'customer', participant_id: 123, online: false, online_participants: [], online_members: [] },
    chat_created: { type: 'chat_created', chat },
    chat_state: { type: 'chat_state', chat_id: 1, status: 'resolved', assignee_id: null, waiting_since: null, is_archived: false, changed_by: { participant_type: 'user', participant_id: 456 } },
    error: { type: 'error', error: 'frame is not valid JSON' },
    pong: { type: 'pong', timestamp: '2026-01-09T10:33:00.000Z' },
  };

  it('accepts every frame with only the fields the guide requires, and keys a server adds', () => {
    for (const [type, frame] of Object.entries(BARE)) {
      const schema = SERVER_FRAMES[type as ServerFrameType];
      assert.equal(schema.safeParse(frame).success, true, type);
      assert.deepEqual(schema.parse({ ...frame, seq: 7 }), { ...frame, seq: 7 }, type);
    }
  });

  it('accepts the extensions where a server sends them', () => {
    const cases: [ServerFrameType, object][] = [
      ['connected', { ...BARE.connected, name: null }],
      ['message', { ...BARE.message, client_message_id: 'c6f1e0b2-7d1a' }],
      ['read_receipt', { ...BARE.read_receipt, read_at: '2026-01-09T10:31:00.000Z', message_ids: [100, 101] }],
      ['error', { ...BARE.error, code: 'not_joined', chat_id: 7, client_message_id: null }],
    ];
    for (const [type, frame] of cases) assert.equal(SERVER_FRAMES[type].safeParse(frame).success, true, JSON.stringify(frame));
  });

  it('rejects a frame that lacks a field, or gives one in another shape', () => {
    const cases: [ServerFrameType, object, RegExp][] = [
      ['connected', { type: 'connected', participant_type: 'user' }, /participant_id/],
      ['connected', { ...BARE.connected, participant_type: 'staff' }, /participant_type/],
      ['message', { ...BARE.message, message: { ...message, created_at: 1767954720000 } }, /message\.created_at/],
      ['typing', { ...BARE.typing, is_typing: undefined }, /is_typing/],
      ['read_receipt', { ...BARE.read_receipt, reader_id: '123' }, /reader_id/],
      ['read_receipt', { ...BARE.read_receipt, read_at: 'yesterday' }, /read_at/],
      ['user_left', { type: 'user_left', chat_id: 1, participant_type: 'user' }, /participant_id/],
      ['chat_created', { type: 'chat_created', chat: { id: 1 } }, /chat\./],
      ['error', { type: 'error', error: '' }, /error/],
      ['error', { ...BARE.error, code: 'oops' }, /code/],
      ['pong', { type: 'pong', timestamp: 1767954780 }, /timestamp/],
      ['pong', { type: 'ping', timestamp: '2026-01-09T10:33:00Z' }, /type/],
    ];
    for (const [type, frame, field] of cases) {
      const parsed = SERVER_FRAMES[type].safeParse(frame);
      assert.equal(parsed.success, false, JSON.stringify(frame));
      assert.match(parsed.error!.issues.map((i) => i.path.join('.')).join(' '), field, JSON.stringify(frame));
    }
  });
});
