// Builds a VM's files and allocations from its spec: disk copies, empty volumes, NIC identities.
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AgentDrive,
  AgentNic,
  AgentDriveAllocation as DriveAllocation,
  AgentNicAllocation as NicAllocation,
} from '@nqvm/core';
import type { AgentContext } from './agent-context.js';
import { agentErrors } from './agent-errors.js';
import { copyDisk, createSparseFile } from './disk-files.js';
import { deriveMac, tapName } from './nic-identity.js';
import { ROOT_DRIVE_ID } from './vm-paths.js';

/** Checks a drive spec before anything is created for it. */
export function checkDriveSpec(drive: AgentDrive): void {
  if (drive.drive_id === ROOT_DRIVE_ID) {
    throw agentErrors.DRIVE_INVALID({
      drive_id: drive.drive_id,
      detail: `"${ROOT_DRIVE_ID}" is the root disk`,
    });
  }
  if ((drive.image === undefined) === (drive.size_bytes === undefined)) {
    throw agentErrors.DRIVE_INVALID({
      drive_id: drive.drive_id,
      detail: 'give exactly one of image or size_bytes',
    });
  }
}

export function checkUniqueIds(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw agentErrors.VALIDATION({ detail: `duplicate ${what} ${id}` });
    seen.add(id);
  }
}

/** Resolves every image a drive list needs (downloading if needed) before any file is made. */
export async function resolveDriveImages(
  ctx: AgentContext,
  drives: AgentDrive[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const d of drives) if (d.image) out.set(d.drive_id, await ctx.images.resolve(d.image));
  return out;
}

/**
 * Writes the drive's file: a private copy of its image or a sparse empty volume. It is built
 * beside the target and renamed over it, so a running VMM keeps its old file until PATCHed.
 */
export async function materializeDrive(
  ctx: AgentContext,
  vmId: string,
  drive: AgentDrive,
  imagePath: string | undefined,
): Promise<DriveAllocation> {
  const paths = ctx.paths.vm(vmId);
  const rel = paths.diskRel(drive.drive_id);
  const target = join(paths.dir, rel);
  const tmp = `${target}.new`;
  await mkdir(paths.disksDir, { recursive: true });
  await rm(tmp, { force: true });
  if (imagePath) await copyDisk(imagePath, tmp);
  else await createSparseFile(tmp, drive.size_bytes ?? 0);
  await rename(tmp, target);
  return { drive_id: drive.drive_id, path: rel, is_root_device: false, is_read_only: drive.is_read_only };
}

export async function materializeRootDisk(
  ctx: AgentContext,
  vmId: string,
  imagePath: string,
): Promise<DriveAllocation> {
  const paths = ctx.paths.vm(vmId);
  const rel = paths.diskRel(ROOT_DRIVE_ID);
  await mkdir(paths.disksDir, { recursive: true });
  await copyDisk(imagePath, join(paths.dir, rel));
  return { drive_id: ROOT_DRIVE_ID, path: rel, is_root_device: true, is_read_only: false };
}

/** TAP and MAC follow from the ids; the address is leased (persisted) so no two NICs share one. */
export async function allocateNic(ctx: AgentContext, vmId: string, nic: AgentNic): Promise<NicAllocation> {
  return {
    iface_id: nic.iface_id,
    tap: tapName(vmId, nic.iface_id),
    mac: nic.mac ?? deriveMac(vmId, nic.iface_id),
    ip: await ctx.leases.allocate(vmId, nic.iface_id),
  };
}
