import { createContext } from '@lit/context';
import type { ChatClient } from './client/chat-client.ts';
import type { Translate } from './i18n.ts';

/** What `<salon-chat>` shares with its parts: the client (and its store) and the translator. */
export interface WidgetContext {
  client: ChatClient;
  t: Translate;
}

export const widgetContext = createContext<WidgetContext>(Symbol('salon-chat'));
