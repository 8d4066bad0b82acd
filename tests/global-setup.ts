// Vitest global setup: make sure the default guest images exist, once per test run.
import { prepareImages } from '@nqvm/guest-image';
import type { TestProject } from 'vitest/node';

/**
 * Builds into `$NQVM_DATA_DIR/images` (or the default data dir) and provides the manifest path
 * to tests as `inject('nqvmManifestPath')` (see `testImages()` in @nqvm/testkit). Fast when the
 * images are current; the first build downloads two Debian packages and takes ~10 s.
 * `NQVM_TEST_IMAGES=skip` skips it for runs that boot no guest (tests that need images then
 * fail with "No guest image manifest … run `nqvm images prepare`").
 */
export default async function setup(project: TestProject): Promise<void> {
  if (process.env.NQVM_TEST_IMAGES === 'skip') return;
  const started = Date.now();
  const result = await prepareImages({
    onProgress: (line) => process.stderr.write(`[global-setup] images: ${line}\n`),
  });
  if (result.built) {
    process.stderr.write(
      `[global-setup] images built in ${Date.now() - started} ms: ${result.manifestPath}\n`,
    );
  }
  project.provide('nqvmManifestPath', result.manifestPath);
}
