import type { ConnectionStatus } from './client/connection.ts';
import type { Draft } from './panel/sender.ts';
import type { Message } from './client/types.ts';

/** The `detail` of each event `<salon-chat>` fires (all bubble and cross shadow roots). */
export interface SalonChatEventDetails {
  'salon-chat-message': { message: Message; chatId: number; mine: boolean };
  'salon-chat-unread-change': { unread: number };
  /** Staff mode: how many conversations wait for the salon (as its Unanswered view counts them), as in the page title. */
  'salon-chat-waiting-change': { waiting: number };
  'salon-chat-connection-change': { status: ConnectionStatus };
  'salon-chat-error': { code: string; message: string };
  'salon-chat-auth-change': { signedIn: boolean };
  'salon-chat-open': Record<string, never>;
  'salon-chat-close': Record<string, never>;
  'salon-chat-send': { chatId: number; draft: Draft };
  /**
   * Staff mode alerted the person to a customer's new message or new chat: what it said, the
   * sound it started (null when muted or before the page's first gesture) and the desktop
   * notification it showed (null when not allowed or turned off).
   */
  'salon-chat-alert': {
    chatId: number;
    title: string;
    body: string;
    newChat: boolean;
    sound: AudioScheduledSourceNode | null;
    notification: Notification | null;
  };
}

export type SalonChatEvent<K extends keyof SalonChatEventDetails> = CustomEvent<SalonChatEventDetails[K]>;

declare global {
  interface GlobalEventHandlersEventMap {
    'salon-chat-message': SalonChatEvent<'salon-chat-message'>;
    'salon-chat-unread-change': SalonChatEvent<'salon-chat-unread-change'>;
    'salon-chat-waiting-change': SalonChatEvent<'salon-chat-waiting-change'>;
    'salon-chat-connection-change': SalonChatEvent<'salon-chat-connection-change'>;
    'salon-chat-error': SalonChatEvent<'salon-chat-error'>;
    'salon-chat-auth-change': SalonChatEvent<'salon-chat-auth-change'>;
    'salon-chat-open': SalonChatEvent<'salon-chat-open'>;
    'salon-chat-close': SalonChatEvent<'salon-chat-close'>;
    'salon-chat-send': SalonChatEvent<'salon-chat-send'>;
    'salon-chat-alert': SalonChatEvent<'salon-chat-alert'>;
  }
}
