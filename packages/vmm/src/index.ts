// Public surface of @nqvm/vmm (filled in as the package grows).
export {};
