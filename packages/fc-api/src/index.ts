// Public surface of @nqvm/fc-api (filled in as the package grows).
export {};
