// Drives of a VM: recorded here, applied through the agent live or at the next start.
import { randomUUID } from 'node:crypto';
import type { Applied } from '@nqvm/core';
import { isUniqueViolation } from '../db/database.js';
import type { DriveRow, RateLimiterJson, VmRow } from '../db/schema.js';
import { errors } from '../errors.js';
import { type ServiceContext, viaAgent } from './context.js';
import { checkRawPath } from './host-paths.js';
import { toDrive } from './mappers.js';
import type { VmService } from './vm.service.js';
import { driveToAgent } from './vm-spec.js';

export interface CreateDriveInput {
  drive_id: string;
  image_id?: string;
  path_on_host?: string;
  is_root_device?: boolean;
  is_read_only?: boolean;
  size_bytes?: number;
  cache_type?: string;
  io_engine?: string;
  rate_limiter?: RateLimiterJson | null;
}

export interface UpdateDriveInput {
  path_on_host?: string;
  rate_limiter?: RateLimiterJson | null;
}

export function createDriveService(ctx: ServiceContext, vms: VmService) {
  const { repos } = ctx;

  async function mustFind(vm: VmRow, key: string): Promise<DriveRow> {
    const drive = await repos.drives.find(vm.id, key);
    if (!drive) throw errors.DRIVE_NOT_FOUND({}, `drive '${key}' is not attached to VM '${vm.name}'`);
    return drive;
  }

  async function source(input: CreateDriveInput) {
    if (input.image_id) {
      const image = await repos.images.get(input.image_id);
      if (!image) throw errors.IMAGE_NOT_FOUND({}, `Image with ID '${input.image_id}' does not exist`);
      if (image.status !== 'ready') throw errors.IMAGE_NOT_READY({ id: image.id, status: image.status });
      // No host path: the registry file is the manager's; the agent copies the image by id.
      return { image_id: image.id, path_on_host: null, size_bytes: Number(image.size) };
    }
    if (input.path_on_host) {
      // The shape first (a NUL byte would even fail the lookup); the root once it is a raw path.
      await checkRawPath(input.path_on_host, '/');
      const registered = await repos.images.findByPath(input.path_on_host);
      if (registered) {
        return {
          image_id: registered.id,
          path_on_host: null,
          size_bytes: Number(registered.size),
        };
      }
      if (!ctx.config.allowImagePaths)
        throw errors.IMAGE_PATHS_DISABLED({}, `path_on_host '${input.path_on_host}'`);
      // A hostile raw path never reaches a row or an agent.
      const path = await checkRawPath(input.path_on_host, ctx.config.imageRoot);
      return { image_id: null, path_on_host: path, size_bytes: input.size_bytes ?? null };
    }
    if (input.size_bytes) return { image_id: null, path_on_host: null, size_bytes: input.size_bytes };
    throw errors.DRIVE_SOURCE_REQUIRED();
  }

  /** The VM must not be mid-transition: the agent would race the change. */
  function ensureSettled(vm: VmRow, action: string) {
    if (!['stopped', 'running', 'paused', 'error'].includes(vm.state)) {
      throw errors.VM_TRANSITIONING({}, `VM state is '${vm.state}', cannot ${action} a drive now`);
    }
  }

  return {
    async list(vmId: string) {
      await vms.mustGet(vmId);
      return (await repos.drives.listByVm(vmId)).map(toDrive);
    },

    async get(vmId: string, key: string) {
      return toDrive(await mustFind(await vms.mustGet(vmId), key));
    },

    async create(vmId: string, input: CreateDriveInput) {
      const vm = await vms.mustGet(vmId);
      ensureSettled(vm, 'add');
      if (await repos.drives.find(vmId, input.drive_id))
        throw errors.DRIVE_EXISTS({ drive_id: input.drive_id });
      if (input.is_root_device)
        throw errors.DRIVE_EXISTS({ drive_id: 'rootfs' }, 'a VM has exactly one root device');
      let row: DriveRow;
      try {
        row = await repos.drives.insert({
          id: randomUUID(),
          vm_id: vmId,
          drive_id: input.drive_id,
          ...(await source(input)),
          is_root_device: false,
          is_read_only: input.is_read_only ?? false,
          cache_type: input.cache_type ?? 'Unsafe',
          io_engine: input.io_engine ?? 'Sync',
          rate_limiter: input.rate_limiter ? JSON.stringify(input.rate_limiter) : null,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw errors.DRIVE_EXISTS({ drive_id: input.drive_id });
        throw err;
      }
      try {
        const agent = await ctx.agents.forHost(vm.host_id);
        const spec = await driveToAgent(repos, row);
        const applied = await viaAgent(() => agent.putDrive(vmId, spec));
        return { ...toDrive(row), applied };
      } catch (err) {
        await repos.drives.delete(row.id);
        throw err;
      }
    },

    async update(vmId: string, key: string, input: UpdateDriveInput) {
      const vm = await vms.mustGet(vmId);
      ensureSettled(vm, 'update');
      const drive = await mustFind(vm, key);
      const patch: Record<string, unknown> = {};
      if (input.rate_limiter !== undefined) patch.rate_limiter = input.rate_limiter;
      if (input.path_on_host !== undefined) {
        const src = await source({ drive_id: drive.drive_id, path_on_host: input.path_on_host });
        Object.assign(patch, src);
      }
      const agent = await ctx.agents.forHost(vm.host_id);
      const applied: Applied = await viaAgent(() => agent.patchDrive(vmId, drive.drive_id, patch));
      const row = await repos.drives.update(drive.id, {
        ...patch,
        ...(patch.rate_limiter !== undefined ? { rate_limiter: JSON.stringify(patch.rate_limiter) } : {}),
      });
      return { ...toDrive(row), applied };
    },

    async delete(vmId: string, key: string): Promise<{ ok: true; applied: Applied }> {
      const vm = await vms.mustGet(vmId);
      const drive = await mustFind(vm, key);
      if (drive.is_root_device) throw errors.DRIVE_ROOT({}, `drive '${drive.drive_id}' is the root device`);
      ensureSettled(vm, 'remove');
      const agent = await ctx.agents.forHost(vm.host_id);
      const applied = await viaAgent(() => agent.deleteDrive(vmId, drive.drive_id));
      await repos.drives.delete(drive.id);
      return { ok: true, applied };
    },
  };
}

export type DriveService = ReturnType<typeof createDriveService>;
