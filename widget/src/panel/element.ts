import { LitElement, widgetContext, type PropertyDeclarations, type PropertyValues, type WidgetContext } from '../kit.ts';
import { ContextConsumer } from '@lit/context';
import type { ChatClient } from '../client/chat-client.ts';

/**
 * Base of the panel's elements: consumes the widget context and renders again whenever the
 * client's store changes.
 */
export class SalonChatElement extends LitElement {
  static properties: PropertyDeclarations = {
    ctx: { state: true },
  };

  ctx?: WidgetContext;

  constructor() {
    super();
    new ContextConsumer(this, { context: widgetContext, subscribe: true, callback: (ctx) => (this.ctx = ctx) });
  }

  #unsubscribe?: () => void;
  #subscribed?: ChatClient;

  protected willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.ctx?.client;
    if (client !== this.#subscribed) {
      this.#unsubscribe?.();
      this.#subscribed = client;
      this.#unsubscribe = client?.on('change', () => this.requestUpdate());
    }
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#subscribed = undefined;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
