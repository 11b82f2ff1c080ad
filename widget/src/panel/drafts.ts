/**
 * What was typed and not sent, per chat and per person, kept in `localStorage` so that it
 * survives a reload (and stays in memory where storage is refused).
 */
const memory = new Map<string, string>();
const key = (owner: string, chatId: number) => `salon-chat:draft:${owner}:${chatId}`;

export function loadDraft(owner: string, chatId: number): string {
  try {
    return localStorage.getItem(key(owner, chatId)) ?? '';
  } catch {
    return memory.get(key(owner, chatId)) ?? '';
  }
}

export function saveDraft(owner: string, chatId: number, text: string): void {
  const k = key(owner, chatId);
  memory.set(k, text);
  try {
    if (text) localStorage.setItem(k, text);
    else localStorage.removeItem(k);
  } catch {
    /* kept in memory only */
  }
}

/** Forgets every draft of a person (they signed out on this device). */
export function clearDrafts(owner: string): void {
  const prefix = `salon-chat:draft:${owner}:`;
  for (const k of [...memory.keys()]) if (k.startsWith(prefix)) memory.delete(k);
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(prefix)) localStorage.removeItem(k);
  } catch {
    /* nothing stored */
  }
}
