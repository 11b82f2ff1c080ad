import type { ChatClient } from './client/chat-client.ts';
import type { ChatMessage } from './client/types.ts';

/**
 * Fires the cancelable `salon-chat-send` from `el` and, unless it is cancelled, sends the text
 * (replying to `reply`); undefined when nothing is sent.
 */
export function sendText(el: Element, client: ChatClient | undefined, chatId: number, text: string, reply?: ChatMessage | null): Promise<string> | undefined {
  const draft = { reply_to_message_id: reply?.id ?? null, content: text.trim(), message_type: 'text' as const };
  if (draft.content && client && chatId && el.dispatchEvent(new CustomEvent('salon-chat-send', { detail: { chatId, draft }, bubbles: true, composed: true, cancelable: true }))) {
    return client.sender.send(chatId, draft);
  }
}
