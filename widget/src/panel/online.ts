import type { ChatSummary, Me, Participant } from '../client/types.ts';

/**
 * Is `p` online in `chat`? By `online_members` when the server sends them; otherwise by the
 * guide's bare `online_participants`, less one entry for the viewer, whose id a participant of
 * the other type may share.
 */
export function isOnline(chat: ChatSummary, p: Participant, me: Me | undefined): boolean {
  const id = p.participant_id;
  return chat.online_members
    ? chat.online_members.some((m) => m.participant_type === p.participant_type && m.participant_id === id)
    : chat.online_participants.filter((x) => x === id).length > +(me?.id === id);
}
