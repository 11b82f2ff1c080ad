/**
 * What the lazily loaded panel (`panel/`) takes from the core: Lit, the context, and the
 * client's helpers (`@lit/context`'s consumer, which the core does not use, it bundles itself). The panel imports nothing else outside its folder, so that its classic
 * build can take all of this from the already loaded `salon-chat.iife.js` (`SalonChatWidget.kit`)
 * instead of bundling a second copy; the build fails when a panel module reaches past it.
 */
export { LitElement, css, html, nothing, render, unsafeCSS } from 'lit';
export type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
export { widgetContext, type WidgetContext } from './context.ts';
export { ApiError, retryAfterOf, waitBeforeRetry } from './client/api.ts';
export { newClientMessageId } from './client/outbox.ts';
export { isMine, isNote, readBy } from './client/store.ts';
export { shownName } from './names.ts';
export { icon } from './icons.ts';
export { shared } from './styles/shared.styles.ts';
export { addCatalog, type Catalog } from './i18n.ts';
export { AttentionController } from './controllers/attention.controller.ts';
