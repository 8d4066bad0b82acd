// /v1/vms/{id}/drives and /v1/vms/{id}/nics: recorded here, applied through the agent.
import type { FastifyInstance } from 'fastify';
import { idParams, items, responses } from '../schemas/common.schema.js';
import {
  createDriveBody,
  createNicBody,
  drive,
  nic,
  updateDriveBody,
  updateNicBody,
  vmDeviceParams,
} from '../schemas/device.schema.js';
import type { CreateDriveInput, UpdateDriveInput } from '../services/drive.service.js';
import type { CreateNicInput, UpdateNicInput } from '../services/nic.service.js';
import type { Services } from '../services/services.js';

const okApplied = {
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean' }, applied: { type: 'string', enum: ['live', 'next_start'] } },
};

type DriveParams = { Params: { id: string; drive_id: string } };
type NicParams = { Params: { id: string; nic_id: string } };

export function deviceRoutes(app: FastifyInstance, s: Services): void {
  const tags = ['drives'];
  const dp = vmDeviceParams('drive_id');
  app.get<{ Params: { id: string } }>(
    '/v1/vms/:id/drives',
    {
      schema: {
        tags,
        summary: 'List drives of a VM',
        params: idParams,
        response: responses(items(drive), 404),
      },
    },
    async (req) => ({ items: await s.drives.list(req.params.id) }),
  );
  app.post<{ Params: { id: string }; Body: CreateDriveInput }>(
    '/v1/vms/:id/drives',
    {
      schema: {
        tags,
        summary: 'Add a drive',
        params: idParams,
        body: createDriveBody,
        response: responses(drive, 404, 502),
      },
    },
    async (req) => s.drives.create(req.params.id, req.body),
  );
  app.get<DriveParams>(
    '/v1/vms/:id/drives/:drive_id',
    {
      schema: {
        tags,
        summary: 'Get a drive',
        params: dp,
        response: responses({ type: 'object', properties: { item: drive } }, 404),
      },
    },
    async (req) => ({ item: await s.drives.get(req.params.id, req.params.drive_id) }),
  );
  app.patch<DriveParams & { Body: UpdateDriveInput }>(
    '/v1/vms/:id/drives/:drive_id',
    {
      schema: {
        tags,
        summary: 'Update a drive',
        params: dp,
        body: updateDriveBody,
        response: responses(drive, 404, 502),
      },
    },
    async (req) => s.drives.update(req.params.id, req.params.drive_id, req.body),
  );
  app.delete<DriveParams>(
    '/v1/vms/:id/drives/:drive_id',
    { schema: { tags, summary: 'Remove a drive', params: dp, response: responses(okApplied, 404, 502) } },
    async (req) => s.drives.delete(req.params.id, req.params.drive_id),
  );

  const ntags = ['nics'];
  const np = vmDeviceParams('nic_id');
  app.get<{ Params: { id: string } }>(
    '/v1/vms/:id/nics',
    {
      schema: {
        tags: ntags,
        summary: 'List NICs of a VM',
        params: idParams,
        response: responses(items(nic), 404),
      },
    },
    async (req) => ({ items: await s.nics.list(req.params.id) }),
  );
  app.post<{ Params: { id: string }; Body: CreateNicInput }>(
    '/v1/vms/:id/nics',
    {
      schema: {
        tags: ntags,
        summary: 'Add a NIC',
        params: idParams,
        body: createNicBody,
        response: responses(nic, 404, 502),
      },
    },
    async (req) => s.nics.create(req.params.id, req.body),
  );
  app.get<NicParams>(
    '/v1/vms/:id/nics/:nic_id',
    {
      schema: {
        tags: ntags,
        summary: 'Get a NIC',
        params: np,
        response: responses({ type: 'object', properties: { item: nic } }, 404),
      },
    },
    async (req) => ({ item: await s.nics.get(req.params.id, req.params.nic_id) }),
  );
  app.patch<NicParams & { Body: UpdateNicInput }>(
    '/v1/vms/:id/nics/:nic_id',
    {
      schema: {
        tags: ntags,
        summary: 'Update NIC rate limits',
        params: np,
        body: updateNicBody,
        response: responses(nic, 404, 502),
      },
    },
    async (req) => s.nics.update(req.params.id, req.params.nic_id, req.body),
  );
  app.delete<NicParams>(
    '/v1/vms/:id/nics/:nic_id',
    {
      schema: { tags: ntags, summary: 'Remove a NIC', params: np, response: responses(okApplied, 404, 502) },
    },
    async (req) => s.nics.delete(req.params.id, req.params.nic_id),
  );
}
