// Public surface of @nqvm/client.
export {};
