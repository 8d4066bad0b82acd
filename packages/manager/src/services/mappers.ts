// Rows → API objects: the one place where database columns become the spec's field names.
import { iso } from '../db/database.js';
import type { DriveRow, HostRow, ImageRow, NicRow, SnapshotRow, TemplateRow, VmRow } from '../db/schema.js';

/** `host_addr` comes joined on the row (API reads) or from the host row the caller already has. */
export function toVm(row: VmRow & { host_addr?: string | null }, host?: Pick<HostRow, 'addr'>) {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    desired_state: row.desired_state,
    vcpu: row.vcpu,
    mem_mib: row.mem_mib,
    kernel_image_id: row.kernel_image_id,
    initrd_image_id: row.initrd_image_id,
    rootfs_image_id: row.rootfs_image_id,
    kernel_path: row.kernel_path,
    rootfs_path: row.rootfs_path,
    hostname: row.hostname,
    host_id: row.host_id,
    host_addr: host?.addr ?? row.host_addr ?? null,
    tap: row.tap,
    api_sock: row.api_sock,
    log_path: row.log_path,
    http_port: row.http_port,
    fc_unit: row.fc_unit,
    guest_mac: row.guest_mac,
    guest_ip: row.guest_ip,
    error: row.error,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    template_id: row.template_id,
    source_snapshot_id: row.source_snapshot_id,
  };
}

export function toDrive(row: DriveRow) {
  return {
    id: row.id,
    vm_id: row.vm_id,
    drive_id: row.drive_id,
    image_id: row.image_id,
    path_on_host: row.path_on_host,
    is_root_device: row.is_root_device,
    is_read_only: row.is_read_only,
    size_bytes: row.size_bytes === null ? null : Number(row.size_bytes),
    cache_type: row.cache_type,
    io_engine: row.io_engine,
    rate_limiter: row.rate_limiter ?? null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function toNic(row: NicRow) {
  return {
    id: row.id,
    vm_id: row.vm_id,
    iface_id: row.iface_id,
    host_dev_name: row.host_dev_name,
    guest_mac: row.guest_mac,
    guest_ip: row.guest_ip,
    rx_rate_limiter: row.rx_rate_limiter ?? null,
    tx_rate_limiter: row.tx_rate_limiter ?? null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function toSnapshot(row: SnapshotRow) {
  return {
    id: row.id,
    vm_id: row.vm_id,
    name: row.name,
    snapshot_path: row.snapshot_path,
    mem_path: row.mem_path,
    size_bytes: Number(row.size_bytes),
    snapshot_type: row.snapshot_type,
    state: row.state,
    parent_id: row.parent_id,
    track_dirty_pages: row.track_dirty_pages,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function toTemplate(row: TemplateRow) {
  const spec = row.spec;
  return {
    id: row.id,
    name: row.name,
    spec: {
      vcpu: spec.vcpu,
      mem_mib: spec.mem_mib,
      kernel_image_id: spec.kernel_image_id ?? null,
      rootfs_image_id: spec.rootfs_image_id ?? null,
      initrd_image_id: spec.initrd_image_id ?? null,
      kernel_path: spec.kernel_path ?? null,
      rootfs_path: spec.rootfs_path ?? null,
    },
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function toImage(row: ImageRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    host_path: row.host_path,
    sha256: row.sha256,
    size: Number(row.size),
    project: row.project,
    origin: row.origin,
    status: row.status,
    progress: { bytes_done: Number(row.bytes_done), bytes_total: Number(row.size) || null },
    source_url: row.source_url,
    version: row.version,
    error: row.error,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function toHost(row: HostRow, online: boolean) {
  return {
    id: row.id,
    hostname: row.hostname,
    addr: row.addr,
    port: row.port,
    accel: row.accel,
    status: online ? 'online' : 'offline',
    capacity: row.capacity,
    usage: row.usage,
    last_heartbeat_at: iso(row.last_heartbeat_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
