// Manifest validation and the cheap "is it current" check, on temporary files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isManifestCurrent, type Manifest, parseManifest, readManifest, writeManifest } from './manifest.js';

describe('manifest', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqvm-manifest-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const sample = (dir: string): Manifest => {
    const items = (['kernel', 'initrd', 'rootfs'] as const).map((kind) => {
      const path = join(dir, kind);
      writeFileSync(path, kind);
      return { kind, name: kind, path, sha256: 'x', size: kind.length, version: '1' };
    });
    return { stamp: 'abc', builtAt: '2025-01-01T00:00:00.000Z', items };
  };

  it('round-trips through writeManifest and readManifest', async () => {
    const dir = scratch();
    const manifest = sample(dir);
    await writeManifest(dir, manifest);
    expect(await readManifest(dir)).toEqual(manifest);
  });

  it('is current only with the same stamp and every file at its recorded size', async () => {
    const dir = scratch();
    const manifest = sample(dir);
    expect(await isManifestCurrent(manifest, 'abc')).toBe(true);
    expect(await isManifestCurrent(manifest, 'other')).toBe(false);
    writeFileSync(join(dir, 'rootfs'), 'changed size');
    expect(await isManifestCurrent(manifest, 'abc')).toBe(false);
    rmSync(join(dir, 'kernel'));
    expect(await isManifestCurrent(sample(scratch()), 'abc')).toBe(true);
    expect(await isManifestCurrent(manifest, 'abc')).toBe(false);
  });

  it('reports a missing manifest with a coded error that says how to build it', async () => {
    await expect(readManifest(scratch())).rejects.toMatchObject({
      code: 'MVM_ERR_IMAGE_MANIFEST_MISSING',
      suggestion: expect.stringContaining('nqvm images prepare'),
    });
  });

  it('rejects malformed manifests', async () => {
    expect(() => parseManifest({ items: 'no' })).toThrow(/items/);
    expect(() => parseManifest({ stamp: 's', items: [{ kind: 'floppy' }] })).toThrow(/unknown kind/);
    const dir = scratch();
    writeFileSync(join(dir, 'manifest.json'), '{not json');
    await expect(readManifest(dir)).rejects.toMatchObject({ code: 'MVM_ERR_IMAGE_MANIFEST_INVALID' });
  });
});
