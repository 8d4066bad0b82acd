// Drives and NICs of an existing VM: live through the VMM's PATCH where it allows, else at next start.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentDrive, AgentDrivePatch, AgentNic, AgentNicPatch, Applied } from '@nqvm/core';
import { FirecrackerApiError, type FirecrackerClient } from '@nqvm/fc-api';
import type { AgentContext } from './agent-context.js';
import { agentErrors } from './agent-errors.js';
import type { VmService } from './vm.service.js';
import { allocateNic, checkDriveSpec, materializeDrive, resolveDriveImages } from './vm-files.js';
import type { VmRecord } from './vm-types.js';
import { toFirecrackerDrive, toFirecrackerNic } from './vmm-driver.js';

type Limiter = NonNullable<AgentDrive['rate_limiter']>;

/**
 * Firecracker's way to lift a limit on a running VM: PATCH with zero-sized buckets (a bucket of
 * size 0 is "no limit"); omitting the limiter would leave the old one in place.
 */
const NO_LIMIT: Limiter = { bandwidth: { size: 0, refill_time: 0 }, ops: { size: 0, refill_time: 0 } };

/** The limiter to send to the VMM for a patch value (`undefined` = leave unchanged). */
const forVmm = (value: Limiter | null | undefined) => (value === null ? NO_LIMIT : value);

/** The spec after a patch: `null` drops the key, `undefined` keeps what was there. */
function patchLimiters<T extends object>(current: T, patch: Record<string, Limiter | null | undefined>): T {
  const next = { ...current } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as T;
}

export type DeviceService = ReturnType<typeof createDeviceService>;

