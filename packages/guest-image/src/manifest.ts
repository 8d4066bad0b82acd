// The images manifest: what was built, where it is, and the stamp that says whether it is current.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imagesDir } from '@nqvm/core';
import { imageErrors } from './errors.js';

export type ImageKind = 'kernel' | 'initrd' | 'rootfs';

export interface ManifestItem {
  readonly kind: ImageKind;
  readonly name: string;
  /** Absolute path. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly version: string;
}

export interface Manifest {
  /** Hash of everything the images are built from; equal stamps mean nothing to rebuild. */
  readonly stamp: string;
  readonly builtAt: string;
  readonly items: readonly ManifestItem[];
}

export const MANIFEST_FILE = 'manifest.json';
const KINDS: readonly ImageKind[] = ['kernel', 'initrd', 'rootfs'];

export function manifestPath(dir: string = imagesDir()): string {
  return join(dir, MANIFEST_FILE);
}

/** Reads and checks the manifest in `dir` (default: the data dir's images/). */
export async function readManifest(dir: string = imagesDir()): Promise<Manifest> {
  const path = manifestPath(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw imageErrors.IMAGE_MANIFEST_MISSING({ path });
    throw err;
  }
  try {
    return parseManifest(JSON.parse(text));
  } catch (err) {
    throw imageErrors.IMAGE_MANIFEST_INVALID({ path, reason: (err as Error).message });
  }
}

/** Validates the shape of a parsed manifest. */
export function parseManifest(value: unknown): Manifest {
  const m = value as Partial<Manifest> | null;
  if (!m || typeof m !== 'object' || !Array.isArray(m.items)) throw new Error('items is not a list');
  if (typeof m.stamp !== 'string') throw new Error('stamp is missing');
  for (const item of m.items as Partial<ManifestItem>[]) {
    if (!item.kind || !KINDS.includes(item.kind)) throw new Error(`unknown kind ${String(item.kind)}`);
    for (const field of ['name', 'path', 'sha256', 'version'] as const) {
      if (typeof item[field] !== 'string') throw new Error(`${item.kind} item has no ${field}`);
    }
    if (typeof item.size !== 'number') throw new Error(`${item.kind} item has no size`);
  }
  return { stamp: m.stamp, builtAt: String(m.builtAt ?? ''), items: m.items as ManifestItem[] };
}

/** The item of one kind; the default guest has exactly one of each. */
export function manifestItem(manifest: Manifest, kind: ImageKind): ManifestItem {
  const item = manifest.items.find((i) => i.kind === kind);
  if (!item) throw imageErrors.IMAGE_MANIFEST_INVALID({ path: MANIFEST_FILE, reason: `no ${kind} item` });
  return item;
}

/** Cheap currency check for the fast path: same stamp, every file present with its recorded size. */
export async function isManifestCurrent(manifest: Manifest, stamp: string): Promise<boolean> {
  if (manifest.stamp !== stamp) return false;
  if (!KINDS.every((kind) => manifest.items.some((i) => i.kind === kind))) return false;
  for (const item of manifest.items) {
    const info = await stat(item.path).catch(() => undefined);
    if (!info?.isFile() || info.size !== item.size) return false;
  }
  return true;
}

/** Replaces the manifest atomically so readers never see half a file. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const path = manifestPath(dir);
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function describeFile(kind: ImageKind, path: string, version: string): Promise<ManifestItem> {
  const [sha256, info] = await Promise.all([sha256File(path), stat(path)]);
  return { kind, name: path.split('/').pop() as string, path, sha256, size: info.size, version };
}
