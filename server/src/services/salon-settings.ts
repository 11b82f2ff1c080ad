import { WEEKDAYS, type OpeningHours, type SalonSettings, type SalonSettingsUpdate, type Translations } from '@salon-chat/protocol';
import type { SalonRow } from '../repos/people.ts';

/** Whether `hours` (in `timezone`) include the moment `now`. */
export function openAt(hours: OpeningHours, timezone: string, now = new Date()): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  const day = WEEKDAYS.find((d) => part('weekday').toLowerCase().startsWith(d))!;
  const time = `${part('hour')}:${part('minute')}`;
  return (hours[day] ?? []).some(([from, to]) => from <= time && time < to);
}

/** A salon's settings as customers read them. */
export function settingsOf(row: SalonRow, now = new Date()): SalonSettings {
  const hours = row.opening_hours ? (JSON.parse(row.opening_hours) as OpeningHours) : {};
  return {
    guests_enabled: Boolean(row.guests_enabled),
    away_message: row.away_message,
    reply_time: row.reply_time,
    greeting: row.greeting,
    greetings: translations(row.greetings),
    away_messages: translations(row.away_messages),
    reply_times: translations(row.reply_times),
    opening_hours: hours,
    timezone: row.timezone,
    open_now: openAt(hours, row.timezone, now),
    follow_up_after: row.follow_up_after,
    widget_url: row.widget_url,
  };
}

const translations = (json: string | null): Translations => (json ? (JSON.parse(json) as Translations) : {});

/** The settings kept as JSON text. */
const JSON_COLUMNS = ['opening_hours', 'greetings', 'away_messages', 'reply_times'] as const;

/** The columns an update changes. */
export function settingsRow(update: SalonSettingsUpdate): Partial<SalonRow> {
  const row: Record<string, unknown> = { ...update };
  for (const key of JSON_COLUMNS) if (update[key]) row[key] = JSON.stringify(update[key]);
  return row as Partial<SalonRow>;
}