export function createDeviceService(ctx: AgentContext, vms: VmService) {
  /**
   * Tries a change on the running VMM. Firecracker refuses device hot-plug after boot with a
   * 400; that is not an error for us: the record already holds the change for the next start.
   */
  async function tryLive(record: VmRecord, fn: (c: FirecrackerClient) => Promise<unknown>): Promise<Applied> {
    if (!vms.runner.isLive(record.id)) return 'next_start';
    try {
      await fn(vms.runner.client(record.id, record.state, 'device update'));
      return 'live';
    } catch (err) {
      if (err instanceof FirecrackerApiError && err.status === 400) {
        ctx.log.info(
          { id: record.id, fault: err.faultMessage },
          'VMM refused a live change; applies at next start',
        );
        return 'next_start';
      }
      throw err;
    }
  }

  function findDrive(record: VmRecord, driveId: string): AgentDrive {
    const drive = record.spec.drives?.find((d) => d.drive_id === driveId);
    if (!drive) throw agentErrors.DRIVE_NOT_FOUND({ id: record.id, drive_id: driveId });
    return drive;
  }

  function findNic(record: VmRecord, ifaceId: string): AgentNic {
    const nic = record.spec.nics?.find((n) => n.iface_id === ifaceId);
    if (!nic) throw agentErrors.NIC_NOT_FOUND({ id: record.id, iface_id: ifaceId });
    return nic;
  }

  function upsert<T>(list: T[] | undefined, item: T, same: (x: T) => boolean): T[] {
    return [...(list ?? []).filter((x) => !same(x)), item];
  }

  return {
    putDrive: (id: string, drive: AgentDrive) =>
      vms.withVm(id, async (record) => {
        checkDriveSpec(drive);
        const images = await resolveDriveImages(ctx, [drive]);
        const alloc = await materializeDrive(ctx, id, drive, images.get(drive.drive_id));
        record.spec.drives = upsert(record.spec.drives, drive, (d) => d.drive_id === drive.drive_id);
        record.drives = upsert(record.drives, alloc, (d) => d.drive_id === drive.drive_id);
        const applied = await tryLive(record, (c) => c.putDrive(toFirecrackerDrive(alloc, drive)));
        await vms.save(record);
        return { item: drive, applied };
      }),

    patchDrive: (id: string, driveId: string, patch: AgentDrivePatch) =>
      vms.withVm(id, async (record) => {
        const current = findDrive(record, driveId);
        const image = patch.image ?? (patch.path ? { path: patch.path } : undefined);
        const next: AgentDrive = patchLimiters(
          { ...current, ...(image ? { image, size_bytes: undefined } : {}) },
          { rate_limiter: patch.rate_limiter },
        );
        if (image) {
          const images = await resolveDriveImages(ctx, [next]);
          await materializeDrive(ctx, id, next, images.get(driveId));
        }
        record.spec.drives = upsert(record.spec.drives, next, (d) => d.drive_id === driveId);
        const rel = ctx.paths.vm(id).diskRel(driveId);
        // Same path as before: the new file was renamed over it, the VMM reopens it on PATCH.
        const applied = await tryLive(record, (c) =>
          c.patchDrive({
            drive_id: driveId,
            ...(image ? { path_on_host: rel } : {}),
            ...(patch.rate_limiter !== undefined ? { rate_limiter: forVmm(patch.rate_limiter) } : {}),
          }),
        );
        await vms.save(record);
        return { item: next, applied };
      }),

    /** Firecracker cannot unplug a drive: a running VM keeps it until it stops. */
    deleteDrive: (id: string, driveId: string) =>
      vms.withVm(id, async (record) => {
        findDrive(record, driveId);
        record.spec.drives = record.spec.drives?.filter((d) => d.drive_id !== driveId);
        record.drives = record.drives.filter((d) => d.drive_id !== driveId);
        await vms.save(record);
        // An open file stays readable to the VMM after unlink, so this is safe while it runs.
        await rm(join(ctx.paths.vm(id).dir, ctx.paths.vm(id).diskRel(driveId)), { force: true });
        return { ok: true as const, applied: 'next_start' as Applied };
      }),

    putNic: (id: string, nic: AgentNic) =>
      vms.withVm(id, async (record) => {
        const alloc = await allocateNic(ctx, id, nic);
        record.spec.nics = upsert(record.spec.nics, nic, (n) => n.iface_id === nic.iface_id);
        record.nics = upsert(record.nics, alloc, (n) => n.iface_id === nic.iface_id);
        let applied: Applied = 'next_start';
        if (vms.runner.isLive(id)) {
          await ctx.network.ensureBridge();
          await ctx.network.createTap(alloc.tap);
          applied = await tryLive(record, (c) => c.putNetworkInterface(toFirecrackerNic(record, alloc)));
        }
        await vms.save(record);
        return { item: nic, applied };
      }),

    patchNic: (id: string, ifaceId: string, patch: AgentNicPatch) =>
      vms.withVm(id, async (record) => {
        const next = patchLimiters(findNic(record, ifaceId), { ...patch });
        record.spec.nics = upsert(record.spec.nics, next, (n) => n.iface_id === ifaceId);
        const applied = await tryLive(record, (c) =>
          c.patchNetworkInterface({
            iface_id: ifaceId,
            ...(patch.rx_rate_limiter !== undefined
              ? { rx_rate_limiter: forVmm(patch.rx_rate_limiter) }
              : {}),
            ...(patch.tx_rate_limiter !== undefined
              ? { tx_rate_limiter: forVmm(patch.tx_rate_limiter) }
              : {}),
          }),
        );
        await vms.save(record);
        return { item: next, applied };
      }),

    deleteNic: (id: string, ifaceId: string) =>
      vms.withVm(id, async (record) => {
        findNic(record, ifaceId);
        const alloc = record.nics.find((n) => n.iface_id === ifaceId);
        record.spec.nics = record.spec.nics?.filter((n) => n.iface_id !== ifaceId);
        record.nics = record.nics.filter((n) => n.iface_id !== ifaceId);
        if (alloc) {
          if (vms.runner.isLive(id)) record.retired_taps = [...(record.retired_taps ?? []), alloc.tap];
          else await ctx.network.deleteTap(alloc.tap);
        }
        await vms.save(record);
        await ctx.leases.release(id, ifaceId);
        return { ok: true as const, applied: 'next_start' as Applied };
      }),
  };
}
