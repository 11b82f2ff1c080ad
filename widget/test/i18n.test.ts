import { expect } from '@open-wc/testing';
import { coreStrings, translator, type Catalog } from '../src/i18n.ts';
import { alertStrings } from '../src/panel/alerts.strings.ts';
import { panelStrings } from '../src/panel/strings.ts';
import { viewStrings } from '../src/panel/views.strings.ts';
import { quickReplyStrings } from '../src/panel/quick-replies.strings.ts';

describe('i18n', () => {
  const catalogs: [string, Catalog][] = [
    ['core', coreStrings],
    ['panel', panelStrings],
    ['alerts', alertStrings],
    ['views', viewStrings],
    ['quick replies', quickReplyStrings],
  ];
  for (const [name, catalog] of catalogs) {
    for (const lang of ['fr', 'ar'] as const) {
      it(`${lang} translates every string of the ${name}, with the same placeholders`, () => {
        const english = Object.values(catalog.en);
        const lines = catalog[lang].split('\n');
        expect(lines).to.have.length(english.length);
        const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        lines.forEach((text, i) => {
          expect(text.trim(), english[i]).to.not.equal('');
          expect(holes(text), english[i]).to.deep.equal(holes(english[i]));
        });
      });
    }
  }

  it('picks the closest language and the writing direction', () => {
    expect(translator('fr-CA').lang).to.equal('fr');
    expect(translator('ar-MA').dir).to.equal('rtl');
    expect(translator('de').lang).to.equal('en');
    expect(translator('fr')('typing', { name: 'Léa' })).to.equal('Léa écrit…');
    expect(translator('ar')('openChat')).to.equal('فتح المحادثة');
  });
});
