import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { messagePreview, PREVIEW_LENGTH } from '../src/core.ts';

describe('messagePreview', () => {
  it('shows what a person wrote, cut to one line', () => {
    assert.equal(messagePreview({ message_type: 'text', content: '  See you Tuesday  ' }), 'See you Tuesday');
    const long = messagePreview({ message_type: 'text', content: 'x'.repeat(500) });
    assert.equal(long.length, PREVIEW_LENGTH);
    assert.ok(long.endsWith('…'));
  });

  it('reads a card as people would, the appointment at its time in the salon’s zone', () => {
    const card = { type: 'appointment' as const, title: 'Blow-dry', starts_at: '2026-12-01T09:00:00Z' };
    assert.equal(messagePreview({ message_type: 'appointment', reference: card }, 'Europe/Paris'), '📅 Blow-dry · Tue 10:00');
    assert.equal(messagePreview({ message_type: 'product', reference: { type: 'product', title: 'Argan Repair Oil', starts_at: null } }), '🛍️ Argan Repair Oil');
    assert.equal(messagePreview({ message_type: 'appointment', content: 'I booked you', reference: card }), 'I booked you');
  });

  it('names what a message carries when it has no text', () => {
    assert.equal(messagePreview({ message_type: 'image', content: null }), '📷 Photo');
    assert.equal(messagePreview({ message_type: 'voice' }), '🎤 Voice note');
  });

  it('comes from an entry without zod, for small clients', () => {
    const core = readFileSync(new URL('../src/core.ts', import.meta.url), 'utf8');
    for (const line of core.split('\n').filter((l) => l.startsWith('export'))) {
      assert.ok(/^export type \*|constants\.ts|preview\.ts/.test(line), line);
    }
    assert.doesNotMatch(readFileSync(new URL('../src/preview.ts', import.meta.url), 'utf8'), /^import (?!type)/m);
  });
});
