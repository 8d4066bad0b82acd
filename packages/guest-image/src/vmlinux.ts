// Turns Debian's bzImage into the ELF vmlinux that QEMU boots through PVH.
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { imageErrors } from './errors.js';
import { runCommand } from './run-command.js';

/** The LZ4 legacy frame magic (0x184C2102, little-endian) that starts the cloud kernel's payload. */
const LZ4_LEGACY_MAGIC = Buffer.from([0x02, 0x21, 0x4c, 0x18]);
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

export interface CompressedPayload {
  readonly offset: number;
  readonly length: number;
  /** The kernel build appends the decompressed size (le32) after the compressed stream. */
  readonly uncompressedSize: number;
}

/**
 * Finds the compressed kernel inside a bzImage from its boot-protocol header (>= 2.08):
 * payload_offset/payload_length are relative to the protected-mode code after the setup sectors.
 */
export function locateCompressedPayload(bzImage: Buffer): CompressedPayload {
  if (bzImage.length < 0x250 || bzImage.toString('latin1', 0x202, 0x206) !== 'HdrS') {
    throw new Error('not a bzImage (no HdrS header)');
  }
  const protocol = bzImage.readUInt16LE(0x206);
  if (protocol < 0x208) throw new Error(`boot protocol ${protocol.toString(16)} has no payload fields`);
  const setupSectors = bzImage[0x1f1] || 4;
  const offset = (setupSectors + 1) * 512 + bzImage.readUInt32LE(0x248);
  const length = bzImage.readUInt32LE(0x24c);
  if (offset + length > bzImage.length || length < 8) throw new Error('payload lies outside the file');
  if (!bzImage.subarray(offset, offset + 4).equals(LZ4_LEGACY_MAGIC)) {
    throw new Error(
      `payload is not LZ4 legacy (starts ${bzImage.subarray(offset, offset + 4).toString('hex')})`,
    );
  }
  return { offset, length, uncompressedSize: bzImage.readUInt32LE(offset + length - 4) };
}

/** Writes the ELF vmlinux from `bzImagePath` to `outPath` and checks it is complete. */
export async function extractVmlinux(bzImagePath: string, outPath: string): Promise<void> {
  const bzImage = await readFile(bzImagePath);
  let payload: CompressedPayload;
  try {
    payload = locateCompressedPayload(bzImage);
  } catch (err) {
    throw imageErrors.IMAGE_KERNEL_INVALID({ path: bzImagePath, reason: (err as Error).message });
  }
  const lz4Path = `${outPath}.lz4`;
  await writeFile(lz4Path, bzImage.subarray(payload.offset, payload.offset + payload.length));
  try {
    // lz4 exits 1 on the size trailer ("trailing garbage") after a good stream; the size and
    // ELF checks below decide whether the output is whole.
    const result = await runCommand('lz4', ['-d', '-f', '-q', lz4Path, outPath], {
      step: 'decompress the kernel',
      allowFailure: true,
    });
    const size = (await stat(outPath).catch(() => undefined))?.size;
    if (size !== payload.uncompressedSize) {
      throw imageErrors.IMAGE_KERNEL_INVALID(
        {
          path: bzImagePath,
          reason: `lz4 produced ${size ?? 'no'} bytes, expected ${payload.uncompressedSize}`,
        },
        result.stderr,
      );
    }
    if (!(await readHead(outPath, 4)).equals(ELF_MAGIC)) {
      throw imageErrors.IMAGE_KERNEL_INVALID({
        path: bzImagePath,
        reason: 'the decompressed kernel is not ELF',
      });
    }
  } finally {
    await rm(lz4Path, { force: true });
  }
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    await file.read(buf, 0, bytes, 0);
    return buf;
  } finally {
    await file.close();
  }
}
