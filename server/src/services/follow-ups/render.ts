import type { Reference } from '@salon-chat/protocol';
import type { MessageRow } from '../../repos/messages.ts';

export interface FollowUpContent {
  salonName: string;
  customerName: string;
  /** The unread staff messages, oldest first. */
  messages: MessageRow[];
  /** The conversation, with its sign-in token. */
  link: string;
  /** This server, for the absolute URLs of photos and files. */
  publicUrl: string;
  timeZone: string;
  /** The one-click unsubscribe URL (e-mail only). */
  unsubscribeUrl?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const absolute = (url: string, base: string) => new URL(url, `${base.replace(/\/$/, '')}/`).toString();

function money(price: number | null, currency: string | null): string | null {
  if (price == null) return null;
  return currency ? new Intl.NumberFormat('en', { style: 'currency', currency }).format(price) : String(price);
}

function when(startsAt: string | null, timeZone: string): string | null {
  if (!startsAt) return null;
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(new Date(startsAt));
  return `${text} (${timeZone})`;
}

/** A reference card as lines of text: its title, then what else it says. */
function cardLines(ref: Reference, timeZone: string): string[] {
  const kind = { appointment: 'Appointment', product: 'Product', pack: 'Pack' }[ref.type];
  return [`${kind}: ${ref.title}`, ...[ref.subtitle, when(ref.starts_at, timeZone), money(ref.price, ref.currency)].filter((x): x is string => Boolean(x))];
}

interface Part {
  text: string;
  html: string;
}

/** One message in both forms: its text, a photo as a link (and a thumbnail in HTML), a file as a link, a card as text. */
function messagePart(m: MessageRow, c: FollowUpContent): Part {
  const who = m.sender_name ?? c.salonName;
  const lines: string[] = [];
  const html: string[] = [];
  if (m.reference_snapshot) {
    const card = cardLines(JSON.parse(m.reference_snapshot) as Reference, c.timeZone);
    lines.push(...card);
    html.push(`<div style="border:1px solid #ddd;border-radius:8px;padding:8px 12px;margin:4px 0"><strong>${escapeHtml(card[0]!)}</strong>${card
      .slice(1)
      .map((l) => `<br>${escapeHtml(l)}`)
      .join('')}</div>`);
  }
  if (m.media_url) {
    const url = absolute(m.media_url, c.publicUrl);
    if (m.message_type === 'image') {
      const thumb = absolute(m.thumbnail_url ?? m.media_url, c.publicUrl);
      lines.push(`Photo: ${url}`);
      html.push(`<a href="${escapeHtml(url)}"><img src="${escapeHtml(thumb)}" alt="Photo" style="max-width:240px;border-radius:8px"></a>`);
    } else {
      const label = m.message_type === 'voice' ? 'Voice message' : 'File';
      lines.push(`${label}: ${url}`);
      html.push(`<a href="${escapeHtml(url)}">${label}</a>`);
    }
  }
  if (m.content) {
    lines.push(m.content);
    html.push(`<p style="margin:4px 0;white-space:pre-wrap">${escapeHtml(m.content)}</p>`);
  }
  return {
    text: `${who}:\n${lines.map((l) => `  ${l}`).join('\n')}`,
    html: `<div style="margin:12px 0"><div style="color:#666;font-size:13px">${escapeHtml(who)}</div>${html.join('')}</div>`,
  };
}

/** The follow-up e-mail: the unread replies, the way back, and how to stop these e-mails. */
export function followUpMail(c: FollowUpContent): RenderedMail {
  const parts = c.messages.map((m) => messagePart(m, c));
  const count = c.messages.length === 1 ? 'a reply' : `${c.messages.length} replies`;
  const subject = `${c.salonName} sent you ${count}`;
  const greeting = `Hello ${c.customerName},`;
  const intro = `${c.salonName} answered you while you were away:`;
  const stop = c.unsubscribeUrl ? `\n\nTo get no more of these e-mails: ${c.unsubscribeUrl}` : '';
  const text = `${greeting}\n\n${intro}\n\n${parts.map((p) => p.text).join('\n\n')}\n\nReply in the conversation: ${c.link}\n(This link works once and for a short time.)${stop}\n`;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:16px">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(intro)}</p>
${parts.map((p) => p.html).join('\n')}
<p style="margin:24px 0"><a href="${escapeHtml(c.link)}" style="background:#222;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Open the conversation</a></p>
<p style="color:#666;font-size:12px">This link works once and for a short time.${
    c.unsubscribeUrl ? ` <a href="${escapeHtml(c.unsubscribeUrl)}" style="color:#666">Get no more of these e-mails</a>.` : ''
  }</p>
</body></html>`;
  return { subject, text, html };
}

/** SMS segments are short: the newest reply, shortened, and the link back. */
export function followUpSms(c: FollowUpContent): string {
  const last = c.messages.at(-1)!;
  const said = last.content ?? (last.reference_snapshot ? cardLines(JSON.parse(last.reference_snapshot) as Reference, c.timeZone)[0]! : last.message_type === 'image' ? 'a photo' : 'a file');
  const shown = said.length > 120 ? `${said.slice(0, 119)}…` : said;
  const more = c.messages.length > 1 ? ` (+${c.messages.length - 1} more)` : '';
  return `${c.salonName}: "${shown}"${more} Reply: ${c.link}`;
}
