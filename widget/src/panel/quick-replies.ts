import type { OpeningHours, QuickReply, QuickReplyChange, QuickReplyDraft, QuickReplyPlaceholder } from '@salon-chat/protocol/core';
import type { ChatClient } from '../client/chat-client.ts';

export type { QuickReply, QuickReplyDraft };

/** The salon a conversation belongs to, as quick replies fill it in. */
export interface SalonCard {
  name: string;
  opening_hours?: OpeningHours;
}

/** The placeholders filled in (server extension, quick replies); typed against the protocol's list so none is missed. */
const PLACEHOLDERS: Record<QuickReplyPlaceholder, true> = { first_name: true, salon: true, hours: true, my_name: true };

/**
 * A quick reply's text with its placeholders filled. A placeholder that is not one of the
 * protocol's, or whose value is missing, stays as typed, for the writer to see and edit.
 */
export function fillPlaceholders(text: string, values: Partial<Record<QuickReplyPlaceholder, string | null | undefined>>): string {
  return text.replace(/\{(\w+)\}/g, (typed, name: string) => (name in PLACEHOLDERS && values[name as QuickReplyPlaceholder]?.trim()) || typed);
}

/** The first name in a full name: its first word ("Emma" of "Emma Wilson"). */
export const firstName = (name: string | null | undefined) => name?.trim().split(/\s+/)[0] ?? '';

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Opening hours as one line in the widget's language: days in a row with the same hours go
 * together, closed days are left out ("Tue–Wed 09:00–19:00; Thu 09:00–21:00").
 */
export function describeHours(hours: OpeningHours | undefined, lang: string): string {
  const dayName = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday
  const name = (i: number) => dayName.format(Date.UTC(2024, 0, 1 + i));
  const spans = WEEK.map((d) => (hours?.[d] ?? []).map(([from, to]) => `${from}–${to}`).join(', '));
  const groups: { first: number; last: number; spans: string }[] = [];
  spans.forEach((s, i) => {
    const previous = groups.at(-1);
    if (!s) return;
    if (previous && previous.last === i - 1 && previous.spans === s) previous.last = i;
    else groups.push({ first: i, last: i, spans: s });
  });
  return groups.map((g) => `${name(g.first)}${g.last > g.first ? `–${name(g.last)}` : ''} ${g.spans}`).join('; ');
}

/** What the placeholders stand for in a chat: its customer, the salon, the signed-in staff member. */
export function placeholderValues(client: ChatClient, chatId: number, salon: SalonCard | undefined, lang: string) {
  const customer = client.store.chats.get(chatId)?.chat.participants.find((p) => p.participant_type === 'customer');
  return {
    first_name: firstName(customer?.name),
    salon: salon?.name,
    hours: salon?.opening_hours ? describeHours(salon.opening_hours, lang) : null,
    my_name: client.profile?.name,
  };
}

/** The replies a `/query` offers: shortcuts that start with it first, then those that hold it, then titles that do. */
export function matching(replies: QuickReply[], query: string): QuickReply[] {
  const q = query.toLowerCase();
  const rank = (r: QuickReply) => (r.shortcut.startsWith(q) ? 0 : r.shortcut.includes(q) ? 1 : (r.title ?? '').toLowerCase().includes(q) ? 2 : 3);
  return replies
    .map((r) => [rank(r), r] as const)
    .filter(([k]) => k < 3)
    .sort((a, b) => a[0] - b[0])
    .map(([, r]) => r);
}

/**
 * One staff member's quick replies in a salon (server extension): fetched the first time they
 * are wanted, kept for the client's sign-in, changed through the server. Fires `change`.
 */
export class QuickReplies extends EventTarget {
  /** The replies, by shortcut; null until fetched. */
  replies: QuickReply[] | null = null;
  /** Who was signed in when they were fetched. */
  readonly owner: string;
  #loading: Promise<void> | null = null;

  constructor(
    readonly client: ChatClient,
    readonly salonId: number,
  ) {
    super();
    this.owner = client.owner;
  }

  get #path() {
    return `/api/v1/salons/${this.salonId}/quick-replies`;
  }

  /** Fetches the replies once; a failed fetch is tried again at the next call. */
  load(): Promise<void> {
    this.#loading ??= this.#fetch().catch((e) => {
      this.#loading = null;
      throw e;
    });
    return this.#loading;
  }

  async #fetch(): Promise<void> {
    this.replies = await this.client.api.request<QuickReply[]>('GET', this.#path);
    this.dispatchEvent(new Event('change'));
  }

  /** Whether the signed-in staff member may share replies with the salon: as the server says of the shared ones, else by role. */
  get mayShare(): boolean {
    const shared = this.replies?.filter((r) => r.scope === 'salon') ?? [];
    const role = this.client.profile?.role;
    return shared.length ? shared.some((r) => r.editable) : role === 'owner' || role === 'admin';
  }

  /** Adds a reply, or changes one (`id`); then fetches the list again, as the server orders it. */
  async save(draft: QuickReplyDraft, id?: number): Promise<void> {
    if (id) {
      const { scope: _scope, ...change } = draft;
      await this.client.api.request<QuickReply>('PUT', `${this.#path}/${id}`, change satisfies QuickReplyChange);
    } else {
      await this.client.api.request<QuickReply>('POST', this.#path, draft);
    }
    await this.#fetch();
  }

  async remove(id: number): Promise<void> {
    await this.client.api.request<void>('DELETE', `${this.#path}/${id}`);
    await this.#fetch();
  }
}

const kept = new WeakMap<ChatClient, QuickReplies>();

/** The client's quick replies for a salon, the same object for as long as the same person is signed in. */
export function quickRepliesOf(client: ChatClient, salonId: number): QuickReplies {
  let book = kept.get(client);
  if (!book || book.salonId !== salonId || book.owner !== client.owner) {
    book = new QuickReplies(client, salonId);
    kept.set(client, book);
  }
  return book;
}
