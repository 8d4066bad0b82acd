// Runs the fc-vmm bundle beside this file through V8's code cache, so start-up loads compiled code.
//
// Why: spawn → API socket answering is what every VM start waits for, and V8 compiles each function
// of the bundle the first time it runs (the start-up path, then the first request's). The build
// (scripts/bundle.mjs) runs the bundle once through this loader with FC_VMM_WRITE_CODE_CACHE set,
// serves a request or two, and keeps what V8 compiled in `fc-vmm.cjs.cache`; later starts hand it
// back to V8. V8 checks the cache against the source and its own version and flags: a stale or
// foreign cache is rejected and the bundle compiles as it would without one, so it is only ever
// an optimisation. FC_VMM_CODE_CACHE_REPORT=1 says on stderr whether the cache was used (tests).
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const bundle = join(__dirname, 'fc-vmm.cjs');
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache (a build without one, or it was removed): compile as usual.
}
const script = new Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (process.env.FC_VMM_CODE_CACHE_REPORT === '1') {
  const verdict = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  process.stderr.write(`fc-vmm code cache: ${verdict}\n`);
}
const writeTo = process.env.FC_VMM_WRITE_CODE_CACHE;
if (writeTo) {
  // At exit, after the build's requests ran: the cache then holds the functions they compiled.
  process.once('exit', () => {
    writeFileSync(`${writeTo}.tmp`, script.createCachedData());
    renameSync(`${writeTo}.tmp`, writeTo);
  });
}
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, require, module_, bundle, dirname(bundle));
