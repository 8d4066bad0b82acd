// GET /vm/config: the resources as Firecracker serializes them (unset options are explicit nulls).
import type { RateLimiter, TokenBucket } from '@nqvm/fc-api';
import type { VmResources } from '../vm-resources.js';

const bucket = (b: TokenBucket | undefined) =>
  b === undefined
    ? null
    : { size: b.size, one_time_burst: b.one_time_burst ?? null, refill_time: b.refill_time };

const limiter = (r: RateLimiter | undefined) =>
  r === undefined ? null : { bandwidth: bucket(r.bandwidth), ops: bucket(r.ops) };

/** `machine-config` as GET /machine-config returns it (cpu_template only when one is set). */
export function machineConfigView(resources: VmResources): Record<string, unknown> {
  const m = resources.machineConfig;
  const view: Record<string, unknown> = {
    vcpu_count: m.vcpu_count,
    mem_size_mib: m.mem_size_mib,
    smt: m.smt ?? false,
  };
  if (m.cpu_template !== undefined) view.cpu_template = m.cpu_template;
  view.track_dirty_pages = m.track_dirty_pages ?? false;
  view.huge_pages = m.huge_pages ?? 'None';
  return view;
}

export function fullVmConfig(resources: VmResources): Record<string, unknown> {
  const boot = resources.bootSource;
  return {
    balloon: resources.balloon ?? null,
    drives: resources.drives.map((d) => ({
      drive_id: d.drive_id,
      partuuid: d.partuuid ?? null,
      is_root_device: d.is_root_device,
      cache_type: d.cache_type ?? 'Unsafe',
      is_read_only: d.is_read_only ?? null,
      path_on_host: d.path_on_host ?? null,
      rate_limiter: limiter(d.rate_limiter),
      io_engine: d.io_engine ?? null,
      socket: d.socket ?? null,
    })),
    // Firecracker's boot source is not optional: before a PUT it is an empty kernel path.
    'boot-source': {
      kernel_image_path: boot?.kernel_image_path ?? '',
      initrd_path: boot?.initrd_path ?? null,
      boot_args: boot?.boot_args ?? null,
    },
    'cpu-config': resources.cpuConfig ?? null,
    logger: resources.logger ?? null,
    'machine-config': machineConfigView(resources),
    metrics: resources.metrics ?? null,
    'mmds-config': resources.mmdsConfig ?? null,
    'network-interfaces': resources.networkInterfaces.map((n) => {
      const view: Record<string, unknown> = {
        iface_id: n.iface_id,
        host_dev_name: n.host_dev_name,
        guest_mac: n.guest_mac ?? null,
        rx_rate_limiter: limiter(n.rx_rate_limiter),
        tx_rate_limiter: limiter(n.tx_rate_limiter),
      };
      if (n.mtu !== undefined) view.mtu = n.mtu;
      return view;
    }),
    vsock: resources.vsock
      ? { guest_cid: resources.vsock.guest_cid, uds_path: resources.vsock.uds_path }
      : null,
    entropy: resources.entropy ? { rate_limiter: limiter(resources.entropy.rate_limiter) } : null,
    pmem: resources.pmem.map((p) => ({
      id: p.id,
      path_on_host: p.path_on_host,
      root_device: p.root_device ?? false,
      read_only: p.read_only ?? false,
      rate_limiter: limiter(p.rate_limiter),
    })),
    'memory-hotplug': resources.memoryHotplug ?? null,
  };
}
