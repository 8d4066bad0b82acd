// Builds the agent's AgentVmSpec from what the database says a VM should be.
import { randomBytes } from 'node:crypto';
import type { AgentDrive, AgentNic, AgentVmSpec, ImageRef } from '@nqvm/core';
import type { DriveRow, ImageRow, NicRow, VmRow } from '../db/schema.js';
import { errors } from '../errors.js';
import type { Repositories } from './context.js';

/** Locally administered unicast MAC with the spec's `aa:fc` prefix. */
export function newMac(): string {
  const b = randomBytes(4);
  return ['aa', 'fc', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

export function imageRef(image: ImageRow): ImageRef {
  return { image_id: image.id, sha256: image.sha256 ?? '', size_bytes: Number(image.size) };
}

/** The drive and NIC columns a spec is built from (a create has them in hand before they are read back). */
export type SpecDrive = Pick<
  DriveRow,
  | 'drive_id'
  | 'image_id'
  | 'path_on_host'
  | 'is_root_device'
  | 'is_read_only'
  | 'size_bytes'
  | 'cache_type'
  | 'io_engine'
  | 'rate_limiter'
>;
export type SpecNic = Pick<NicRow, 'iface_id' | 'guest_mac' | 'rx_rate_limiter' | 'tx_rate_limiter'>;

/** Rows the caller already holds; the spec is built from them instead of reading them again. */
export interface KnownRows {
  drives: SpecDrive[];
  nics: SpecNic[];
  images: ImageRow[];
}

type ImageLookup = (id: string) => Promise<ImageRow | undefined>;

function imageLookup(repos: Repositories, known: ImageRow[] = []): ImageLookup {
  return async (id) => known.find((i) => i.id === id) ?? (await repos.images.get(id));
}

async function refFor(image: ImageLookup, imageId: string | null, path: string | null): Promise<ImageRef> {
  if (imageId) {
    const found = await image(imageId);
    if (!found) throw errors.IMAGE_NOT_FOUND({}, `image '${imageId}' no longer exists`);
    return imageRef(found);
  }
  if (path) return { path };
  throw errors.VM_SOURCE_REQUIRED();
}

async function driveSpec(image: ImageLookup, drive: SpecDrive): Promise<AgentDrive> {
  const base: AgentDrive = {
    drive_id: drive.drive_id,
    is_read_only: drive.is_read_only,
    // The column is text; the agent checks the value against the contract's.
    cache_type: drive.cache_type as AgentDrive['cache_type'],
    io_engine: drive.io_engine as AgentDrive['io_engine'],
    ...(drive.rate_limiter ? { rate_limiter: drive.rate_limiter } : {}),
  };
  if (drive.image_id) {
    const found = await image(drive.image_id);
    // An empty registry volume is created blank on the host instead of being copied over.
    if (found?.origin === 'volume') return { ...base, size_bytes: Number(found.size) };
    return { ...base, image: await refFor(image, drive.image_id, null) };
  }
  if (drive.path_on_host) return { ...base, image: { path: drive.path_on_host } };
  return { ...base, size_bytes: Number(drive.size_bytes ?? 0) };
}

export function driveToAgent(repos: Repositories, drive: DriveRow): Promise<AgentDrive> {
  return driveSpec(imageLookup(repos), drive);
}

export function nicToAgent(nic: SpecNic): AgentNic {
  return {
    iface_id: nic.iface_id,
    mac: nic.guest_mac,
    ...(nic.rx_rate_limiter ? { rx_rate_limiter: nic.rx_rate_limiter } : {}),
    ...(nic.tx_rate_limiter ? { tx_rate_limiter: nic.tx_rate_limiter } : {}),
  };
}

/** The agent's spec for `vm`; rows in `known` are used as they are, the rest are read. */
export async function buildAgentSpec(
  repos: Repositories,
  vm: VmRow,
  known?: KnownRows,
): Promise<AgentVmSpec> {
  const drives = known?.drives ?? (await repos.drives.listByVm(vm.id));
  const nics = known?.nics ?? (await repos.nics.listByVm(vm.id));
  const image = imageLookup(repos, known?.images);
  const root = drives.find((d) => d.is_root_device);
  const spec: AgentVmSpec = {
    name: vm.name,
    vcpu: vm.vcpu,
    mem_mib: vm.mem_mib,
    kernel: await refFor(image, vm.kernel_image_id, vm.kernel_path),
    rootfs:
      root?.image_id || root?.path_on_host
        ? await refFor(image, root.image_id, root.path_on_host)
        : await refFor(image, vm.rootfs_image_id, vm.rootfs_path),
    hostname: vm.hostname,
    drives: await Promise.all(drives.filter((d) => !d.is_root_device).map((d) => driveSpec(image, d))),
    nics: nics.map(nicToAgent),
  };
  if (vm.initrd_image_id || vm.initrd_path)
    spec.initrd = await refFor(image, vm.initrd_image_id, vm.initrd_path);
  if (vm.boot_args) spec.boot_args = vm.boot_args;
  return spec;
}
