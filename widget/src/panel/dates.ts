/** Dates as people read them, in the widget's language, with formatters made once. */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(lang: string, options: Intl.DateTimeFormatOptions, iso: string): string {
  const key = lang + JSON.stringify(options);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(lang, options)));
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : f.format(d);
}

const DAY = 86_400_000;

/** Midnight of the day `iso` falls on, in local time. */
const dayStart = (iso: string | number) => new Date(new Date(iso).toDateString()).getTime();

/** Whole days between the day of `iso` and today (0: today, 1: yesterday). */
export function daysAgo(iso: string, now = Date.now()): number {
  return Math.round((dayStart(now) - dayStart(iso)) / DAY);
}

export const sameDay = (a: string, b: string) => dayStart(a) === dayStart(b);

/** 10:24 */
export const formatTime = (iso: string, lang: string) => format(lang, { timeStyle: 'short' }, iso);

/** Tuesday 24 November 2026 at 10:24 */
export const fullDate = (iso: string, lang: string) => format(lang, { dateStyle: 'full', timeStyle: 'short' }, iso);

const START: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };

/**
 * Tue 24 Nov, 10:24 — an appointment's start, in the salon's time zone when it is known. Where
 * the viewer's clock reads otherwise, the zone is named ("11:00 AM France Time") and `here` is
 * the same moment on the viewer's clock.
 */
export function startsAt(iso: string, lang: string, timeZone?: string): { at: string; here?: string } {
  const here = format(lang, START, iso);
  let there = here;
  try {
    if (timeZone) there = format(lang, { ...START, timeZone }, iso);
  } catch {
    return { at: here };
  }
  return there === here ? { at: here } : { at: format(lang, { ...START, timeZone, timeZoneName: 'shortGeneric' }, iso), here };
}

/** The separator above a day's first message: Today, Yesterday, Tuesday 24 November (2025). */
export function dayLabel(iso: string, lang: string, now = Date.now()): string {
  const days = daysAgo(iso, now);
  if (days === 0 || days === 1) {
    const word = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(-days, 'day');
    return word.charAt(0).toLocaleUpperCase(lang) + word.slice(1);
  }
  const thisYear = new Date(iso).getFullYear() === new Date(now).getFullYear();
  return format(lang, { weekday: 'long', day: 'numeric', month: 'long', ...(thisYear ? {} : { year: 'numeric' }) }, iso);
}

/** An inbox row's stamp: the time today, the weekday this week, else the date. */
export function inboxStamp(iso: string, lang: string, now = Date.now()): string {
  const days = daysAgo(iso, now);
  if (days === 0) return formatTime(iso, lang);
  if (days < 7) return format(lang, { weekday: 'short' }, iso);
  return format(lang, { day: 'numeric', month: 'short', ...(new Date(iso).getFullYear() === new Date(now).getFullYear() ? {} : { year: '2-digit' }) }, iso);
}
