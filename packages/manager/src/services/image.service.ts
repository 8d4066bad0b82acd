// The image registry: register host files, stream uploads and URL imports in, empty volumes, delete.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isForeignKeyViolation, isUniqueViolation } from '../db/database.js';
import type { ImageRow, NewImage } from '../db/schema.js';
import { errors } from '../errors.js';
import { SizeLimitError } from '../repositories/file.repository.js';
import type { ImageFilter } from '../repositories/image.repository.js';
import type { ServiceContext } from './context.js';
import { confinedFile, hashConfinedFile } from './host-paths.js';
import { toImage } from './mappers.js';

export interface RegisterImageInput {
  kind: string;
  name: string;
  host_path: string;
  sha256?: string;
  size?: number;
  project?: string;
}

export interface ImportImageInput {
  kind: string;
  name: string;
  url: string;
  sha256?: string;
  project?: string;
}

/** Record the import's progress at most this often, so a fast download doesn't flood the database. */
const PROGRESS_STEP = 4 * 1024 * 1024;

export function createImageService(ctx: ServiceContext) {
  const { repos, config } = ctx;
  const storeDir = join(config.dataDir, 'images', 'store');
  const imports = new Map<string, Promise<void>>();

  async function insert(image: NewImage): Promise<ImageRow> {
    try {
      return await repos.images.insert(image);
    } catch (err) {
      if (isUniqueViolation(err)) throw errors.IMAGE_NAME_EXISTS({ kind: image.kind, name: image.name });
      throw err;
    }
  }

  async function ensureNameFree(kind: string, project: string | undefined, name: string) {
    if (await repos.images.findByName(kind, project ?? null, name))
      throw errors.IMAGE_NAME_EXISTS({ kind, name });
  }

  async function runImport(row: ImageRow, input: ImportImageInput): Promise<void> {
    let recorded = 0;
    try {
      const response = await fetch(input.url, { redirect: 'follow' });
      if (!response.ok || !response.body) throw new Error(`GET ${input.url}: HTTP ${response.status}`);
      const total = Number(response.headers.get('content-length') ?? 0);
      if (total > config.maxImageBytes) throw new SizeLimitError(config.maxImageBytes);
      if (total) await repos.images.update(row.id, { size: total });
      const facts = await repos.files.writeStream(
        response.body as unknown as AsyncIterable<Uint8Array>,
        row.host_path,
        config.maxImageBytes,
        (bytes) => {
          if (bytes - recorded >= PROGRESS_STEP) {
            recorded = bytes;
            void repos.images.update(row.id, { bytes_done: bytes });
          }
        },
      );
      if (input.sha256 && input.sha256.toLowerCase() !== facts.sha256) {
        throw new Error(`sha256 mismatch: expected ${input.sha256}, got ${facts.sha256}`);
      }
      await repos.images.update(row.id, {
        status: 'ready',
        sha256: facts.sha256,
        size: facts.size,
        bytes_done: facts.size,
      });
      await ctx.bus.publish({
        kind: 'image.ready',
        resource_type: 'image',
        resource_id: row.id,
        data: { name: row.name },
      });
    } catch (err) {
      const message =
        err instanceof SizeLimitError ? `larger than ${err.limit} bytes` : (err as Error).message;
      ctx.log.warn({ image: row.id, err: message }, 'image import failed');
      await repos.images.update(row.id, { status: 'failed', error: message });
      await ctx.bus.publish({
        kind: 'image.failed',
        resource_type: 'image',
        resource_id: row.id,
        data: { error: message },
      });
    }
  }

  return {
    list: async (filter: ImageFilter) => (await repos.images.list(filter)).map(toImage),

    async mustGet(id: string): Promise<ImageRow> {
      const image = await repos.images.get(id);
      if (!image) throw errors.IMAGE_NOT_FOUND({}, `Image with ID '${id}' does not exist`);
      return image;
    },

    async get(id: string) {
      return toImage(await this.mustGet(id));
    },

    /** A file already on the manager host; it must resolve under MANAGER_IMAGE_ROOT. */
    async register(input: RegisterImageInput) {
      // realpath under the root (symlinks included), then hashed through a descriptor re-checked after
      // open, so a link swapped in between cannot make us record a file from elsewhere.
      const real = await confinedFile(input.host_path, config.imageRoot);
      await ensureNameFree(input.kind, input.project, input.name);
      const facts = await hashConfinedFile(real, config.imageRoot);
      if (
        (input.sha256 && input.sha256.toLowerCase() !== facts.sha256) ||
        (input.size !== undefined && input.size !== facts.size)
      ) {
        throw errors.IMAGE_CHECKSUM_MISMATCH({}, `file has sha256 ${facts.sha256} and size ${facts.size}`);
      }
      const row = await insert({
        id: randomUUID(),
        kind: input.kind,
        name: input.name,
        project: input.project ?? null,
        host_path: real,
        sha256: facts.sha256,
        size: facts.size,
        bytes_done: facts.size,
        origin: 'register',
        status: 'ready',
      });
      return { id: row.id };
    },

    /** A request body streamed to the store while hashing, refused past the size limit. */
    async upload(
      meta: { kind: string; name: string; project?: string; sha256?: string },
      body: Readable,
      length?: number,
    ) {
      if (length !== undefined && length > config.maxImageBytes) {
        body.resume();
        throw errors.IMAGE_TOO_LARGE({ limit: config.maxImageBytes });
      }
      await ensureNameFree(meta.kind, meta.project, meta.name);
      const id = randomUUID();
      const path = join(storeDir, `${id}.img`);
      let facts: Awaited<ReturnType<typeof repos.files.writeStream>>;
      try {
        facts = await repos.files.writeStream(body, path, config.maxImageBytes);
      } catch (err) {
        if (err instanceof SizeLimitError) throw errors.IMAGE_TOO_LARGE({ limit: config.maxImageBytes });
        throw err;
      }
      if (meta.sha256 && meta.sha256.toLowerCase() !== facts.sha256) {
        throw errors.IMAGE_CHECKSUM_MISMATCH({}, `upload has sha256 ${facts.sha256}`);
      }
      const row = await insert({
        id,
        kind: meta.kind,
        name: meta.name,
        project: meta.project ?? null,
        host_path: path,
        sha256: facts.sha256,
        size: facts.size,
        bytes_done: facts.size,
        origin: 'upload',
        status: 'ready',
      });
      return { id: row.id };
    },

    /** Starts a download in the background; progress shows on the image record. */
    async importFromUrl(input: ImportImageInput) {
      await ensureNameFree(input.kind, input.project, input.name);
      const id = randomUUID();
      const row = await insert({
        id,
        kind: input.kind,
        name: input.name,
        project: input.project ?? null,
        host_path: join(storeDir, `${id}.img`),
        sha256: null,
        size: 0,
        bytes_done: 0,
        origin: 'import',
        status: 'importing',
        source_url: input.url,
      });
      const job = runImport(row, input).finally(() => imports.delete(id));
      imports.set(id, job);
      return { id };
    },

    /** Resolves when a running import has finished (for tests and shutdown). */
    async waitForImport(id: string): Promise<void> {
      await imports.get(id);
    },

    async waitForAllImports(): Promise<void> {
      await Promise.all(imports.values());
    },

    async createVolume(input: { name: string; size_bytes: number; project?: string }) {
      await ensureNameFree('data', input.project, input.name);
      const id = randomUUID();
      const facts = await repos.files.createSparse(join(storeDir, `${id}.img`), input.size_bytes);
      const row = await insert({
        id,
        kind: 'data',
        name: input.name,
        project: input.project ?? null,
        host_path: facts.path,
        sha256: facts.sha256,
        size: facts.size,
        bytes_done: facts.size,
        origin: 'volume',
        status: 'ready',
      });
      return { id: row.id };
    },

    /** Only the registry entry goes; the file stays on disk (spec). */
    async delete(id: string) {
      await this.mustGet(id);
      const users = await repos.images.usedBy(id);
      if (users.length) throw errors.IMAGE_IN_USE({}, `used by ${users.join(', ')}`);
      try {
        await repos.images.delete(id);
      } catch (err) {
        if (isForeignKeyViolation(err)) throw errors.IMAGE_IN_USE({}, 'a VM started using it just now');
        throw err;
      }
    },

    /** The bytes an agent downloads into its cache. */
    async content(id: string): Promise<{ image: ImageRow; stream: Readable }> {
      const image = await this.mustGet(id);
      if (image.status !== 'ready') throw errors.IMAGE_NOT_READY({ id, status: image.status });
      if ((await repos.files.size(image.host_path)) === undefined) {
        throw errors.IMAGE_NOT_FOUND({}, `file '${image.host_path}' is missing on the manager host`);
      }
      return { image, stream: repos.files.openRead(image.host_path) };
    },
  };
}

export type ImageService = ReturnType<typeof createImageService>;
