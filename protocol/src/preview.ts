import type { Reference } from './rest.ts';

/** Longest preview, in characters, an ellipsis included. */
export const PREVIEW_LENGTH = 140;

const CARDS: Record<string, string> = { appointment: '📅', product: '🛍️', pack: '🎁' };
const MEDIA: Record<string, string> = { image: '📷 Photo', voice: '🎤 Voice note', file: '📎 File' };

/**
 * The one line a chat list shows of a message (`last_message_preview`), the same for the server
 * that stores it and the client that shows a message just arrived: its text; else its card,
 * "📅 Blow-dry · Tue 10:00" (an appointment's start in `timeZone`, default the runtime's), "🛍️ Argan
 * Repair Oil"; else what it carries, "📷 Photo".
 */
export function messagePreview(
  m: { message_type: string; content?: string | null; reference?: Pick<Reference, 'type' | 'title' | 'starts_at'> | null },
  timeZone?: string,
): string {
  const text = m.content?.trim();
  if (text) return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
  const card = m.reference;
  if (card) {
    const start = card.starts_at
      ? ` · ${new Intl.DateTimeFormat('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(card.starts_at)).replace(',', '')}`
      : '';
    return `${CARDS[card.type] ?? ''} ${card.title}${start}`.trim();
  }
  return MEDIA[m.message_type] ?? '';
}
