import type { ParticipantType } from '@salon-chat/protocol';

/** Who is calling: a staff user of a salon, or a customer. */
export interface Actor {
  type: ParticipantType;
  id: number;
  salonId: number | null;
  name: string;
}

export interface ParticipantKey {
  type: ParticipantType;
  id: number;
}

export const participantKey = (p: ParticipantKey) => `${p.type}:${p.id}`;
export const sameParticipant = (a: ParticipantKey, b: ParticipantKey) => a.type === b.type && a.id === b.id;

/** Timestamps leave the database as Date (PostgreSQL) or text (SQLite); the API speaks ISO 8601. */
export function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(value as string | number)).toISOString();
}
export const isoOrNull = (value: unknown) => (value == null ? null : iso(value));
export const now = () => new Date().toISOString();
