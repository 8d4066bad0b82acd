// Resolves an ImageRef to a local file: a raw path, or the sha256-named cache, filled from the manager.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type ImageRef, PathRejectedError, resolveInAnyRoot } from '@nqvm/core';
import { agentErrors } from './agent-errors.js';
import type { ManagerFetch } from './manager-trust.js';

export interface ImageCacheOptions {
  cacheDir: string;
  /** Where raw paths may point (realpath'ed, symlinks included). */
  imageRoots: readonly string[];
  managerUrl?: string;
  /** How to reach the manager (https with its pinned CA under agent TLS); global fetch by default. */
  fetch?: ManagerFetch;
  /** The credential to present to the manager (changes after registration). */
  credential: () => string | undefined;
}

export type ImageCache = ReturnType<typeof createImageCache>;

export function createImageCache(options: ImageCacheOptions) {
  // Two VMs created at once from the same missing image share one download.
  const inflight = new Map<string, Promise<string>>();

  async function isFile(path: string): Promise<boolean> {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  }

  async function download(ref: { image_id: string; sha256: string }, target: string): Promise<string> {
    const params = { image_id: ref.image_id, sha256: ref.sha256 };
    if (!options.managerUrl)
      throw agentErrors.IMAGE_UNAVAILABLE({ ...params, detail: 'no NQVM_MANAGER_URL' });
    const url = `${options.managerUrl}/v1/agent/images/${encodeURIComponent(ref.image_id)}/content`;
    const token = options.credential();
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(url, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    } catch (err) {
      throw agentErrors.IMAGE_UNAVAILABLE({ ...params, detail: (err as Error).message });
    }
    if (!res.ok || !res.body) {
      throw agentErrors.IMAGE_UNAVAILABLE({ ...params, detail: `manager answered ${res.status}` });
    }
    await mkdir(options.cacheDir, { recursive: true });
    const tmp = `${target}.${process.pid}.part`;
    const hash = createHash('sha256');
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    try {
      await pipeline(body, createWriteStream(tmp, { mode: 0o644 }));
    } catch (err) {
      await rm(tmp, { force: true });
      throw agentErrors.IMAGE_UNAVAILABLE({ ...params, detail: (err as Error).message });
    }
    const actual = hash.digest('hex');
    if (actual !== ref.sha256) {
      await rm(tmp, { force: true });
      throw agentErrors.IMAGE_CHECKSUM({ ...params, actual });
    }
    await rename(tmp, target);
    return target;
  }

  /** A raw path from the manager: the real file, confined to the image roots (issue 8). */
  async function confine(path: string): Promise<string> {
    try {
      return await resolveInAnyRoot(path, options.imageRoots);
    } catch (err) {
      if (!(err instanceof PathRejectedError)) throw err;
      if (err.reason === 'missing' || err.reason === 'not_file') throw agentErrors.IMAGE_MISSING({ path });
      throw agentErrors.PATH_REJECTED({ path, reason: err.reason, roots: options.imageRoots.join(':') });
    }
  }

  return {
    /** The local file for an image; throws a 4xx coded error when it cannot exist here. */
    async resolve(ref: ImageRef): Promise<string> {
      if ('path' in ref) return confine(ref.path);
      const target = join(options.cacheDir, ref.sha256.toLowerCase());
      if (await isFile(target)) return target;
      let pending = inflight.get(target);
      if (!pending) {
        pending = download(ref, target).finally(() => inflight.delete(target));
        inflight.set(target, pending);
      }
      return pending;
    },
  };
}
