// Builds a minimal QEMU microvm command line from the pre-boot resources.
import { readFileSync } from 'node:fs';
import type { Drive, NetworkInterface } from '@nqvm/fc-api';
import type { VmResources } from '../vm-resources.js';

export type Accel = 'kvm' | 'tcg';

export interface QemuPlan {
  resources: VmResources;
  accel: Accel;
  qmpPath: string;
  /** Guest RAM lives in this file (share=on) so snapshots can copy it without the migration stream. */
  memPath: string;
  /**
   * Map `memPath` privately (share=off, MAP_PRIVATE): a restore maps the snapshot's memory file
   * copy-on-write instead of copying it, and the file is never written.
   */
  privateMem?: boolean;
  /** Start with `-incoming defer` to receive a snapshot's device state over QMP. */
  incoming?: boolean;
  /** NICs that get plain Ethernet frames (`vnet_hdr=off`); default `plainFrameNics(resources)`. */
  plainNics?: readonly string[];
}

/**
 * NICs whose frames fc-vmm parses itself get plain Ethernet frames (`vnet_hdr=off`, so the guest
 * negotiates no checksum/TSO offloads): those listed in mmds-config, where fc-vmm answers ARP and
 * TCP for the MMDS address. Every other NIC keeps QEMU's fast path (a vnet header and the guest's
 * offloads); if it has or later gets a rate limiter, its packets are relayed with their vnet
 * headers intact (see net-relays.ts). mmds-config cannot change after boot, so neither can this.
 */
export function plainFrameNics(resources: VmResources): string[] {
  const mmds = new Set(resources.mmdsConfig?.network_interfaces ?? []);
  return resources.networkInterfaces.filter((n) => mmds.has(n.iface_id)).map((n) => n.iface_id);
}

/** Device and node ids derived from Firecracker ids; QEMU ids allow only [A-Za-z0-9-_.]. */
export const ids = {
  drive: (driveId: string) => `drive-${safe(driveId)}`,
  driveFile: (driveId: string, generation = 0) => `file-${safe(driveId)}-${generation}`,
  blk: (driveId: string) => `blk-${safe(driveId)}`,
  netdev: (ifaceId: string) => `netdev-${safe(ifaceId)}`,
  nic: (ifaceId: string) => `nic-${safe(ifaceId)}`,
  balloon: 'balloon0',
  rng: 'rng0',
};

function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

/**
 * The kernel command line Firecracker would pass (boot_args plus the root device). Under TCG
 * on a loaded host the guest's PIT calibration of the TSC fails and the kernel hangs before
 * its first console line; TCG's TSC runs at the host's rate, so we tell the guest that rate.
 */
export function kernelCmdline(resources: VmResources, accel: Accel = 'kvm', hostTscKhz = tscKhz()): string {
  const parts = [resources.bootSource?.boot_args ?? 'console=ttyS0 reboot=k panic=1'];
  const root = resources.drives.find((d) => d.is_root_device);
  if (root) {
    parts.push(root.partuuid ? `root=PARTUUID=${root.partuuid}` : 'root=/dev/vda');
    parts.push(root.is_read_only ? 'ro' : 'rw');
  }
  if (accel === 'tcg' && hostTscKhz && !parts[0]?.includes('tsc_early_khz='))
    parts.push(`tsc_early_khz=${hostTscKhz}`);
  return parts.join(' ');
}

let cachedTscKhz: number | undefined;

/** The host's TSC rate in kHz, from /proc/cpuinfo (0 when unknown). */
export function tscKhz(): number {
  if (cachedTscKhz === undefined) {
    try {
      const mhz = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
      cachedTscKhz = mhz ? Math.round(Number(mhz) * 1000) : 0;
    } catch {
      cachedTscKhz = 0;
    }
  }
  return cachedTscKhz;
}

