// Speaks the Firecracker API to one VMM: configure a VM and boot it (waiting for the socket: vmm-api-ready.ts).

import type {
  AgentDrive,
  AgentDriveAllocation as DriveAllocation,
  AgentNicAllocation as NicAllocation,
} from '@nqvm/core';
import type { Drive, FirecrackerClient, MmdsConfig, NetworkInterface } from '@nqvm/fc-api';
import { formatMmdsNics, guestKernelCmdline } from '@nqvm/guest-image';
import type { Subnet } from './subnet.js';
import type { VmRecord } from './vm-types.js';

/** Kernel parameters from the guest-image contract (`ip=`, `nqvm.hostname=`), plus the VM's own boot_args. */
export function kernelCmdline(record: VmRecord, subnet: Subnet): string {
  const hostname = guestHostname(record);
  const first = record.nics[0];
  return guestKernelCmdline({
    hostname,
    ip: first
      ? { address: first.ip, gateway: subnet.bridgeIp, netmask: subnet.netmask, hostname, device: 'eth0' }
      : undefined,
    // The guest watches MMDS for a new identity (a clone restored from another VM's snapshot).
    mmdsIdentity: first !== undefined,
    // reboot=k: a guest reboot ends the VMM, as Firecracker's guests expect.
    extra: ['reboot=k', ...(record.spec.boot_args ? [record.spec.boot_args] : [])],
  });
}

/** Hostnames go on the kernel command line, so only [A-Za-z0-9-] survive. */
export function guestHostname(record: VmRecord): string {
  const raw = record.spec.hostname ?? record.spec.name;
  return raw.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63) || record.id;
}

export function toFirecrackerDrive(alloc: DriveAllocation, spec?: AgentDrive): Drive {
  return {
    drive_id: alloc.drive_id,
    path_on_host: alloc.path,
    is_root_device: alloc.is_root_device,
    is_read_only: alloc.is_read_only,
    ...(spec?.cache_type ? { cache_type: spec.cache_type } : {}),
    ...(spec?.io_engine ? { io_engine: spec.io_engine } : {}),
    ...(spec?.rate_limiter ? { rate_limiter: spec.rate_limiter } : {}),
  };
}

export function toFirecrackerNic(record: VmRecord, nic: NicAllocation): NetworkInterface {
  const spec = record.spec.nics?.find((n) => n.iface_id === nic.iface_id);
  return {
    iface_id: nic.iface_id,
    host_dev_name: nic.tap,
    guest_mac: nic.mac,
    ...(spec?.rx_rate_limiter ? { rx_rate_limiter: spec.rx_rate_limiter } : {}),
    ...(spec?.tx_rate_limiter ? { tx_rate_limiter: spec.tx_rate_limiter } : {}),
  };
}

/**
 * What the guest can read from MMDS: who it is and how its NICs are addressed. `nqvm/identity`
 * is flat text leaves for the guest's shell: `nics` (the guest-image contract's
 * `formatMmdsNics`, first NIC = the one MMDS answers on); `mac`/`ip`/`prefix`/`gateway` repeat
 * that first NIC for guests that read only those. The guest configures every NIC from it
 * and re-applies it whenever `generation` differs from the one it last saw.
 */
export function instanceMetadata(record: VmRecord, subnet: Subnet): Record<string, unknown> {
  const first = record.nics[0];
  return {
    latest: {
      'meta-data': {
        'instance-id': record.id,
        'local-hostname': guestHostname(record),
        'local-ipv4': record.nics[0]?.ip ?? '',
      },
    },
    nqvm: {
      vm_id: record.id,
      name: record.spec.name,
      hostname: guestHostname(record),
      nics: record.nics.map((n) => ({ ...n, netmask: subnet.netmask, gateway: subnet.bridgeIp })),
      identity: {
        generation: `${record.id}.${record.identity_generation ?? 0}`,
        hostname: guestHostname(record),
        nics: formatMmdsNics(
          record.nics.map((n) => ({ ...n, prefix: subnet.prefix, gateway: subnet.bridgeIp })),
        ),
        ...(first
          ? { mac: first.mac, ip: first.ip, prefix: String(subnet.prefix), gateway: subnet.bridgeIp }
          : {}),
      },
    },
  };
}

/** V2 (session tokens), as Firecracker recommends; at the default 169.254.169.254. */
export function mmdsConfig(ifaceId: string): MmdsConfig {
  return { version: 'V2', network_interfaces: [ifaceId] };
}

export interface BootFiles {
  kernel: string;
  initrd?: string;
}

/** The pre-boot sequence, in Firecracker's order, then InstanceStart. */
export async function configureAndBoot(
  client: FirecrackerClient,
  record: VmRecord,
  files: BootFiles,
  subnet: Subnet,
): Promise<void> {
  await client.putMachineConfig({ vcpu_count: record.spec.vcpu, mem_size_mib: record.spec.mem_mib });
  await client.putBootSource({
    kernel_image_path: files.kernel,
    ...(files.initrd ? { initrd_path: files.initrd } : {}),
    boot_args: kernelCmdline(record, subnet),
  });
  for (const drive of record.drives) {
    const spec = record.spec.drives?.find((d) => d.drive_id === drive.drive_id);
    await client.putDrive(toFirecrackerDrive(drive, spec));
  }
  for (const nic of record.nics) await client.putNetworkInterface(toFirecrackerNic(record, nic));
  const first = record.nics[0];
  // The first NIC's frames pass through the VMM's MMDS responder (the snapshot keeps this).
  if (first) await client.call('PUT', '/mmds/config', mmdsConfig(first.iface_id));
  await client.putMmds(instanceMetadata(record, subnet));
  await client.action('InstanceStart');
}
