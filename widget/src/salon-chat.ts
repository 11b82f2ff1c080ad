/**
 * Registers `<salon-chat>` and its parts. Import this module (or load `salon-chat.js`) once.
 */
import { SalonChatComposer } from './components/composer.component.ts';
import { SalonChatInbox } from './components/inbox.component.ts';
import { SalonChatMessages } from './components/messages.component.ts';
import { SalonChat } from './salon-chat.component.ts';

export { SalonChat, SalonChatComposer, SalonChatInbox, SalonChatMessages };
export type { SalonChatEventDetails, SalonChatEvent } from './events.ts';
export type { ConnectionStatus } from './client/connection.ts';
export type { TokenProvider } from './client/api.ts';

if (!customElements.get('salon-chat')) customElements.define('salon-chat', SalonChat);
if (!customElements.get('salon-chat-messages')) customElements.define('salon-chat-messages', SalonChatMessages);
if (!customElements.get('salon-chat-composer')) customElements.define('salon-chat-composer', SalonChatComposer);
if (!customElements.get('salon-chat-inbox')) customElements.define('salon-chat-inbox', SalonChatInbox);

declare global {
  interface HTMLElementTagNameMap {
    'salon-chat': SalonChat;
    'salon-chat-messages': SalonChatMessages;
    'salon-chat-composer': SalonChatComposer;
    'salon-chat-inbox': SalonChatInbox;
  }
}
