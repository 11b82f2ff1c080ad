import { html, type TemplateResult } from '../kit.ts';

/** Web, mail and phone links in text; nothing else ever becomes a link. */
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+|\bmailto:[^\s<>"]+@[^\s<>"]+|\btel:\+?[\d().\- ]*\d/gi;

/** Punctuation that ends a sentence rather than a link. */
const TRAILING = /[.,;:!?'")\]]+$/;

/**
 * Text with its links made clickable: only http(s), mailto and tel, opened in a new tab
 * without handing over the page (`noopener noreferrer`); the rest stays text, never HTML.
 */
export function linkify(text: string): (string | TemplateResult)[] {
  const parts: (string | TemplateResult)[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const link = match[0].replace(TRAILING, '');
    const at = match.index!;
    parts.push(text.slice(last, at));
    const href = /^www\./i.test(link) ? `https://${link}` : link;
    parts.push(html`<a href=${href} target="_blank" rel="noopener noreferrer">${link}</a>`);
    last = at + link.length;
  }
  parts.push(text.slice(last));
  return parts;
}
