// Guest memory files: sparse copies, page fingerprints for Diff snapshots, and layer composition.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export const PAGE = 4096;
const CHUNK = 1 << 20;

/** One layer of a memory image: a full file, or only the listed [offset, length] ranges of a diff file. */
export interface MemoryLayer {
  path: string;
  ranges?: Array<[number, number]>;
}

function isZero(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i += 8) if (buf.readBigUInt64LE(i) !== 0n) return false;
  return true;
}

/** Walks a file chunk by chunk, calling `page` for each 4 KiB page. */
function eachPage(fd: number, size: number, page: (buf: Buffer, at: number, offset: number) => void): void {
  const buf = Buffer.alloc(CHUNK);
  for (let pos = 0; pos < size; pos += CHUNK) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, size - pos), pos);
    for (let at = 0; at + PAGE <= n; at += PAGE) page(buf, at, pos + at);
  }
}

/** Copies `src` to `dst`, leaving zero pages as holes (guest RAM is mostly zeros). */
export function sparseCopy(src: string, dst: string): void {
  const from = openSync(src, 'r');
  const to = openSync(dst, 'w');
  try {
    const size = fstatSync(from).size;
    ftruncateSync(to, size);
    eachPage(from, size, (buf, at, offset) => {
      if (!isZero(buf, at, at + PAGE)) writeSync(to, buf, at, PAGE, offset);
    });
  } finally {
    closeSync(from);
    closeSync(to);
  }
}

/** 8 bytes of SHA-1 per page: enough to spot a changed page, small enough to keep in memory. */
export function pageFingerprints(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const out = Buffer.alloc((size / PAGE) * 8);
    eachPage(fd, size, (buf, at, offset) => {
      createHash('sha1')
        .update(buf.subarray(at, at + PAGE))
        .digest()
        .copy(out, (offset / PAGE) * 8, 0, 8);
    });
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a diff memory file: same size as RAM, holes everywhere except pages whose fingerprint
 * changed since `baseline`. Returns the written ranges and the new fingerprints.
 */
export function writeDiff(
  ramPath: string,
  dst: string,
  baseline: Buffer,
): { ranges: Array<[number, number]>; fingerprints: Buffer } {
  const from = openSync(ramPath, 'r');
  const to = openSync(dst, 'w');
  const ranges: Array<[number, number]> = [];
  try {
    const size = fstatSync(from).size;
    ftruncateSync(to, size);
    const fingerprints = Buffer.alloc((size / PAGE) * 8);
    eachPage(from, size, (buf, at, offset) => {
      const i = (offset / PAGE) * 8;
      createHash('sha1')
        .update(buf.subarray(at, at + PAGE))
        .digest()
        .copy(fingerprints, i, 0, 8);
      if (fingerprints.compare(baseline, i, i + 8, i, i + 8) === 0) return;
      writeSync(to, buf, at, PAGE, offset);
      const last = ranges[ranges.length - 1];
      if (last && last[0] + last[1] === offset) last[1] += PAGE;
      else ranges.push([offset, PAGE]);
    });
    return { ranges, fingerprints };
  } finally {
    closeSync(from);
    closeSync(to);
  }
}

/** Builds a RAM file of `size` bytes from a full layer and the diff layers on top of it, in order. */
export function composeLayers(layers: MemoryLayer[], dst: string, size: number): void {
  const to = openSync(dst, 'w');
  try {
    ftruncateSync(to, size);
    const buf = Buffer.alloc(CHUNK);
    for (const layer of layers) {
      const from = openSync(layer.path, 'r');
      try {
        if (!layer.ranges) {
          const n = Math.min(size, fstatSync(from).size);
          eachPage(from, n, (b, at, offset) => {
            if (!isZero(b, at, at + PAGE)) writeSync(to, b, at, PAGE, offset);
          });
          continue;
        }
        for (const [start, length] of layer.ranges) {
          for (let done = 0; done < length; ) {
            const n = readSync(from, buf, 0, Math.min(CHUNK, length - done), start + done);
            if (n <= 0) break;
            writeSync(to, buf, 0, n, start + done);
            done += n;
          }
        }
      } finally {
        closeSync(from);
      }
    }
  } finally {
    closeSync(to);
  }
}
