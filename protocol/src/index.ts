export * from './constants.ts';
export * from './preview.ts';
export * from './rest.ts';
export * from './ws.ts';
