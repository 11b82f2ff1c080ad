/**
 * Entry of the classic script (`salon-chat.iife.js`, the global `SalonChatWidget`): everything
 * `salon-chat.ts` exports, plus `kit`, the shared modules that the classic panel script uses.
 */
export * from './salon-chat.ts';
export * as kit from './kit.ts';
