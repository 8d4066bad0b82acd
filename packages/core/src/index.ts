// Public surface of @nqvm/core.
export type * from './agent-api.js';
export * from './data-dir.js';
export * from './errors.js';
