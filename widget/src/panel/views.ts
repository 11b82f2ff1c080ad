import type { ChatCounts, ChatView } from '@salon-chat/protocol/core';
import { ApiError } from '../kit.ts';
import type { ChatClient, ClientEvents as ChatClientEvents } from '../client/chat-client.ts';
import type { ChatSummary, Me } from '../client/types.ts';
import type { Translate } from '../i18n.ts';
import './views.strings.ts';

export type { ChatCounts, ChatView };

/** The inbox's views (conversation states), in the order of their tabs. */
export const VIEWS: readonly ChatView[] = ['unanswered', 'mine', 'open', 'resolved'];

/** The label of each view's tab. */
export const VIEW_LABELS = { unanswered: 'viewUnanswered', mine: 'viewMine', open: 'viewOpen', resolved: 'viewResolved' } as const;

const newestFirst = (a: ChatSummary, b: ChatSummary) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at) || b.id - a.id;
const longestWaitingFirst = (a: ChatSummary, b: ChatSummary) => (a.waiting_since ?? '').localeCompare(b.waiting_since ?? '') || a.id - b.id;

/** Is the chat in the view, for `me`? As the server files it (archived chats are in the views too). */
export function inView(chat: ChatSummary, view: ChatView, me: Me | undefined): boolean {
  if (view === 'resolved') return chat.status === 'resolved';
  if (chat.status !== 'open') return false;
  if (view === 'unanswered') return !!chat.waiting_since;
  return view === 'open' || (me?.type === 'user' && chat.assignee_id === me.id);
}

/** The view's chats in its order: the longest waiting first in Unanswered, else the newest activity first. */
export function sortView(chats: ChatSummary[], view: ChatView): ChatSummary[] {
  return chats.sort(view === 'unanswered' ? longestWaitingFirst : newestFirst);
}

/** Is the chat waiting for the salon (what the page title counts)? */
export const isWaiting = (chat: ChatSummary) => chat.status === 'open' && !!chat.waiting_since;

const units = new Map<string, Intl.NumberFormat>();

/** "waiting 12 min", "waiting 3 h", "waiting 2 days", in the widget's language. */
export function waitingFor(t: Translate, since: string, now = Date.now()): string {
  const minutes = Math.max(1, Math.floor((now - new Date(since).getTime()) / 60_000));
  const [n, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 48 * 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.floor(minutes / 1440), 'day'];
  const key = `${t.lang}:${unit}`;
  let f = units.get(key);
  if (!f) units.set(key, (f = new Intl.NumberFormat(t.lang, { style: 'unit', unit, unitDisplay: unit === 'day' ? 'long' : 'short' })));
  return t('waitingFor', { time: f.format(n) });
}

/** How many conversations each view holds; null from a server without conversation states. */
export async function fetchCounts(client: ChatClient): Promise<ChatCounts | null> {
  try {
    return await client.api.request<ChatCounts>('GET', '/api/v1/chat/chats/counts');
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) return null;
    throw e;
  }
}

/** The first page of a view, kept in the store and followed (archived chats the list did not bring). */
export async function loadView(client: ChatClient, view: ChatView): Promise<void> {
  const chats = await client.api.request<ChatSummary[]>('GET', `/api/v1/chat/chats?view=${view}&limit=100`);
  for (const chat of chats) {
    client.store.upsertChat(chat);
    client.join(chat.id);
  }
  client.changed();
}

/**
 * A chat's new state from a `chat_state` frame, into the store; a chat of the salon the inbox
 * did not hold yet (a colleague's new chat) is fetched.
 */
export function keepState(client: ChatClient, { type, chat_id, changed_by, ...state }: ChatClientEvents['state']): void {
  if (client.store.chats.has(chat_id)) client.store.upsertChat({ id: chat_id, ...state } as ChatSummary);
  else void client.api.request<ChatSummary>('GET', `/api/v1/chat/chats/${chat_id}`).then((chat) => client.addChat(chat), (e) => client.fail(e));
}

async function update(client: ChatClient, method: string, path: string, body?: unknown): Promise<void> {
  client.store.upsertChat(await client.api.request<ChatSummary>(method, path, body));
  client.changed();
}

/** Marks a chat done for the salon, or opens it again. */
export const setResolved = (client: ChatClient, chatId: number, resolved: boolean) =>
  update(client, 'POST', `/api/v1/chat/chats/${chatId}/${resolved ? 'resolve' : 'reopen'}`);

/** Assigns a chat to a staff user of its salon, or to nobody (null). */
export const assign = (client: ChatClient, chatId: number, assigneeId: number | null) =>
  update(client, 'PUT', `/api/v1/chat/chats/${chatId}/assignee`, { assignee_id: assigneeId });
