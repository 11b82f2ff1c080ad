/**
 * An appointment as an iCalendar file (RFC 5545) that phones and desktop calendars import: one
 * event, its times in UTC (so no VTIMEZONE is needed and every calendar shows the right moment),
 * text escaped and lines folded at 75 octets.
 */
export interface CalendarEvent {
  /** Unique and stable, so importing the file twice updates one event. */
  uid: string;
  title: string;
  start: string;
  /** Its length; without it the event is a moment (RFC 5545 §3.6.1). */
  minutes?: number;
  description?: string | null;
  location?: string | null;
}

/** 20261208T100000Z */
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11). */
const text = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, '\\n');

const encoder = new TextEncoder();

/** A content line folded so that no line is longer than 75 octets, never inside a character (§3.1). */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // continuation lines start with a space, which counts toward their 75 octets
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** The .ics text of one event. */
export function icsFile(e: CalendarEvent, now = Date.now()): string {
  const start = Date.parse(e.start);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//salon-chat//widget//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${text(e.uid)}`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(start)}`,
    ...(e.minutes ? [`DTEND:${utc(start + e.minutes * 60_000)}`] : []),
    `SUMMARY:${text(e.title)}`,
    ...(e.description ? [`DESCRIPTION:${text(e.description)}`] : []),
    ...(e.location ? [`LOCATION:${text(e.location)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** A file name for it: letters, digits and dashes of the title. */
export const icsName = (title: string) => `${title.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'appointment'}.ics`;
