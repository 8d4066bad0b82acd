// Firecracker's pre-boot validation rules, one by one, with their exact wording.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Drive } from '@nqvm/fc-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { ResourceError } from './resource-error.js';
import { isLinkLocalValid, ResourcesBuilder } from './resources-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'fc-vmm-builder-'));
const file = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, 'x');
  return path;
};
const rootfs = file('rootfs.ext4');
const scratch = file('scratch.ext4');
const kernel = file('vmlinux');

const drive = (id: string, path: string, root = false): Drive => ({
  drive_id: id,
  path_on_host: path,
  is_root_device: root,
  is_read_only: false,
});

/** Runs a setter and returns the refusal detail. */
function refusal(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ResourceError) return err.detail;
    throw err;
  }
  throw new Error('setter accepted the value');
}

describe('ResourcesBuilder', () => {
  let b: ResourcesBuilder;
  beforeEach(() => {
    b = new ResourcesBuilder();
  });

  it('starts with Firecracker defaults', () => {
    expect(b.snapshot().machineConfig).toEqual({
      vcpu_count: 1,
      mem_size_mib: 128,
      smt: false,
      track_dirty_pages: false,
      huge_pages: 'None',
    });
  });

  it('bounds vCPUs to 1..32, even with SMT', () => {
    const msg =
      'The number of vCPUs must be greater than 0, less than 32 and must be 1 or an even number if SMT is enabled.';
    expect(refusal(() => b.updateMachineConfig({ vcpu_count: 0 }))).toBe(msg);
    expect(refusal(() => b.updateMachineConfig({ vcpu_count: 33 }))).toBe(msg);
    expect(refusal(() => b.updateMachineConfig({ vcpu_count: 3, smt: true }))).toBe(msg);
    b.updateMachineConfig({ vcpu_count: 4, smt: true });
    b.updateMachineConfig({ vcpu_count: 1 });
    expect(b.machineConfig.vcpu_count).toBe(1);
  });

  it('refuses zero memory and odd sizes with 2M huge pages', () => {
    const msg = 'The memory size (MiB) is either 0, or not a multiple of the configured page size.';
    expect(refusal(() => b.updateMachineConfig({ mem_size_mib: 0 }))).toBe(msg);
    expect(refusal(() => b.updateMachineConfig({ mem_size_mib: 129, huge_pages: '2M' }))).toBe(msg);
  });

  it('resets unset fields on PUT but keeps the CPU template', () => {
    b.updateMachineConfig({ track_dirty_pages: true, cpu_template: 'T2' });
    b.setMachineConfig({ vcpu_count: 2, mem_size_mib: 256 });
    expect(b.machineConfig).toEqual({
      vcpu_count: 2,
      mem_size_mib: 256,
      smt: false,
      track_dirty_pages: false,
      huge_pages: 'None',
      cpu_template: 'T2',
    });
    b.updateMachineConfig({ cpu_template: 'None' });
    expect(b.machineConfig.cpu_template).toBeUndefined();
  });

  it('requires a readable kernel', () => {
    expect(refusal(() => b.setBootSource({ kernel_image_path: join(dir, 'missing') }))).toBe(
      'The kernel file cannot be opened: No such file or directory (os error 2)',
    );
    b.setBootSource({ kernel_image_path: kernel });
    expect(b.hasBootSource).toBe(true);
  });

  it('keeps one root drive, listed first', () => {
    b.insertBlockDevice(drive('scratch', scratch));
    b.insertBlockDevice(drive('rootfs', rootfs, true));
    expect(b.snapshot().drives.map((d) => d.drive_id)).toEqual(['rootfs', 'scratch']);
    expect(refusal(() => b.insertBlockDevice(drive('scratch', scratch, true)))).toBe(
      'A root block device already exists!',
    );
    // Replacing the root drive itself is an update, not a second root.
    b.insertBlockDevice({ ...drive('rootfs', rootfs, true), is_read_only: true });
    expect(b.snapshot().drives[0]).toMatchObject({
      drive_id: 'rootfs',
      is_read_only: true,
      cache_type: 'Unsafe',
      io_engine: 'Sync',
    });
  });

  it('refuses a drive whose file cannot be opened', () => {
    const missing = join(dir, 'nope.ext4');
    expect(refusal(() => b.insertBlockDevice(drive('d', missing)))).toBe(
      `Unable to create the virtio block device: Virtio backend error: Error manipulating the backing file: No such file or directory (os error 2) ${missing}`,
    );
  });

  it('keeps guest MACs and host device names unique', () => {
    b.insertNetworkInterface({ iface_id: 'eth0', host_dev_name: 'tap0', guest_mac: '06:00:00:00:00:01' });
    expect(
      refusal(() =>
        b.insertNetworkInterface({ iface_id: 'eth1', host_dev_name: 'tap1', guest_mac: '06:00:00:00:00:01' }),
      ),
    ).toBe('The MAC address is already in use: 06:00:00:00:00:01');
    expect(refusal(() => b.insertNetworkInterface({ iface_id: 'eth1', host_dev_name: 'tap0' }))).toContain(
      'Invalid TUN/TAP Backend provided by tap0',
    );
    // The same interface may be replaced with its own TAP and MAC.
    b.insertNetworkInterface({ iface_id: 'eth0', host_dev_name: 'tap0', guest_mac: '06:00:00:00:00:01' });
  });

  it('bounds the balloon by guest memory, both ways', () => {
    expect(refusal(() => b.setBalloon({ amount_mib: 129, deflate_on_oom: false }))).toBe(
      'Amount of pages requested is too large.',
    );
    b.setBalloon({ amount_mib: 64, deflate_on_oom: true });
    expect(b.balloon).toEqual({
      amount_mib: 64,
      deflate_on_oom: true,
      stats_polling_interval_s: 0,
      free_page_hinting: false,
      free_page_reporting: false,
    });
    expect(refusal(() => b.updateMachineConfig({ mem_size_mib: 32 }))).toBe(
      'The memory size (MiB) is smaller than the previously set balloon device target size.',
    );
  });

  it('requires MMDS interfaces to exist and a link-local address', () => {
    expect(refusal(() => b.setMmdsConfig({ network_interfaces: [] }))).toBe(
      'The list of network interface IDs that allow forwarding MMDS requests is empty.',
    );
    expect(refusal(() => b.setMmdsConfig({ network_interfaces: ['eth0'] }))).toBe(
      'The list of network interface IDs provided contains at least one ID that does not correspond to any existing network interface.',
    );
    b.insertNetworkInterface({ iface_id: 'eth0', host_dev_name: 'tap0' });
    expect(refusal(() => b.setMmdsConfig({ network_interfaces: ['eth0'], ipv4_address: '10.0.0.1' }))).toBe(
      'The MMDS IPv4 address is not link local.',
    );
    b.setMmdsConfig({ network_interfaces: ['eth0'] });
    expect(b.snapshot().mmdsConfig).toEqual({
      version: 'V1',
      network_interfaces: ['eth0'],
      ipv4_address: '169.254.169.254',
      imds_compat: false,
    });
    expect(isLinkLocalValid('169.254.0.1')).toBe(false);
  });

  it('checks that the vsock socket could be bound', () => {
    expect(refusal(() => b.setVsock({ guest_cid: 3, uds_path: rootfs }))).toBe(
      'Cannot create backend for vsock device: Error binding to the host-side Unix socket: Address in use (os error 98)',
    );
    expect(refusal(() => b.setVsock({ guest_cid: 3, uds_path: join(dir, 'no', 'v.sock') }))).toBe(
      'Cannot create backend for vsock device: Error binding to the host-side Unix socket: No such file or directory (os error 2)',
    );
    b.setVsock({ guest_cid: 3, uds_path: join(dir, 'v.sock') });
  });
});
