// The images the current test run boots: the manifest tests/global-setup.ts prepared.

import { dirname } from 'node:path';
import { type Manifest, readManifest } from '@nqvm/guest-image';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of manifest.json, provided by tests/global-setup.ts. */
    nqvmManifestPath: string;
  }
}

/**
 * Reads the manifest global setup provided; outside such a run, the one in the data dir
 * (`NQVM_DATA_DIR` or the default), which `nqvm images prepare` builds.
 */
export async function testImages(): Promise<Manifest> {
  const provided = inject('nqvmManifestPath');
  return provided ? readManifest(dirname(provided)) : readManifest();
}
