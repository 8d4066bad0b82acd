// linkOrCopy: a clone's memory image outlives its snapshot, linked where possible, copied otherwise.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { linkOrCopy } from './disk-files.js';

const dirs: string[] = [];
const tempIn = async (root: string) => {
  const dir = await mkdtemp(join(root, 'nqvm-disk-files-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('linkOrCopy', () => {
  it('links on the same filesystem, and the link keeps the bytes after the source is deleted', async () => {
    const dir = await tempIn(tmpdir());
    const src = join(dir, 'memory');
    await writeFile(src, 'guest memory');
    await linkOrCopy(src, join(dir, 'clone-memory'));
    expect((await stat(join(dir, 'clone-memory'))).ino).toBe((await stat(src)).ino);
    await rm(src);
    expect(await readFile(join(dir, 'clone-memory'), 'utf8')).toBe('guest memory');
  });

  it('copies across filesystems (/dev/shm to the temp dir), where no link can be made', async () => {
    const from = await tempIn('/dev/shm');
    const to = await tempIn(tmpdir());
    const src = join(from, 'memory');
    await writeFile(src, 'guest memory');
    await linkOrCopy(src, join(to, 'memory'));
    expect((await stat(join(to, 'memory'))).ino).not.toBe((await stat(src)).ino);
    expect(await readFile(join(to, 'memory'), 'utf8')).toBe('guest memory');
  });
});
