// Public surface of @nqvm/cli (filled in as the package grows).
export {};
