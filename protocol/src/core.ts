/**
 * The protocol without its schemas: constants, the message preview, and the types (erased at
 * build time). For clients that must stay small (the widget); `@salon-chat/protocol` adds zod.
 */
export * from './constants.ts';
export * from './preview.ts';
export type * from './rest.ts';
export type * from './ws.ts';
