// Registers the default images that `nqvm images prepare` listed in <dataDir>/images/manifest.json.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ServiceContext } from './context.js';

interface ManifestItem {
  kind: 'kernel' | 'initrd' | 'rootfs';
  name: string;
  path: string;
  sha256: string;
  size: number;
  version?: string;
}

export const DEFAULT_PROJECT = 'default';

/** Idempotent: an entry with the same kind and name is updated in place, so VMs keep pointing at it. */
export async function registerManifestImages(ctx: ServiceContext): Promise<number> {
  const dir = join(ctx.config.dataDir, 'images');
  let items: ManifestItem[];
  try {
    items =
      (JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { items: ManifestItem[] }).items ??
      [];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') ctx.log.warn({ err }, 'unreadable image manifest');
    return 0;
  }
  let count = 0;
  for (const item of items) {
    const path = isAbsolute(item.path) ? item.path : join(dir, item.path);
    if ((await ctx.repos.files.size(path)) === undefined) {
      ctx.log.warn({ path }, 'manifest image file is missing; skipped');
      continue;
    }
    const fields = {
      host_path: path,
      sha256: item.sha256,
      size: item.size,
      bytes_done: item.size,
      version: item.version ?? null,
      status: 'ready',
    };
    const existing = await ctx.repos.images.findByName(item.kind, DEFAULT_PROJECT, item.name);
    if (existing) {
      // Unchanged entries stay untouched, so a restart does not make every image look updated.
      const same =
        existing.host_path === fields.host_path &&
        existing.sha256 === fields.sha256 &&
        Number(existing.size) === fields.size &&
        Number(existing.bytes_done) === fields.bytes_done &&
        existing.version === fields.version &&
        existing.status === fields.status;
      if (!same) await ctx.repos.images.update(existing.id, fields);
    } else {
      await ctx.repos.images.insert({
        id: randomUUID(),
        kind: item.kind,
        name: item.name,
        project: DEFAULT_PROJECT,
        origin: 'manifest',
        ...fields,
      });
    }
    count++;
  }
  return count;
}
