// Public surface of @nqvm/core.
export * from './data-dir.js';
export * from './errors.js';
