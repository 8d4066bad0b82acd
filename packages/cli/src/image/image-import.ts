// Getting an image into the registry: register a host path, upload a local file, or import a URL.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { type Image, type ImageKind, ManagerApiError, type ManagerClient } from '@nqvm/client';
import { cliErrors } from '../api/cli-errors.js';
import { startProgress, startSpinner } from '../api/progress.js';
import { pollUntil } from '../api/wait.js';

export interface ImportRequest {
  source: string;
  kind: ImageKind;
  name: string;
  project?: string;
  timeoutMs: number;
}

/** Answers that mean "the manager can't use this path where it is": send the bytes instead. */
const UPLOAD_INSTEAD = new Set(['MVM_ERR_IMAGE_PATH_OUTSIDE_ROOT', 'MVM_ERR_IMAGE_FILE_MISSING']);

export async function importImage(
  api: ManagerClient,
  req: ImportRequest,
): Promise<{ image: Image; how: string }> {
  const meta = { kind: req.kind, name: req.name, ...(req.project ? { project: req.project } : {}) };
  if (/^https?:\/\//i.test(req.source)) {
    const { id } = await api.images.importFromUrl({ ...meta, url: req.source });
    return { image: await followImport(api, id, req), how: 'imported' };
  }
  const path = resolve(req.source);
  if (!existsSync(path)) {
    // It may still exist on the manager's host: let the manager say whether it does.
    const { id } = await api.images.register({ ...meta, host_path: path });
    return { image: await api.images.get(id), how: 'registered' };
  }
  if (!statSync(path).isFile()) throw cliErrors.FILE_NOT_FOUND({ path });
  const spinner = startSpinner(`registering ${path} (the manager hashes it)`);
  try {
    const { id } = await api.images.register({ ...meta, host_path: path });
    spinner.stop();
    return { image: await api.images.get(id), how: 'registered' };
  } catch (err) {
    spinner.stop();
    if (!(err instanceof ManagerApiError && err.code && UPLOAD_INSTEAD.has(err.code))) throw err;
  }
  return { image: await upload(api, path, meta), how: 'uploaded' };
}

async function upload(
  api: ManagerClient,
  path: string,
  meta: { kind: ImageKind; name: string; project?: string },
): Promise<Image> {
  const size = statSync(path).size;
  const bar = startProgress(`uploading ${meta.name}`);
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let done = 0;
  file.on('data', (chunk) => {
    done += chunk.length;
    bar.update(done, size);
  });
  try {
    const { id } = await api.images.upload(meta, Readable.toWeb(file) as ReadableStream<Uint8Array>);
    bar.stop();
    return await api.images.get(id);
  } catch (err) {
    bar.stop();
    file.destroy();
    throw err;
  }
}

/** Follows a URL import through the image record's status and progress. */
async function followImport(api: ManagerClient, id: string, req: ImportRequest): Promise<Image> {
  const bar = startProgress(`importing ${req.name}`);
  try {
    return await pollUntil(
      `the import of ${req.name}`,
      async () => {
        const image = await api.images.get(id);
        bar.update(image.progress.bytes_done, image.progress.bytes_total);
        if (image.status === 'failed')
          throw cliErrors.IMPORT_FAILED({ name: req.name, reason: image.error ?? 'unknown error' });
        return image.status === 'ready' ? image : undefined;
      },
      req.timeoutMs,
      250,
    );
  } finally {
    bar.stop();
  }
}