export function buildQemuArgs(plan: QemuPlan): string[] {
  const { resources: r, accel } = plan;
  const m = r.machineConfig;
  const boot = r.bootSource;
  if (!boot) throw new Error('boot source missing');
  const threads = m.smt ? 2 : 1;
  const args = [
    ...['-M', 'microvm,acpi=on,rtc=on,memory-backend=ram'],
    ...['-nodefaults', '-no-user-config', '-nographic', '-no-reboot', '-S'],
    ...(accel === 'kvm'
      ? ['-accel', 'kvm', '-cpu', 'host']
      : ['-accel', 'tcg,thread=multi,tb-size=32', '-cpu', 'max']),
    ...['-smp', `${m.vcpu_count},sockets=1,cores=${Math.max(1, m.vcpu_count / threads)},threads=${threads}`],
    ...['-m', `${m.mem_size_mib}M`],
    ...[
      '-object',
      `memory-backend-file,id=ram,size=${m.mem_size_mib}M,mem-path=${opt(plan.memPath)},share=${onOff(!plan.privateMem)}`,
    ],
    // A restore brings the guest's memory with it: loading the kernel and initrd again would only
    // cost QEMU's start-up (~50 ms of reading and copying them here) for bytes nobody reads.
    ...(plan.incoming
      ? []
      : [
          ...['-kernel', boot.kernel_image_path],
          ...(boot.initrd_path ? ['-initrd', boot.initrd_path] : []),
          ...['-append', kernelCmdline(r, accel)],
        ]),
    ...['-chardev', 'stdio,id=con,signal=off', '-serial', 'chardev:con'],
    ...['-qmp', `unix:${opt(plan.qmpPath)},server=on,wait=off`],
  ];
  for (const d of r.drives) args.push(...driveArgs(d));
  const plain = new Set(plan.plainNics ?? plainFrameNics(r));
  for (const n of r.networkInterfaces) args.push(...netArgs(n, plain.has(n.iface_id)));
  if (r.balloon) {
    const b = r.balloon;
    args.push(
      '-device',
      [
        `virtio-balloon-device,id=${ids.balloon}`,
        `deflate-on-oom=${onOff(b.deflate_on_oom)}`,
        `free-page-reporting=${onOff(!!b.free_page_reporting)}`,
      ].join(','),
    );
  }
  if (r.entropy) {
    args.push('-object', `rng-random,id=${ids.rng},filename=/dev/urandom`);
    const bw = r.entropy.rate_limiter?.bandwidth;
    // virtio-rng's own limiter is "max-bytes per period ms": exactly one token bucket.
    const limit =
      bw && bw.size > 0 && bw.refill_time > 0 ? `,max-bytes=${bw.size},period=${bw.refill_time}` : '';
    args.push('-device', `virtio-rng-device,rng=${ids.rng}${limit}`);
  }
  if (plan.incoming) args.push('-incoming', 'defer');
  return args;
}

function driveArgs(d: Drive): string[] {
  const ro = onOff(!!d.is_read_only);
  // Unsafe: Firecracker ignores guest flushes; Writeback honours them. No image locking, as in
  // Firecracker: clones of one snapshot open the same paths until the caller patches them.
  const noFlush = onOff(d.cache_type === 'Unsafe');
  const file = `driver=file,node-name=${ids.driveFile(d.drive_id)},filename=${opt(d.path_on_host ?? '')},read-only=${ro},cache.no-flush=${noFlush},locking=off`;
  return [
    ...['-blockdev', file],
    ...[
      '-blockdev',
      `driver=raw,node-name=${ids.drive(d.drive_id)},file=${ids.driveFile(d.drive_id)},read-only=${ro}`,
    ],
    ...['-device', `virtio-blk-device,drive=${ids.drive(d.drive_id)},id=${ids.blk(d.drive_id)}`],
  ];
}

function netArgs(n: NetworkInterface, plainFrames: boolean): string[] {
  // Without vnet_hdr=, QEMU uses the TAP's vnet header when the kernel offers it (Linux always does).
  const vnetHdr = plainFrames ? ',vnet_hdr=off' : '';
  const netdev = `tap,id=${ids.netdev(n.iface_id)},ifname=${opt(n.host_dev_name)},script=no,downscript=no${vnetHdr}`;
  const dev = [`virtio-net-device,netdev=${ids.netdev(n.iface_id)},id=${ids.nic(n.iface_id)}`];
  if (n.guest_mac) dev.push(`mac=${n.guest_mac}`);
  if (n.mtu) dev.push(`host_mtu=${n.mtu}`);
  return ['-netdev', netdev, '-device', dev.join(',')];
}

const onOff = (b: boolean) => (b ? 'on' : 'off');

/** QEMU option values escape a comma by doubling it. */
function opt(value: string): string {
  return value.replaceAll(',', ',,');
}
