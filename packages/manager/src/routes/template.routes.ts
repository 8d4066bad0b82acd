// /v1/templates: CRUD and instantiate.
import type { FastifyInstance } from 'fastify';
import type { TemplateSpecJson } from '../db/schema.js';
import { idParams, idResponse, item, items, okResponse, responses } from '../schemas/common.schema.js';
import {
  createTemplateBody,
  instantiateTemplateBody,
  template,
  updateTemplateBody,
} from '../schemas/resource.schema.js';
import type { Services } from '../services/services.js';

type Id = { Params: { id: string } };
const tags = ['templates'];

export function templateRoutes(app: FastifyInstance, s: Services): void {
  app.get(
    '/v1/templates',
    { schema: { tags, summary: 'List templates', response: responses(items(template)) } },
    async () => ({
      items: await s.templates.list(),
    }),
  );
  app.post<{ Body: { name: string; spec: TemplateSpecJson } }>(
    '/v1/templates',
    {
      schema: {
        tags,
        summary: 'Create a template',
        body: createTemplateBody,
        response: responses(idResponse, 404, 409),
      },
    },
    async (req) => s.templates.create(req.body),
  );
  app.get<Id>(
    '/v1/templates/:id',
    {
      schema: { tags, summary: 'Get a template', params: idParams, response: responses(item(template), 404) },
    },
    async (req) => ({ item: await s.templates.get(req.params.id) }),
  );
  app.patch<Id & { Body: { name?: string; spec?: Partial<TemplateSpecJson> } }>(
    '/v1/templates/:id',
    {
      schema: {
        tags,
        summary: 'Update a template',
        params: idParams,
        body: updateTemplateBody,
        response: responses(item(template), 404),
      },
    },
    async (req) => ({ item: await s.templates.update(req.params.id, req.body) }),
  );
  app.delete<Id>(
    '/v1/templates/:id',
    {
      schema: { tags, summary: 'Delete a template', params: idParams, response: responses(okResponse, 404) },
    },
    async (req) => {
      await s.templates.delete(req.params.id);
      return { ok: true };
    },
  );
  app.post<Id & { Body: { name: string } }>(
    '/v1/templates/:id/instantiate',
    {
      schema: {
        tags,
        summary: 'Create a VM from a template',
        params: idParams,
        body: instantiateTemplateBody,
        response: responses(idResponse, 404, 409, 502, 503),
      },
    },
    async (req) => s.templates.instantiate(req.params.id, req.body),
  );
}
