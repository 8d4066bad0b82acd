// Public surface of @nqvm/client.
export * from './client.js';
export { errorFromResponse } from './errors.js';
export type * from './types.js';
export type { XhrConstructor, XhrLike } from './upload.js';
