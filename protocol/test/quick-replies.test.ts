import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillPlaceholders, firstName, QuickReplyDraft } from '../src/index.ts';

describe('fillPlaceholders', () => {
  const values = { first_name: 'Emma', salon: 'Maison Éclat', hours: 'Tue–Fri 09:00–19:00', my_name: 'Camille' };

  it('fills every placeholder it knows, wherever and however often it stands', () => {
    assert.equal(fillPlaceholders('Hi {first_name}! {my_name} of {salon} here. {first_name}, we open {hours}.', values), 'Hi Emma! Camille of Maison Éclat here. Emma, we open Tue–Fri 09:00–19:00.');
  });

  it('leaves an unknown placeholder, or one without a value, as typed', () => {
    assert.equal(fillPlaceholders('{price} for {first_name} {nickname}', values), '{price} for Emma {nickname}');
    assert.equal(fillPlaceholders('Hi {first_name}, {hours}', { first_name: '  ', hours: null }), 'Hi {first_name}, {hours}');
  });
});

describe('firstName', () => {
  it('is the first word of a name', () => {
    assert.equal(firstName('  Emma   Wilson '), 'Emma');
    assert.equal(firstName(null), '');
  });
});

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
