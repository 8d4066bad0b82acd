// Public surface of @nqvm/cli (the launcher in bin/nqvm calls main).
export { main, NQVM_VERSION } from './main.js';
