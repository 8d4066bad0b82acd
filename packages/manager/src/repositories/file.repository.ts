// Image files on the manager host: resolving, hashing, streaming in with a limit, sparse volumes.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileFacts {
  path: string;
  size: number;
  sha256: string;
}

export class SizeLimitError extends Error {
  constructor(readonly limit: number) {
    super(`stream exceeds ${limit} bytes`);
  }
}

export function createFileRepository() {
  return {
    /** The real path if it exists as a regular file, else undefined. */
    async resolveFile(path: string): Promise<string | undefined> {
      try {
        const real = await realpath(path);
        return (await stat(real)).isFile() ? real : undefined;
      } catch {
        return undefined;
      }
    },

    /** Whether `path` (already real) lies inside the real directory `root`. */
    async isUnder(path: string, root: string): Promise<boolean> {
      let realRoot: string;
      try {
        realRoot = await realpath(root);
      } catch {
        return false;
      }
      return path.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
    },

    async hashFile(path: string): Promise<FileFacts> {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
      return { path, size, sha256: hash.digest('hex') };
    },

    /**
     * Streams `source` into `path` (via a temp file, renamed at the end) while hashing it;
     * stops with SizeLimitError past `limit` bytes. `onProgress` sees the running byte count.
     */
    async writeStream(
      source: Readable | AsyncIterable<Uint8Array>,
      path: string,
      limit: number,
      onProgress?: (bytes: number) => void,
    ): Promise<FileFacts> {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.partial`;
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > limit) return done(new SizeLimitError(limit));
          hash.update(chunk);
          onProgress?.(size);
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, meter, createWriteStream(tmp, { mode: 0o644 }));
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { path, size, sha256: hash.digest('hex') };
    },

    /** A sparse file of `size` bytes; its sha256 is that of `size` zero bytes. */
    async createSparse(path: string, size: number): Promise<FileFacts> {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'wx', 0o644);
      try {
        await handle.truncate(size);
      } finally {
        await handle.close();
      }
      return { path, size, sha256: zeroSha256(size) };
    },

    openRead(path: string): Readable {
      return createReadStream(path);
    },

    async size(path: string): Promise<number | undefined> {
      try {
        return (await stat(path)).size;
      } catch {
        return undefined;
      }
    },
  };
}

export type FileRepository = ReturnType<typeof createFileRepository>;

const ZERO_CHUNK = Buffer.alloc(1024 * 1024);

function zeroSha256(size: number): string {
  const hash = createHash('sha256');
  let left = size;
  while (left > 0) {
    const n = Math.min(left, ZERO_CHUNK.length);
    hash.update(n === ZERO_CHUNK.length ? ZERO_CHUNK : ZERO_CHUNK.subarray(0, n));
    left -= n;
  }
  return hash.digest('hex');
}
