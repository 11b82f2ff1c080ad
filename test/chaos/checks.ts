/**
 * What must hold after the faults, checked against the server's REST API (the stored history is
 * the truth) and what each simulated person met.
 *
 * Unread counts are exact when, for each participant P of each chat (the customer, the staff
 * member the chat was started with, and staff who joined it by writing), the server's
 * `unread_count` is the number of messages of the chat not written by P with an id above both
 * R, the newest message P read (`read_message` names it; the server keeps the highest), and J,
 * P's first message for staff who joined by writing (messages before they joined never count).
 * R is what P's clients marked read: the newest message carrying P's read receipt must be the
 * newest any of P's clients marked.
 */
import type { Message } from '../../widget/src/client/types.ts';
import { participantOf, type Person } from './people.ts';
import { request } from './rest.ts';

export interface Server {
  url: string;
  /** A staff token of the salon, to read every chat. */
  token: string;
}

const get = <T>(server: Server, path: string) => request<T>('GET', server.url + path, undefined, server.token);


/** A chat's whole stored history, oldest first. */
export async function history(server: Server, chatId: number): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const after = all.at(-1)?.id ?? 0;
    const page = await get<{ messages: Message[]; has_more: boolean }>(server, `/api/v1/chat/chats/${chatId}/messages?after_id=${after}&page_size=100`);
    all.push(...page.messages);
    if (!page.has_more || page.messages.length === 0) return all;
  }
}

export interface Findings {
  /** Messages stored in the chats during the run. */
  messages: number;
  /** Messages their senders saw confirmed. */
  confirmed: number;
  /** Messages written and never confirmed. */
  unconfirmed: number;
  /** A confirmed message not stored, or a stored one that a member's store or events lack. */
  lost: number;
  /** A message stored, held or shown more than once. */
  duplicated: number;
  /** A member's store holding a chat's messages out of id order. */
  outOfOrder: number;
  /** Participants whose unread count is not the one the rule gives. */
  unreadWrong: number;
  /** Participants whose newest read on the server is not the newest their clients marked. */
  readsAstray: number;
  /** The first few problems, said in words. */
  problems: string[];
}

/**
 * `joined`: for each chat, the staff who joined it by writing and their first message (J).
 */
export async function check(server: Server, people: Person[], chats: number[], joined: Map<number, Map<string, number>>): Promise<Findings> {
  const f: Findings = { messages: 0, confirmed: 0, unconfirmed: 0, lost: 0, duplicated: 0, outOfOrder: 0, unreadWrong: 0, readsAstray: 0, problems: [] };
  // CHAOS_PROBLEMS: how many problems to list (20).
  const problem = (text: string) => f.problems.length < Number(process.env.CHAOS_PROBLEMS ?? 20) && f.problems.push(text);
  const stored = new Map<number, Message[]>();
  for (const chatId of chats) stored.set(chatId, await history(server, chatId));

  // Every confirmed message stored exactly once.
  const byClientId = new Map<string, number>();
  for (const list of stored.values()) for (const m of list) if (m.client_message_id) byClientId.set(m.client_message_id, (byClientId.get(m.client_message_id) ?? 0) + 1);
  for (const person of people) {
    for (const [id, chatId] of person.wrote) {
      if (!person.confirmed.has(id)) {
        f.unconfirmed++;
        continue;
      }
      f.confirmed++;
      const copies = byClientId.get(id) ?? 0;
      if (copies === 0) (f.lost++, problem(`${person.who.name}: confirmed message ${id} in chat ${chatId} is not stored`));
      if (copies > 1) (f.duplicated++, problem(`${person.who.name}: message ${id} stored ${copies} times`));
    }
  }

  // Shown exactly once, in id order, to every member: each store and each member's message events.
  for (const person of people) {
    for (const [chatId, openedAt] of person.openedAt) {
      const list = stored.get(chatId);
      if (!list) continue;
      const held = person.client.store.chats.get(chatId)?.messages.filter((m) => m.local === undefined) ?? [];
      const heldIds = new Map<number, number>();
      held.forEach((m, i) => {
        heldIds.set(m.id, (heldIds.get(m.id) ?? 0) + 1);
        if (i > 0 && m.id <= held[i - 1]!.id) (f.outOfOrder++, problem(`${person.who.name}: chat ${chatId} holds ${held[i - 1]!.id} before ${m.id}`));
      });
      const shown = new Map<number, number>();
      for (const id of person.shown.get(chatId) ?? []) shown.set(id, (shown.get(id) ?? 0) + 1);
      for (const m of list) {
        if (m.id <= openedAt) continue;
        const inStore = heldIds.get(m.id) ?? 0;
        const own = m.client_message_id != null && person.wrote.has(m.client_message_id);
        const events = shown.get(m.id) ?? 0;
        if (inStore === 0) (f.lost++, problem(`${person.who.name}: chat ${chatId} lacks message ${m.id}`));
        if (inStore > 1) (f.duplicated++, problem(`${person.who.name}: chat ${chatId} holds message ${m.id} ${inStore} times`));
        // Its own messages replace their optimistic copies: no event; every other message one.
        if (!own && events === 0) (f.lost++, problem(`${person.who.name}: never shown message ${m.id} of chat ${chatId}`));
        if (events > (own ? 0 : 1)) (f.duplicated++, problem(`${person.who.name}: shown message ${m.id} of chat ${chatId} ${events} times`));
      }
    }
  }
  f.messages = [...stored.values()].reduce((n, list) => n + list.filter((m) => m.client_message_id !== null).length, 0);

  // Unread counts, by the rule above.
  for (const chatId of chats) {
    const list = stored.get(chatId)!;
    const chat = await get<{ participants: { participant_type: string; participant_id: number; unread_count: number }[] }>(server, `/api/v1/chat/chats/${chatId}`);
    for (const p of chat.participants) {
      const key = `${p.participant_type}:${p.participant_id}`;
      const readByP = list.filter((m) => m.read_receipts.some((r) => `${r.reader_type}:${r.reader_id}` === key));
      const newestRead = Math.max(0, ...readByP.map((m) => m.id));
      const marked = Math.max(0, ...people.filter((q) => q.who.participant === key).map((q) => q.marked.get(chatId) ?? 0));
      if (newestRead !== marked) (f.readsAstray++, problem(`${key} in chat ${chatId}: newest read on the server ${newestRead}, marked ${marked}`));
      const from = Math.max(newestRead, joined.get(chatId)?.get(key) ?? 0);
      const expected = list.filter((m) => m.id > from && participantOf(m) !== key).length;
      if (p.unread_count !== expected) (f.unreadWrong++, problem(`${key} in chat ${chatId}: unread ${p.unread_count}, the rule gives ${expected}`));
    }
  }
  return f;
}
