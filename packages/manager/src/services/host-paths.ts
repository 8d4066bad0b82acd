// Paths from requests, confined with @nqvm/core's helper and refused in the manager's own error codes.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import {
  type CodedError,
  checkPathSyntax,
  openConfined,
  PathRejectedError,
  resolveConfined,
} from '@nqvm/core';
import { errors } from '../errors.js';

function toCoded(err: PathRejectedError, given: string, root: string): CodedError {
  const detail = `'${given.slice(0, 256)}': ${err.reason}`;
  switch (err.reason) {
    case 'outside':
      return errors.IMAGE_PATH_OUTSIDE_ROOT({ root }, detail);
    case 'missing':
    case 'not_file':
      return errors.IMAGE_FILE_MISSING({}, `${detail} (does not exist or is not a regular file)`);
    default:
      return errors.PATH_INVALID({ reason: err.reason.replace('_', ' '), root }, detail);
  }
}

async function mapped<T>(given: unknown, root: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PathRejectedError) throw toCoded(err, String(given), root);
    throw err;
  }
}

/** A file on the manager host (image registration): its real path under MANAGER_IMAGE_ROOT. */
export const confinedFile = (path: unknown, root: string): Promise<string> =>
  mapped(path, root, () => resolveConfined(path, root));

/** Opens a file confinedFile returned, refusing it if it was swapped for a link out since. */
export const openConfinedFile = (real: string, root: string): Promise<FileHandle> =>
  mapped(real, root, () => openConfined(real, root));

/**
 * A raw kernel/rootfs/drive path (MANAGER_ALLOW_IMAGE_PATHS=1). It names a file on the agent's host,
 * which the manager cannot resolve: it checks the shape and the root here, the agent resolves it
 * with realpath under its own NQVM_IMAGE_ROOT.
 */
export const checkRawPath = (path: string, root: string): Promise<string> =>
  mapped(path, root, () => checkPathSyntax(path, root));

/** Size and sha256 of a confined file, read through the descriptor openConfinedFile checked. */
export async function hashConfinedFile(
  real: string,
  root: string,
): Promise<{ size: number; sha256: string }> {
  const handle = await openConfinedFile(real, root);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest('hex') };
}
