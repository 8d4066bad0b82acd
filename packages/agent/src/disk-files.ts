// Disk files: private copies (reflink where the filesystem can, sparse otherwise) and empty volumes.
import { link, open, stat } from 'node:fs/promises';
import { runCommand } from './run-command.js';

/** A copy that costs nothing on reflink filesystems and keeps holes everywhere else. */
export async function copyDisk(src: string, dst: string): Promise<void> {
  await runCommand('cp', ['--reflink=auto', '--sparse=always', src, dst]);
}

/**
 * A private name for a file nobody writes again (a Full snapshot's memory image, which the VMM
 * maps copy-on-write): a hard link costs nothing and keeps the bytes alive when the snapshot is
 * deleted. A copy where a link cannot be made (the files on two filesystems).
 */
export async function linkOrCopy(src: string, dst: string): Promise<void> {
  try {
    await link(src, dst);
  } catch {
    await copyDisk(src, dst);
  }
}

/** An empty volume: a sparse file of the requested size, so it takes no space until written. */
export async function createSparseFile(path: string, sizeBytes: number): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.truncate(sizeBytes);
  } finally {
    await handle.close();
  }
}

/** Space a file really takes (allocated blocks), which is what a sparse snapshot costs. */
export async function allocatedBytes(path: string): Promise<number> {
  const st = await stat(path);
  return st.blocks * 512;
}
