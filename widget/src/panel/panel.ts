/**
 * The panel, loaded by `<salon-chat>` the first time it is wanted (a customer opens the chat,
 * or staff mode starts): defines the panel's elements and hands over the styles that
 * `<salon-chat>` adopts into its shadow root, and gives each client a sender.
 */
import { messagePreview } from '@salon-chat/protocol/core';
import { SalonChatComposer } from './composer.component.ts';
import { conversationStyles } from './conversation.ts';
import { welcomeStyles } from './welcome.ts';
import { SalonChatInbox } from './inbox.component.ts';
import { SalonChatMessages } from './messages.component.ts';
import { SalonChatPanel } from './panel.component.ts';
import { SalonChatQuickRepliesManager } from './quick-replies-manager.component.ts';
import { SalonChatNewChat } from './new-chat.component.ts';
import { panelStyles } from './panel.styles.ts';
import { controls } from './controls.styles.ts';
import { alertsStyles } from './alerts.styles.ts';
import { clearDrafts } from './drafts.ts';
import { Reads } from './reads.ts';
import { Sender } from './sender.ts';
import './strings.ts';
import type { ChatClient } from '../client/chat-client.ts';

export { sendFromPage } from './sender.ts';
export { followLink } from './requests.ts';

const elements = {
  'salon-chat-panel': SalonChatPanel,
  'salon-chat-messages': SalonChatMessages,
  'salon-chat-composer': SalonChatComposer,
  'salon-chat-inbox': SalonChatInbox,
  'salon-chat-quick-replies-manager': SalonChatQuickRepliesManager,
  'salon-chat-new-chat': SalonChatNewChat,
};
for (const [name, element] of Object.entries(elements)) if (!customElements.get(name)) customElements.define(name, element);

export const styles = [controls, panelStyles, alertsStyles, conversationStyles, welcomeStyles];

/** Gives a client what the panel brings to it: a `Sender` for its messages and outbox, `Reads`, drafts forgotten on sign-out. */
export function attach(client: ChatClient): void {
  if (client.sender) return;
  client.store.previewOf = messagePreview;
  new Sender(client);
  new Reads(client);
  client.on('auth', (signedIn) => signedIn || clearDrafts(client.owner));
}

declare global {
  interface HTMLElementTagNameMap {
    'salon-chat-panel': SalonChatPanel;
    'salon-chat-messages': SalonChatMessages;
    'salon-chat-composer': SalonChatComposer;
    'salon-chat-inbox': SalonChatInbox;
    'salon-chat-quick-replies-manager': SalonChatQuickRepliesManager;
    'salon-chat-new-chat': SalonChatNewChat;
  }
}
