// The checked-in generated files must match what the generator makes from the reference spec.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firecrackerRoutes } from './spec.generated.js';

describe('generated Firecracker API files', () => {
  it('are up to date with shared/reference/firecracker-api.yaml', () => {
    const script = fileURLToPath(new URL('../scripts/generate.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('lists every path of the reference API', () => {
    const paths = new Set(firecrackerRoutes.map((r) => `${r.method} ${r.path}`));
    for (const expected of [
      'PUT /actions',
      'GET /vm/config',
      'PUT /snapshot/load',
      'PATCH /balloon/statistics',
    ]) {
      expect(paths).toContain(expected);
    }
  });
});
