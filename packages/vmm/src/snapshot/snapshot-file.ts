// The snapshot_path format: a magic, a JSON header (config + memory layers), then QEMU's device state.
import { closeSync, openSync, readSync } from 'node:fs';
import type { BurstLeft } from '../qemu/drive-throttle.js';
import { qemuErrors } from '../qemu/qemu-errors.js';
import type { VmResources } from '../vm-resources.js';
import type { MemoryLayer } from './memory-image.js';

export const SNAPSHOT_MAGIC = 'NQVMSNP1';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotHeader {
  version: number;
  /** 'Full' or 'Diff', as requested. */
  type: 'Full' | 'Diff';
  createdAt: string;
  qemuVersion: string;
  accel: string;
  /** The VM configuration, so a load can rebuild the same QEMU command line. */
  resources: VmResources;
  /** How to rebuild guest RAM: the first layer is a full image, each next one a diff on top. */
  memory: MemoryLayer[];
  memSizeBytes: number;
  /**
   * NICs that ran with `vnet_hdr=off`; a restore must use the same (virtio-net's migrated
   * features depend on it). Absent in snapshots from before NICs kept vnet headers: all NICs.
   */
  plainNics?: string[];
  /**
   * The device-state stream also carries guest RAM: the VM ran on private (share=off) RAM, which
   * x-ignore-shared cannot skip. Such a snapshot loads into private RAM only.
   */
  stateHasRam?: boolean;
  /** Unspent one_time_burst per drive (bytes, ops); absent drives start with their configured burst. */
  driveBurstsLeft?: Record<string, BurstLeft>;
}

/** magic (8 bytes) + header length (4 bytes, big-endian) + header JSON + migration stream. */
export function encodeHeader(header: SnapshotHeader): Buffer {
  const body = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(12);
  prefix.write(SNAPSHOT_MAGIC, 0, 'ascii');
  prefix.writeUInt32BE(body.length, 8);
  return Buffer.concat([prefix, body]);
}

/** Reads the header and returns the byte offset where QEMU's device state begins. */
export function readHeader(path: string): { header: SnapshotHeader; stateOffset: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw qemuErrors.SNAPSHOT_FORMAT({ path, reason: (err as Error).message });
  }
  try {
    const prefix = Buffer.alloc(12);
    readSync(fd, prefix, 0, 12, 0);
    if (prefix.toString('ascii', 0, 8) !== SNAPSHOT_MAGIC) {
      throw qemuErrors.SNAPSHOT_FORMAT({ path, reason: 'not an fc-vmm snapshot (bad magic)' });
    }
    const len = prefix.readUInt32BE(8);
    const body = Buffer.alloc(len);
    readSync(fd, body, 0, len, 12);
    const header = JSON.parse(body.toString()) as SnapshotHeader;
    if (header.version !== SNAPSHOT_VERSION) {
      throw qemuErrors.SNAPSHOT_FORMAT({ path, reason: `unsupported version ${header.version}` });
    }
    return { header, stateOffset: 12 + len };
  } finally {
    closeSync(fd);
  }
}

/** POSIX shell quoting for paths inside QEMU's `exec:` migration URIs. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
