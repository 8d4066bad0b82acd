// Size-capped append-only logs the VMM writes directly (console, metrics): copy-truncate rotation.
import { copyFile, open, stat, truncate } from 'node:fs/promises';

/**
 * The VMM keeps its O_APPEND descriptor, so the file cannot be renamed away; instead the
 * content moves to `<path>.1` (the previous generation) and the file is truncated in place,
 * like logrotate's copytruncate. Bytes written between the copy and the truncate are lost;
 * that window is microseconds and only at rotation. Returns true when it rotated.
 */
export async function capLog(path: string, maxBytes: number): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return false;
  }
  if (size <= maxBytes) return false;
  await copyFile(path, `${path}.1`);
  await truncate(path, 0);
  return true;
}

/** Up to `maxBytes` ending at `end` (default: the end of the file). */
async function readTail(path: string, maxBytes: number, end?: number): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const size = Math.min((await handle.stat()).size, end ?? Number.POSITIVE_INFINITY);
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    return buf;
  } finally {
    await handle.close();
  }
}

/** The last `maxBytes` of the log across the rotated generation and the live file (up to `end`). */
export async function readLogTail(path: string, maxBytes: number, end?: number): Promise<Buffer> {
  const live = await readTail(path, maxBytes, end);
  if (live.length >= maxBytes) return live;
  const older = await readTail(`${path}.1`, maxBytes - live.length);
  return Buffer.concat([older, live]);
}

/** The last `count` lines, for the logs route. */
export async function readLastLines(
  path: string,
  count: number,
  maxBytes = 4 * 1024 * 1024,
): Promise<string[]> {
  const text = (await readLogTail(path, maxBytes)).toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-count);
}
