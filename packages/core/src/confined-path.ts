// One way to turn a path from a request into a file inside a root: checked, realpath'ed, confined, opened safely.
import { constants } from 'node:fs';
import { type FileHandle, open, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Why a path was refused; each package maps these onto its own error codes (all 4xx). */
export type PathRejection =
  | 'invalid' // not a string, empty, a NUL byte, control characters
  | 'too_long' // longer than PATH_MAX
  | 'encoded' // URL-encoded dots or separators (%2e, %2f, %5c): never decoded twice, never a real name
  | 'relative' // not absolute
  | 'dot_segment' // a `.` or `..` segment: refused outright, not normalised away
  | 'outside' // outside the root, lexically or once symlinks are resolved
  | 'missing' // does not exist (or a component is not a directory)
  | 'not_file'; // exists but is not a regular file

export class PathRejectedError extends Error {
  constructor(
    readonly reason: PathRejection,
    readonly path: string,
    readonly root: string,
  ) {
    super(`path refused (${reason}): '${path}' is not a file under '${root}'`);
    this.name = 'PathRejectedError';
  }
}

/** Linux's PATH_MAX; longer paths cannot be opened anyway. */
export const PATH_MAX = 4096;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;
const ENCODED = /%(2e|2f|5c|00)/i;

/** `root` itself or a path below it (both already absolute and normalised). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Lexical checks only (no file system): what a manager can say about a path that lives on another
 * host. Returns the path unchanged, or throws PathRejectedError.
 */
export function checkPathSyntax(path: unknown, root: string): string {
  if (typeof path !== 'string' || path === '' || CONTROL.test(path))
    throw new PathRejectedError('invalid', String(path), root);
  if (path.length > PATH_MAX) throw new PathRejectedError('too_long', `${path.slice(0, 64)}...`, root);
  if (ENCODED.test(path)) throw new PathRejectedError('encoded', path, root);
  if (!isAbsolute(path)) throw new PathRejectedError('relative', path, root);
  if (path.split('/').some((seg) => seg === '..' || seg === '.'))
    throw new PathRejectedError('dot_segment', path, root);
  if (!isInside(resolve(path), resolve(root))) throw new PathRejectedError('outside', path, root);
  return path;
}

/**
 * The real path of an existing regular file under `root` (which may itself be a symlink). Symlinks
 * inside are followed only as far as they stay inside: the real target must be under the real root.
 */
export async function resolveConfined(path: unknown, root: string): Promise<string> {
  const checked = checkPathSyntax(path, root);
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw new PathRejectedError('outside', checked, root);
  }
  let real: string;
  try {
    real = await realpath(checked);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A dangling or looping symlink, or a component that is a file: as good as missing.
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP')
      throw new PathRejectedError('missing', checked, root);
    if (code === 'ENAMETOOLONG') throw new PathRejectedError('too_long', checked, root);
    throw err;
  }
  if (!isInside(real, realRoot)) throw new PathRejectedError('outside', checked, root);
  if (!(await stat(real)).isFile()) throw new PathRejectedError('not_file', checked, root);
  return real;
}

/** The first of several roots that holds the file (e.g. an agent's image roots). */
export async function resolveInAnyRoot(path: unknown, roots: readonly string[]): Promise<string> {
  let last: PathRejectedError | undefined;
  for (const root of roots) {
    try {
      return await resolveConfined(path, root);
    } catch (err) {
      if (!(err instanceof PathRejectedError)) throw err;
      // 'missing' under one root says more than 'outside' of another.
      if (!last || err.reason !== 'outside') last = err;
    }
  }
  throw last ?? new PathRejectedError('outside', String(path), roots.join(':'));
}

/**
 * Opens a file resolved by resolveConfined for reading, closing the gap between check and use: the
 * last component must not be a symlink (O_NOFOLLOW), and what was really opened (the descriptor's
 * /proc link) must still be a regular file under the root — a directory swapped for a symlink after
 * the check is caught here.
 */
export async function openConfined(real: string, root: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new PathRejectedError('outside', real, root);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PathRejectedError('missing', real, root);
    throw err;
  }
  try {
    const opened = await readlink(`/proc/self/fd/${handle.fd}`);
    if (!isInside(opened, await realpath(root))) throw new PathRejectedError('outside', real, root);
    if (!(await handle.stat()).isFile()) throw new PathRejectedError('not_file', real, root);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}
