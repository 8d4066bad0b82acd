// Drive and NIC routes of a VM; each answers where the change applied (`live` or `next_start`).

import type { AgentDrive, AgentDrivePatch, AgentNic, AgentNicPatch } from '@nqvm/core';
import type { FastifyInstance } from 'fastify';
import { agentErrors } from './agent-errors.js';
import type { AgentServices } from './agent-services.js';
import { drivePatchSchema, driveSchema, nicPatchSchema, nicSchema, vmIdParams } from './schemas.js';
import { OBJECT_ID_PATTERN } from './vm-paths.js';

const driveParams = {
  type: 'object',
  required: ['id', 'drive_id'],
  properties: { ...vmIdParams.properties, drive_id: { type: 'string', pattern: OBJECT_ID_PATTERN } },
} as const;
const nicParams = {
  type: 'object',
  required: ['id', 'iface_id'],
  properties: { ...vmIdParams.properties, iface_id: { type: 'string', pattern: OBJECT_ID_PATTERN } },
} as const;

type DriveReq = { Params: { id: string; drive_id: string } };
type NicReq = { Params: { id: string; iface_id: string } };

/** The id in the body, when given, must name the same object as the URL. */
function sameId(urlId: string, bodyId: string | undefined): void {
  if (bodyId !== undefined && bodyId !== urlId) {
    throw agentErrors.VALIDATION({ detail: `body id ${bodyId} does not match the URL's ${urlId}` });
  }
}

export function registerDeviceRoutes(app: FastifyInstance, s: AgentServices): void {
  const tags = ['devices'];
  app.put<DriveReq & { Body: AgentDrive }>(
    '/v1/vms/:id/drives/:drive_id',
    { schema: { tags, params: driveParams, body: driveSchema } },
    async (req) => {
      sameId(req.params.drive_id, req.body.drive_id);
      return s.devices.putDrive(req.params.id, req.body);
    },
  );
  app.patch<DriveReq & { Body: AgentDrivePatch & { drive_id?: string } }>(
    '/v1/vms/:id/drives/:drive_id',
    { schema: { tags, params: driveParams, body: drivePatchSchema } },
    async (req) => {
      const { drive_id, ...patch } = req.body;
      sameId(req.params.drive_id, drive_id);
      return s.devices.patchDrive(req.params.id, req.params.drive_id, patch);
    },
  );
  app.delete<DriveReq>('/v1/vms/:id/drives/:drive_id', { schema: { tags, params: driveParams } }, (req) =>
    s.devices.deleteDrive(req.params.id, req.params.drive_id),
  );
  app.put<NicReq & { Body: AgentNic }>(
    '/v1/vms/:id/nics/:iface_id',
    { schema: { tags, params: nicParams, body: nicSchema } },
    async (req) => {
      sameId(req.params.iface_id, req.body.iface_id);
      return s.devices.putNic(req.params.id, req.body);
    },
  );
  app.patch<NicReq & { Body: AgentNicPatch & { iface_id?: string } }>(
    '/v1/vms/:id/nics/:iface_id',
    { schema: { tags, params: nicParams, body: nicPatchSchema } },
    async (req) => {
      const { iface_id, ...patch } = req.body;
      sameId(req.params.iface_id, iface_id);
      return s.devices.patchNic(req.params.id, req.params.iface_id, patch);
    },
  );
  app.delete<NicReq>('/v1/vms/:id/nics/:iface_id', { schema: { tags, params: nicParams } }, (req) =>
    s.devices.deleteNic(req.params.id, req.params.iface_id),
  );
}
