// Public surface of @nqvm/core.
export type * from './agent-api.js';
export * from './confined-path.js';
export * from './data-dir.js';
export * from './errors.js';
export * from './file-appears.js';
export * from './path-cases.js';
