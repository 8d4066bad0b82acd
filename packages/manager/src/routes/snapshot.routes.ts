// Snapshots: per VM, by id, instantiate into a new VM, delete (files removed by the agent).
import type { FastifyInstance } from 'fastify';
import { idParams, item, items, okResponse, responses } from '../schemas/common.schema.js';
import {
  createSnapshotBody,
  idNameResponse,
  instantiateSnapshotBody,
  snapshot,
} from '../schemas/resource.schema.js';
import type { Services } from '../services/services.js';
import type { CreateSnapshotInput } from '../services/snapshot.service.js';

type Id = { Params: { id: string } };
const tags = ['snapshots'];

export function snapshotRoutes(app: FastifyInstance, s: Services): void {
  app.get<Id>(
    '/v1/vms/:id/snapshots',
    {
      schema: {
        tags,
        summary: 'List snapshots of a VM',
        params: idParams,
        response: responses(items(snapshot), 404),
      },
    },
    async (req) => ({ items: await s.snapshots.listForVm(req.params.id) }),
  );
  app.post<Id & { Body: CreateSnapshotInput }>(
    '/v1/vms/:id/snapshots',
    {
      schema: {
        tags,
        summary: 'Snapshot a running or paused VM',
        params: idParams,
        body: createSnapshotBody,
        response: responses(idNameResponse, 404, 409, 502),
      },
    },
    async (req) => s.snapshots.create(req.params.id, req.body ?? {}),
  );
  app.get<Id>(
    '/v1/snapshots/:id',
    {
      schema: { tags, summary: 'Get a snapshot', params: idParams, response: responses(item(snapshot), 404) },
    },
    async (req) => ({ item: await s.snapshots.get(req.params.id) }),
  );
  app.post<Id & { Body: { name?: string } }>(
    '/v1/snapshots/:id/instantiate',
    {
      schema: {
        tags,
        summary: 'Create a new VM from a snapshot (new MAC, address and hostname)',
        params: idParams,
        body: instantiateSnapshotBody,
        response: responses(idNameResponse, 404, 409, 502, 503),
      },
    },
    async (req) => s.snapshots.instantiate(req.params.id, req.body ?? {}),
  );
  app.delete<Id>(
    '/v1/snapshots/:id',
    {
      schema: {
        tags,
        summary: 'Delete a snapshot and its files',
        params: idParams,
        response: responses(okResponse, 404, 409, 502),
      },
    },
    async (req) => {
      await s.snapshots.delete(req.params.id);
      return { ok: true };
    },
  );
}
