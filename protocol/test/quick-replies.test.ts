import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuickReplyDraft } from '../src/index.ts';

describe('QuickReplyDraft', () => {
  it('takes a shortcut in lower case, yours unless the salon is named', () => {
    assert.deepEqual(QuickReplyDraft.parse({ shortcut: ' Prices ', content: 'From 35 €' }), { shortcut: 'prices', content: 'From 35 €', scope: 'mine' });
  });

  it('refuses a shortcut with spaces, a blank text, an unknown scope', () => {
    for (const bad of [{ shortcut: 'two words', content: 'x' }, { shortcut: 'ok', content: '   ' }, { shortcut: 'ok', content: 'x', scope: 'team' }, { shortcut: 'x'.repeat(33), content: 'x' }]) {
      assert.equal(QuickReplyDraft.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});
