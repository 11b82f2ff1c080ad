import { ApiError } from '../kit.ts';
import type { ChatClient, Profile } from '../client/chat-client.ts';
import type { ChatSummary, HistoryPage, Salon, TokenResponse } from '../client/types.ts';

const HISTORY_PAGE = 30;

/** Archives or restores a chat. */
export async function setArchived(client: ChatClient, chatId: number, archived: boolean): Promise<void> {
  const chat = await client.api.request<ChatSummary>('POST', `/api/v1/chat/chats/${chatId}/${archived ? 'archive' : 'unarchive'}`);
  client.store.upsertChat(chat);
  client.changed();
}

/** Chats of a view, or the active or archived ones, whose customer, title or messages contain the words (server extension), kept in the store too. */
export async function searchChats(client: ChatClient, query: string, within: { view: string } | { archived: boolean }): Promise<ChatSummary[]> {
  const where = 'view' in within ? `view=${within.view}` : `is_archived=${within.archived}`;
  const found = await client.api.request<ChatSummary[]>('GET', `/api/v1/chat/chats?${where}&limit=100&search=${encodeURIComponent(query)}`);
  for (const chat of found) client.store.upsertChat(chat);
  return found;
}

/** Keeps the tokens a customer sign-in endpoint answers, then starts the client. */
async function startWith(client: ChatClient, path: string, body: unknown): Promise<void> {
  client.auth.save(await client.api.request<TokenResponse>('POST', path, body));
  await client.start();
}

/** Starts as a guest of a salon (extension), then as a signed-in customer. */
export function startAsGuest(client: ChatClient, guest: { name?: string; phone?: string; email?: string; salon_id?: number; staff_id?: number }): Promise<void> {
  return startWith(client, '/api/v1/customer-auth/guest', guest);
}

/** A customer's chat with a staff member, created with its first message (no empty chat waits in the inbox). */
export async function createCustomerChat(client: ChatClient, userId: number, firstMessage: string): Promise<number> {
  const chat = await client.api.request<ChatSummary>('POST', '/api/v1/chat/chats/customer', { user_id: userId, initial_message: firstMessage });
  client.addChat(chat);
  return chat.id;
}

/** A guest's name and phone or e-mail, after the start (extension); answers the profile. */
export function giveContact(client: ChatClient, contact: { name?: string; phone?: string; email?: string }): Promise<Profile> {
  return client.api.request<Profile>('PUT', '/api/v1/customer-auth/guest', contact);
}

/** Signs a customer in with a phone number and password. */
export function signIn(client: ChatClient, phone: string, password: string): Promise<void> {
  return startWith(client, '/api/v1/customer-auth/login', { phone, password });
}

/**
 * Exchanges a follow-up's link (`#salon-chat=<token>`) for a sign-in, starts the client as that
 * customer and answers the chat the link opens. Sent without the current session's token: a
 * refused link must not cost this device the sign-in it has.
 */
export async function followLink(client: ChatClient, token: string): Promise<number> {
  let res: Response;
  try {
    res = await fetch(`${client.server}/api/v1/follow-ups/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
  } catch {
    throw new ApiError(0, 'network error');
  }
  const body = (await res.json().catch(() => null)) as (TokenResponse & { chat_id: number; detail?: unknown; code?: string }) | null;
  if (!res.ok || !body) throw new ApiError(res.status, typeof body?.detail === 'string' ? body.detail : `HTTP ${res.status}`, body?.code);
  await client.signInWith(body);
  return body.chat_id;
}

/** A salon with its staff (to choose whom to write to) and, where the server has them, its settings. */
export function fetchSalon(client: ChatClient, id: number): Promise<Salon> {
  return client.api.request<Salon>('GET', `/api/v1/salons/${id}`);
}

/** A salon's catalog; appointments only of the chat's customer (`customerId`). */
export function catalog<T>(client: ChatClient, kind: 'appointment' | 'product' | 'pack', salonId?: number, customerId?: number): Promise<T[]> {
  const query = `${salonId ? `salon_id=${salonId}` : ''}${kind === 'appointment' && customerId ? `&customer_id=${customerId}` : ''}`;
  return client.api.request<T[]>('GET', `/api/v1/catalog/${kind}s?${query}`);
}

/** Fetches the next older page of a chat (the first call fetches the newest page); false when it could not. */
export async function loadOlder(client: ChatClient, chatId: number): Promise<boolean> {
  const state = client.store.chats.get(chatId);
  if (!state || !state.hasOlder) return true;
  const page = state.nextPage++;
  try {
    const res = await client.api.request<HistoryPage>('GET', `/api/v1/chat/chats/${chatId}/messages?page=${page}&page_size=${HISTORY_PAGE}`);
    client.store.addMessages(chatId, res.messages);
    state.hasOlder = res.has_more;
    state.loaded = true;
    client.changed();
    return true;
  } catch (e) {
    state.nextPage = page;
    client.fail(e);
    return false;
  }
}

/** A customer of the salon that staff can write to, with how they are reached. */
export interface SalonCustomer {
  id: number;
  name: string | null;
  phone?: string | null;
  email?: string | null;
}

/** Staff mode: the salon's customers whose name, phone or e-mail contains `search`, the first few by name. */
export function findCustomers(client: ChatClient, search: string): Promise<SalonCustomer[]> {
  return client.api.request<SalonCustomer[]>('GET', `/api/v1/customers?search=${encodeURIComponent(search)}&limit=8`);
}

/** Staff mode: opens a chat with a customer, its first message written; the chat joins the inbox. */
export async function startChat(client: ChatClient, customerId: number, firstMessage: string): Promise<number> {
  const chat = await client.api.request<ChatSummary>('POST', '/api/v1/chat/chats', { customer_id: customerId, initial_message: firstMessage });
  client.addChat(chat);
  return chat.id;
}
