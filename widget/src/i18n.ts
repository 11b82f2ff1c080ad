/**
 * Translations. English is the reference: its keys name the strings, and each other language
 * lists its translations one per line in the same order (a unit test checks the counts and the
 * placeholders). The core holds only what the launcher and notifications show; the panel adds
 * its own catalog (`panel/strings.ts`) when it loads.
 */
import type { alertStrings } from './panel/alerts.strings.ts';
import type { newChatStrings } from './panel/new-chat.strings.ts';
import type { quickReplyStrings } from './panel/quick-replies.strings.ts';
import type { viewStrings } from './panel/views.strings.ts';
import type { panelStrings } from './panel/strings.ts';

/** English strings and their French and Arabic translations, one per line in the same order. */
export interface Catalog<K extends string = string> {
  en: Record<K, string>;
  fr: string;
  ar: string;
}

export const coreStrings = {
  en: {
    chat: 'Chat',
    openChat: 'Open chat',
    closeChat: 'Close chat',
    unread: '{n} unread',
    newMessage: 'New message',
  },
  fr: `Discussion
Ouvrir la discussion
Fermer la discussion
{n} non lu(s)
Nouveau message`,
  ar: `المحادثة
فتح المحادثة
إغلاق المحادثة
{n} غير مقروءة
رسالة جديدة`,
} satisfies Catalog;

export type StringKey = keyof typeof coreStrings.en | keyof typeof panelStrings.en | keyof typeof alertStrings.en | keyof typeof viewStrings.en | keyof typeof quickReplyStrings.en | keyof typeof newChatStrings.en;

const tables: Record<string, Record<string, string>> = { en: {}, fr: {}, ar: {} };

/** Adds a catalog's strings to every language. */
export function addCatalog(c: Catalog): void {
  const keys = Object.keys(c.en);
  Object.assign(tables.en, c.en);
  for (const lang of ['fr', 'ar'] as const) c[lang].split('\n').forEach((s, i) => (tables[lang][keys[i]] = s));
}
addCatalog(coreStrings);

function make(base: string) {
  const lang = base in tables ? base : 'en';
  const t = (key: StringKey, params: Record<string, string | number> = {}) =>
    (tables[lang][key] ?? tables.en[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  return Object.assign(t, { lang, dir: lang === 'ar' ? 'rtl' : 'ltr' });
}

export type Translate = ReturnType<typeof make>;

const translators = new Map<string, Translate>();

/** The translator for the language closest to `lang` (falls back to English). */
export function translator(lang: string): Translate {
  const base = lang.toLowerCase().split('-')[0];
  let t = translators.get(base);
  if (!t) translators.set(base, (t = make(base)));
  return t;
}
