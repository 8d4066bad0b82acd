// Guest memory files: sparse copies, page fingerprints for Diff snapshots, and layer composition.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, writeSync } from 'node:fs';

export const PAGE = 4096;
const CHUNK = 1 << 20;
const ZERO_PAGE = Buffer.alloc(PAGE);

/**
 * Where a running VM's RAM can be read: a file from offset 0 (a shared RAM file), or QEMU's
 * `/proc/<pid>/mem` at the mapping's address (private RAM, see qemu-vm.ts).
 */
export interface RamView {
  path: string;
  offset: number;
  size: number;
}

/** One layer of a memory image: a full file, or only the listed [offset, length] ranges of a diff file. */
export interface MemoryLayer {
  path: string;
  ranges?: Array<[number, number]>;
}

/** memcmp against a zero page: far faster than comparing words in JavaScript. */
function isZero(buf: Buffer, at: number): boolean {
  return buf.compare(ZERO_PAGE, 0, PAGE, at, at + PAGE) === 0;
}

/** Opens RAM (a view, or a file read from 0 to its size). */
function openRam(ram: RamView | string): { fd: number; size: number; base: number } {
  const view = typeof ram === 'string' ? { path: ram, offset: 0, size: -1 } : ram;
  const fd = openSync(view.path, 'r');
  return { fd, size: view.size >= 0 ? view.size : fstatSync(fd).size, base: view.offset };
}

/** Walks RAM chunk by chunk, calling `page` for each 4 KiB page (offsets relative to the RAM start). */
function eachPage(
  ram: { fd: number; size: number; base: number },
  page: (buf: Buffer, at: number, offset: number) => void,
): void {
  const buf = Buffer.alloc(CHUNK);
  for (let pos = 0; pos < ram.size; pos += CHUNK) {
    const n = readSync(ram.fd, buf, 0, Math.min(CHUNK, ram.size - pos), ram.base + pos);
    for (let at = 0; at + PAGE <= n; at += PAGE) page(buf, at, pos + at);
  }
}

/**
 * Writes `dst` through a temporary file renamed into place: a restored VM that maps an earlier
 * file at this path privately (share=off) keeps its pages, where truncating in place would
 * SIGBUS it or leak the new contents into it.
 */
function writeReplacing(dst: string, write: (fd: number) => void): void {
  const tmp = `${dst}.tmp-${process.pid}`;
  const to = openSync(tmp, 'w');
  try {
    write(to);
  } finally {
    closeSync(to);
  }
  renameSync(tmp, dst);
}

function withRam<T>(src: RamView | string, use: (ram: ReturnType<typeof openRam>) => T): T {
  const ram = openRam(src);
  try {
    return use(ram);
  } finally {
    closeSync(ram.fd);
  }
}

/** Copies RAM to `dst`, leaving zero pages as holes (guest RAM is mostly zeros). */
export function sparseCopy(src: RamView | string, dst: string): void {
  withRam(src, (ram) =>
    writeReplacing(dst, (to) => {
      ftruncateSync(to, ram.size);
      eachPage(ram, (buf, at, offset) => {
        if (!isZero(buf, at)) writeSync(to, buf, at, PAGE, offset);
      });
    }),
  );
}

const fingerprint = (buf: Buffer, at: number, out: Buffer, i: number) =>
  createHash('sha1')
    .update(buf.subarray(at, at + PAGE))
    .digest()
    .copy(out, i, 0, 8);

/** 8 bytes of SHA-1 per page: enough to spot a changed page, small enough to keep in memory. */
export function pageFingerprints(src: RamView | string): Buffer {
  return withRam(src, (ram) => {
    const out = Buffer.alloc((ram.size / PAGE) * 8);
    eachPage(ram, (buf, at, offset) => fingerprint(buf, at, out, (offset / PAGE) * 8));
    return out;
  });
}

/**
 * Writes a diff memory file: same size as RAM, holes everywhere except pages whose fingerprint
 * changed since `baseline`. Returns the written ranges and the new fingerprints.
 */
export function writeDiff(
  src: RamView | string,
  dst: string,
  baseline: Buffer,
): { ranges: Array<[number, number]>; fingerprints: Buffer } {
  const ranges: Array<[number, number]> = [];
  return withRam(src, (ram) => {
    const fingerprints = Buffer.alloc((ram.size / PAGE) * 8);
    writeReplacing(dst, (to) => {
      ftruncateSync(to, ram.size);
      eachPage(ram, (buf, at, offset) => {
        const i = (offset / PAGE) * 8;
        fingerprint(buf, at, fingerprints, i);
        if (fingerprints.compare(baseline, i, i + 8, i, i + 8) === 0) return;
        writeSync(to, buf, at, PAGE, offset);
        const last = ranges[ranges.length - 1];
        if (last && last[0] + last[1] === offset) last[1] += PAGE;
        else ranges.push([offset, PAGE]);
      });
    });
    return { ranges, fingerprints };
  });
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
          eachPage({ fd: from, size: n, base: 0 }, (b, at, offset) => {
            if (!isZero(b, at)) writeSync(to, b, at, PAGE, offset);
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
