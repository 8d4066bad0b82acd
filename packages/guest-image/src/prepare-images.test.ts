// The prepared images match their manifest, and preparing again is a cache hit.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { imagesPrepareCommand } from './images-prepare-command.js';
import { readManifest } from './manifest.js';
import { prepareImages } from './prepare-images.js';

// global setup built (or found) the images; work on the same data dir.
const manifestFile = inject('nqvmManifestPath');
const imagesDir = dirname(manifestFile);
const dataDir = dirname(imagesDir);

describe('prepareImages', () => {
  it('records the real checksum and size of each image', async () => {
    const manifest = await readManifest(imagesDir);
    expect(manifest.items.map((i) => i.kind).sort()).toEqual(['initrd', 'kernel', 'rootfs']);
    for (const item of manifest.items) {
      const bytes = readFileSync(item.path);
      expect(bytes.length, item.path).toBe(item.size);
      expect(createHash('sha256').update(bytes).digest('hex'), item.path).toBe(item.sha256);
    }
    const kernel = readFileSync(manifest.items.find((i) => i.kind === 'kernel')?.path ?? '');
    expect(kernel.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  });

  it('reuses current images without rebuilding them', async () => {
    const before = await readManifest(imagesDir);
    const mtimes = before.items.map((i) => statSync(i.path).mtimeMs);
    const progress: string[] = [];
    const result = await prepareImages({ dataDir, onProgress: (line) => progress.push(line) });
    expect(result.built).toBe(false);
    expect(result.manifest).toEqual(before);
    expect(progress).toEqual([]);
    expect(before.items.map((i) => statSync(i.path).mtimeMs)).toEqual(mtimes);
  });
});

describe('imagesPrepareCommand', () => {
  const capture = () => {
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: (text: string) => {
        out.stdout += text;
      },
      stderr: (text: string) => {
        out.stderr += text;
      },
    };
    return { out, io };
  };

  it('prints a table of current images on stdout and the status on stderr', async () => {
    const { out, io } = capture();
    expect(await imagesPrepareCommand(['--data-dir', dataDir], io)).toBe(0);
    expect(out.stdout).toMatch(/^KIND\s+VERSION\s+SIZE\s+PATH\n/);
    expect(out.stdout).toMatch(/^kernel\s+\S+-cloud-amd64\s/m);
    expect(out.stderr).toContain('up to date');
  });

  it('rejects unknown options with usage', async () => {
    const { out, io } = capture();
    expect(await imagesPrepareCommand(['--bogus'], io)).toBe(2);
    expect(out.stderr).toContain('Usage: nqvm images prepare');
  });
});
