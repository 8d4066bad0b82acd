// The guest's own files (init scripts, inittab, profile) shipped beside the code in ../guest/.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Works from src/ (tests) and dist/ (built): both sit next to guest/. */
export const GUEST_FILES_DIR = fileURLToPath(new URL('../guest/', import.meta.url));

export interface GuestFile {
  /** Path inside the image, e.g. `etc/inittab`. */
  readonly path: string;
  readonly data: Buffer;
  /** Scripts are executable whatever mode the checkout gave them. */
  readonly mode: number;
}

/** Reads `guest/<tree>/` (`initramfs` or `rootfs`), sorted by path so hashing is stable. */
export async function readGuestFiles(tree: 'initramfs' | 'rootfs'): Promise<GuestFile[]> {
  const root = join(GUEST_FILES_DIR, tree);
  const out: GuestFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const data = await readFile(full);
        out.push({
          path: relative(root, full),
          data,
          mode: data.subarray(0, 2).toString() === '#!' ? 0o755 : 0o644,
        });
      }
    }
  };
  await walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
