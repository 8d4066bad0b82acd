// Public surface of @nqvm/fc-api: generated Firecracker types, the route table, and a socket client.
export * from './client.js';
export * from './spec.generated.js';
export * from './types.generated.js';
