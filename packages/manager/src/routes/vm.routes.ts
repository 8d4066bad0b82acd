// /v1/vms: create, list, get, lifecycle actions, delete, metrics history.
import type { FastifyInstance } from 'fastify';
import { writeTrackerOf } from '../db/write-tracker.js';
import { mayNotSeePaths, redactPaths } from '../plugins/path-redaction.js';
import { createVmListRepository } from '../repositories/vm-list.repository.js';
import {
  emptyBody,
  idParams,
  idResponse,
  item,
  items,
  okResponse,
  responses,
} from '../schemas/common.schema.js';
import { createVmBody, listVmsQuery, metricSample, metricsQuery, vm } from '../schemas/vm.schema.js';
import type { Services } from '../services/services.js';
import type { CreateVmInput } from '../services/vm.service.js';
import { createVmListCache } from '../services/vm-list.cache.js';
import type { VmAction } from '../services/vm-states.js';

type Id = { Params: { id: string } };
const tags = ['vms'];

const ACTIONS: VmAction[] = ['start', 'stop', 'pause', 'resume', 'ctrl-alt-del'];

export function vmRoutes(app: FastifyInstance, s: Services): void {
  const writes = writeTrackerOf(app.manager.db);
  const listRows = createVmListRepository(app.manager.db);
  const listCache = createVmListCache(
    {
      listVersion: () => listRows.version(),
      listDelta: (since, needsOrder) => listRows.delta(since, needsOrder),
      writeGeneration: () => writes?.generation(),
    },
    redactPaths,
  );

  app.post<{ Body: CreateVmInput & { source_snapshot_id?: string } }>(
    '/v1/vms',
    {
      schema: {
        tags,
        summary: 'Create a VM',
        body: createVmBody,
        response: responses(idResponse, 404, 409, 502, 503),
      },
    },
    async (req) =>
      req.body.source_snapshot_id
        ? s.snapshots.instantiate(req.body.source_snapshot_id, { name: req.body.name })
        : { id: (await s.vms.create(req.body)).id },
  );

  app.get<{ Querystring: { limit?: number; cursor?: string } }>(
    '/v1/vms',
    {
      schema: {
        tags,
        summary: 'List VMs (all by default; pass limit for cursor pagination)',
        querystring: listVmsQuery,
        response: responses({
          type: 'object',
          properties: { items: { type: 'array', items: vm }, next_cursor: { type: ['string', 'null'] } },
        }),
      },
    },
    async (req, reply) => {
      if (req.query.limit === undefined && req.query.cursor === undefined) {
        // The spec's default, every VM: a ready body while nothing changed. A Buffer skips the
        // preSerialization hooks, so the path redaction for non-admins is applied by the cache itself.
        const body = await listCache.body(mayNotSeePaths(req));
        return reply.type('application/json; charset=utf-8').send(body);
      }
      const page = await s.vms.list(req.query);
      // Up to 1,000 VMs a page: V8's native JSON.stringify writes such arrays ~5× faster than the
      // schema's compiled serializer (toVm already gives the schema's shape; hooks still run first).
      reply.serializer(JSON.stringify);
      return page;
    },
  );

  app.get<Id>(
    '/v1/vms/:id',
    { schema: { tags, summary: 'Get a VM', params: idParams, response: responses(item(vm), 404) } },
    async (req) => ({ item: (await listCache.item(req.params.id)) ?? (await s.vms.get(req.params.id)) }),
  );

  for (const action of ACTIONS) {
    app.post<Id>(
      `/v1/vms/:id/${action}`,
      {
        schema: {
          tags,
          summary: `${action} a VM`,
          params: idParams,
          body: { ...emptyBody, nullable: true },
          response: responses(okResponse, 404, 502, 503),
        },
      },
      async (req) => {
        await s.vms.action(req.params.id, action);
        return { ok: true };
      },
    );
  }

  app.post<Id>(
    '/v1/vms/:id/flush-metrics',
    {
      schema: {
        tags,
        summary: 'Flush VMM metrics and record a sample',
        params: idParams,
        body: { ...emptyBody, nullable: true },
        response: responses(okResponse, 404, 502),
      },
    },
    async (req) => {
      await s.metrics.flush(req.params.id);
      return { ok: true };
    },
  );

  app.delete<Id>(
    '/v1/vms/:id',
    {
      schema: {
        tags,
        summary: 'Delete a VM (stops it first)',
        params: idParams,
        response: responses(okResponse, 404, 502),
      },
    },
    async (req) => {
      await s.vms.delete(req.params.id);
      return { ok: true };
    },
  );

  app.get<Id & { Querystring: { since?: string; limit?: number } }>(
    '/v1/vms/:id/metrics',
    {
      schema: {
        tags,
        summary: 'Metrics history of a VM',
        params: idParams,
        querystring: metricsQuery,
        response: responses(items(metricSample), 404),
      },
    },
    async (req) => ({ items: await s.metrics.history(req.params.id, req.query) }),
  );
}
