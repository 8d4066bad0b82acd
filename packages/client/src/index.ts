// Public surface of @nqvm/client.
export * from './client.js';
export type * from './types.js';
