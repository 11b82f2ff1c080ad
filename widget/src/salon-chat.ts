/**
 * Registers `<salon-chat>`. Import this module (or load `salon-chat.js`) once; the panel's
 * code follows by itself the first time the chat is opened.
 */
import { installCommands } from './commands.ts';
import { SalonChat } from './salon-chat.component.ts';

export { SalonChat };
export type { SalonChatEventDetails, SalonChatEvent } from './events.ts';
export type { ConnectionStatus } from './client/connection.ts';
export type { TokenProvider } from './client/api.ts';
export type { Command } from './commands.ts';

// Defined only where there are custom elements: importing it during server-side rendering is harmless.
if (globalThis.customElements && !customElements.get('salon-chat')) {
  customElements.define('salon-chat', SalonChat);
  installCommands();
}

declare global {
  interface HTMLElementTagNameMap {
    'salon-chat': SalonChat;
  }
}
