// Snapshot routes: create (with disk copies), delete, and restore as a new VM.
import type { AgentRestoreRequest, AgentSnapshotRequest } from '@nqvm/core';
import type { FastifyInstance } from 'fastify';
import type { AgentServices } from './agent-services.js';
import { itemResponse, okResponse, restoreBody, snapshotBody, vmIdParams } from './schemas.js';
import { OBJECT_ID_PATTERN } from './vm-paths.js';

const snapshotParams = {
  type: 'object',
  required: ['id', 'snapshot_id'],
  properties: { ...vmIdParams.properties, snapshot_id: { type: 'string', pattern: OBJECT_ID_PATTERN } },
} as const;

export function registerSnapshotRoutes(app: FastifyInstance, s: AgentServices): void {
  const tags = ['snapshots'];
  app.post<{ Params: { id: string }; Body: AgentSnapshotRequest }>(
    '/v1/vms/:id/snapshots',
    {
      schema: {
        tags,
        summary: 'Pause, snapshot memory+state, copy disks, resume',
        params: vmIdParams,
        body: snapshotBody,
      },
    },
    (req) => s.snapshots.create(req.params.id, req.body),
  );
  app.delete<{ Params: { id: string; snapshot_id: string } }>(
    '/v1/vms/:id/snapshots/:snapshot_id',
    { schema: { tags, params: snapshotParams, response: { 200: okResponse } } },
    (req) => s.snapshots.remove(req.params.id, req.params.snapshot_id),
  );
  app.post<{ Params: { id: string }; Body: AgentRestoreRequest }>(
    '/v1/vms/:id/restore',
    {
      schema: {
        tags,
        summary: 'Create VM {id} from a snapshot of another VM, in a fresh VMM',
        params: vmIdParams,
        body: restoreBody,
        response: { 200: itemResponse },
      },
    },
    (req) => s.snapshots.restore(req.params.id, req.body),
  );
}
