// VM routes: create/get/delete, lifecycle actions, per-VM metrics and logs. One line per handler.

import type { AgentVmSpec } from '@nqvm/core';
import type { FastifyInstance } from 'fastify';
import type { AgentServices } from './agent-services.js';
import { readLastLines } from './capped-log.js';
import {
  emptyBody,
  itemResponse,
  logsQuery,
  okResponse,
  stopBody,
  vmIdParams,
  vmSpecSchema,
} from './schemas.js';
import type { StopOptions } from './vm.service.js';

type IdParams = { Params: { id: string } };
const tags = ['vms'];

export function registerVmRoutes(
  app: FastifyInstance,
  s: AgentServices,
  paths: { vm(id: string): { consoleLog: string; vmmLog: string } },
): void {
  app.put<IdParams & { Body: AgentVmSpec }>(
    '/v1/vms/:id',
    {
      schema: {
        tags,
        summary: 'Create a VM (idempotent for the same spec)',
        params: vmIdParams,
        body: vmSpecSchema,
        response: { 200: itemResponse },
      },
    },
    async (req) => ({ item: await s.vms.create(req.params.id, req.body) }),
  );
  app.get<IdParams>(
    '/v1/vms/:id',
    { schema: { tags, params: vmIdParams, response: { 200: itemResponse } } },
    async (req) => ({ item: await s.vms.get(req.params.id) }),
  );
  app.delete<IdParams>(
    '/v1/vms/:id',
    {
      schema: {
        tags,
        summary: 'Stop and remove everything of a VM',
        params: vmIdParams,
        response: { 200: okResponse },
      },
    },
    async (req) => {
      await s.vms.remove(req.params.id);
      return { ok: true };
    },
  );
  app.post<IdParams & { Body: StopOptions }>(
    '/v1/vms/:id/stop',
    { schema: { tags, params: vmIdParams, body: stopBody, response: { 200: itemResponse } } },
    async (req) => ({ item: await s.vms.stop(req.params.id, req.body ?? {}) }),
  );
  const actions = {
    start: s.vms.start,
    pause: s.vms.pause,
    resume: s.vms.resume,
    'ctrl-alt-del': s.vms.ctrlAltDel,
    'flush-metrics': s.vms.flushMetrics,
  } as const;
  for (const [name, run] of Object.entries(actions)) {
    app.post<IdParams>(
      `/v1/vms/:id/${name}`,
      { schema: { tags, params: vmIdParams, body: emptyBody, response: { 200: itemResponse } } },
      async (req) => ({ item: await run(req.params.id) }),
    );
  }
  app.get<IdParams>(
    '/v1/vms/:id/metrics',
    { schema: { tags, summary: 'CPU%, RSS and Firecracker counters of a VM', params: vmIdParams } },
    async (req) => ({ item: await s.vmMetrics.sample(await s.vms.load(req.params.id)) }),
  );
  app.get<IdParams & { Querystring: { lines: number; kind: 'console' | 'vmm' } }>(
    '/v1/vms/:id/logs',
    {
      schema: {
        tags,
        summary: "Tail of a VM's console or VMM log",
        params: vmIdParams,
        querystring: logsQuery,
      },
    },
    async (req) => {
      await s.vms.load(req.params.id);
      const files = paths.vm(req.params.id);
      const file = req.query.kind === 'vmm' ? files.vmmLog : files.consoleLog;
      return { lines: await readLastLines(file, req.query.lines) };
    },
  );
}
