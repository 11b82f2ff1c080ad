import type { ParticipantType } from '@salon-chat/protocol';

/** Who is calling: a staff user of a salon, or a customer. */
export interface Actor {
  type: ParticipantType;
  id: number;
  salonId: number | null;
  name: string;
  /** Set for a guest customer: the salon they started with, the only one they may write to. */
  guestOf?: number | null;
}

export interface ParticipantKey {
  type: ParticipantType;
  id: number;
}

export const participantKey = (p: ParticipantKey) => `${p.type}:${p.id}`;
/** The participant a `participantKey` stands for. */
export const fromParticipantKey = (key: string): ParticipantKey => {
  const [type, id] = key.split(':');
  return { type: type as ParticipantKey['type'], id: Number(id) };
};
export const sameParticipant = (a: ParticipantKey, b: ParticipantKey) => a.type === b.type && a.id === b.id;

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * Timestamps leave the database as text (SQLite; PostgreSQL's in UTC, see `timestampText`) or as
 * a Date; the API speaks ISO 8601, in UTC with milliseconds, as the server writes them (text
 * already in that form passes as is).
 */
export function iso(value: unknown): string {
  if (typeof value === 'string' && ISO_UTC.test(value)) return value;
  return (value instanceof Date ? value : new Date(value as string | number)).toISOString();
}
export const isoOrNull = (value: unknown) => (value == null ? null : iso(value));
export const now = () => new Date().toISOString();
