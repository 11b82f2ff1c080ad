import { expect } from '@open-wc/testing';
import { catalogs, translator } from '../src/i18n.ts';

describe('i18n', () => {
  const en = catalogs.en();

  for (const lang of ['fr', 'ar']) {
    it(`${lang} translates every string, with the same placeholders`, () => {
      const strings = catalogs[lang]();
      expect(Object.keys(strings)).to.deep.equal(Object.keys(en));
      for (const [key, text] of Object.entries(strings)) {
        expect(text, key).to.not.equal('');
        expect(text, key).to.not.equal(undefined);
        const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(holes(text), key).to.deep.equal(holes(en[key as keyof typeof en]));
      }
    });
  }

  it('picks the closest language and the writing direction', () => {
    expect(translator('fr-CA').lang).to.equal('fr');
    expect(translator('ar-MA').dir).to.equal('rtl');
    expect(translator('de').lang).to.equal('en');
    expect(translator('fr')('typing', { name: 'Léa' })).to.equal('Léa écrit…');
  });
});
