// Public surface of @nqvm/guest-image (filled in as the package grows).
export {};
