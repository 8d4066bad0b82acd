// The images the current test run boots: the manifest tests/global-setup.ts prepared.
import { dirname } from 'node:path';
import { type Manifest, readManifest } from '@nqvm/guest-image';

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
  const provided = await providedManifestPath();
  return provided ? readManifest(dirname(provided)) : readManifest();
}

// Loaded lazily: importing vitest outside a vitest worker throws, and the testkit also
// serves plain scripts (benchmarks, debugging a guest by hand).
async function providedManifestPath(): Promise<string | undefined> {
  try {
    const { inject } = await import('vitest');
    return inject('nqvmManifestPath');
  } catch {
    return undefined;
  }
}
