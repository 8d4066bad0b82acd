// /v1/images: list, get, register a host file, upload, import from a URL, empty volumes, delete.
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ImageFilter } from '../repositories/image.repository.js';
import { idParams, idResponse, item, items, okResponse, responses } from '../schemas/common.schema.js';
import {
  createVolumeBody,
  image,
  importImageBody,
  listImagesQuery,
  registerImageBody,
  uploadImageQuery,
} from '../schemas/resource.schema.js';
import type { ImportImageInput, RegisterImageInput } from '../services/image.service.js';
import type { Services } from '../services/services.js';

type Id = { Params: { id: string } };
const tags = ['images'];

export async function imageRoutes(app: FastifyInstance, s: Services): Promise<void> {
  // Uploads stream straight to disk: hand the raw request stream to the service, unbuffered.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.get<{ Querystring: ImageFilter }>(
    '/v1/images',
    {
      schema: {
        tags,
        summary: 'List images',
        querystring: listImagesQuery,
        response: responses(items(image)),
      },
    },
    async (req) => ({ items: await s.images.list(req.query) }),
  );
  app.get<Id>(
    '/v1/images/:id',
    { schema: { tags, summary: 'Get an image', params: idParams, response: responses(item(image), 404) } },
    async (req) => ({ item: await s.images.get(req.params.id) }),
  );
  app.post<{ Body: RegisterImageInput }>(
    '/v1/images',
    {
      schema: {
        tags,
        summary: 'Register a file under MANAGER_IMAGE_ROOT (size and sha256 computed)',
        body: registerImageBody,
        response: responses(idResponse, 409),
      },
    },
    async (req) => s.images.register(req.body),
  );
  app.post<{ Querystring: { kind: string; name: string; project?: string; sha256?: string } }>(
    '/v1/images/upload',
    {
      schema: {
        tags,
        summary: 'Upload an image as application/octet-stream (streamed, hashed, size-limited)',
        querystring: uploadImageQuery,
        response: responses(idResponse, 409, 413, 415),
      },
    },
    async (req) => {
      const length = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
      return s.images.upload(req.query, req.body as Readable, length);
    },
  );
  app.post<{ Body: ImportImageInput }>(
    '/v1/images/import',
    {
      schema: {
        tags,
        summary: 'Import from an http(s) URL in the background; watch status and progress on the image',
        body: importImageBody,
        response: responses(idResponse, 409),
      },
    },
    async (req) => s.images.importFromUrl(req.body),
  );
  app.post<{ Body: { name: string; size_bytes: number; project?: string } }>(
    '/v1/images/volumes',
    {
      schema: {
        tags,
        summary: 'Create an empty data volume',
        body: createVolumeBody,
        response: responses(idResponse, 409),
      },
    },
    async (req) => s.images.createVolume(req.body),
  );
  app.delete<Id>(
    '/v1/images/:id',
    {
      schema: {
        tags,
        summary: 'Remove an image from the registry (the file stays on disk)',
        params: idParams,
        response: responses(okResponse, 404, 409),
      },
    },
    async (req) => {
      await s.images.delete(req.params.id);
      return { ok: true };
    },
  );
}
