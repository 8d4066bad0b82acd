// The QEMU command line carries every configured device and nothing more.
import { describe, expect, it } from 'vitest';
import { emptyResources } from '../vm-resources.js';
import { buildQemuArgs, kernelCmdline } from './qemu-args.js';

function resources() {
  const r = emptyResources();
  r.bootSource = { kernel_image_path: '/k/vmlinux', initrd_path: '/k/initrd', boot_args: 'console=ttyS0' };
  return r;
}

const plan = (r = resources()) => ({
  resources: r,
  accel: 'tcg' as const,
  qmpPath: '/run/q.sock',
  memPath: '/dev/shm/m',
});

describe('buildQemuArgs', () => {
  it('boots microvm with the minimal fixed options, TCG and file-backed RAM', () => {
    const args = buildQemuArgs(plan()).join(' ');
    expect(args).toContain('-M microvm,acpi=on,rtc=on,memory-backend=ram');
    expect(args).toContain('-nodefaults -no-user-config -nographic -no-reboot -S');
    expect(args).toContain('-accel tcg,thread=multi,tb-size=32 -cpu max');
    expect(args).toContain('memory-backend-file,id=ram,size=128M,mem-path=/dev/shm/m,share=on');
    expect(args).toContain('-kernel /k/vmlinux -initrd /k/initrd');
    expect(args).not.toContain('-daemonize');
    expect(args).not.toContain('-incoming');
  });

  it('maps drives to blockdev nodes and virtio-blk-device, escaping commas', () => {
    const r = resources();
    r.drives.push({
      drive_id: 'rootfs',
      is_root_device: true,
      path_on_host: '/a,b.ext4',
      is_read_only: true,
      cache_type: 'Unsafe',
    });
    const args = buildQemuArgs(plan(r));
    expect(args).toContain(
      'driver=file,node-name=file-rootfs-0,filename=/a,,b.ext4,read-only=on,cache.no-flush=on,locking=off',
    );
    expect(args).toContain('virtio-blk-device,drive=drive-rootfs,id=blk-rootfs');
  });

  it('maps NICs to a TAP netdev with MAC and MTU; only MMDS NICs lose the vnet header', () => {
    const r = resources();
    r.networkInterfaces.push(
      { iface_id: 'eth0', host_dev_name: 'tap0', guest_mac: '06:00:00:00:00:01', mtu: 1400 },
      { iface_id: 'eth1', host_dev_name: 'tap1', tx_rate_limiter: { ops: { size: 10, refill_time: 100 } } },
    );
    r.mmdsConfig = { version: 'V2', network_interfaces: ['eth0'] };
    const args = buildQemuArgs(plan(r));
    expect(args).toContain('tap,id=netdev-eth0,ifname=tap0,script=no,downscript=no,vnet_hdr=off');
    expect(args).toContain(
      'virtio-net-device,netdev=netdev-eth0,id=nic-eth0,mac=06:00:00:00:00:01,host_mtu=1400',
    );
    // A rate-limited NIC keeps QEMU's default (vnet header, offloads): its relay passes headers through.
    expect(args).toContain('tap,id=netdev-eth1,ifname=tap1,script=no,downscript=no');
    // A snapshot restore passes the choice the snapshot recorded.
    expect(buildQemuArgs({ ...plan(r), plainNics: ['eth0', 'eth1'] })).toContain(
      'tap,id=netdev-eth1,ifname=tap1,script=no,downscript=no,vnet_hdr=off',
    );
  });

  it('adds balloon, entropy and deferred incoming when asked', () => {
    const r = resources();
    r.balloon = { amount_mib: 0, deflate_on_oom: true };
    r.entropy = { rate_limiter: { bandwidth: { size: 1000, refill_time: 100 } } };
    const args = buildQemuArgs({ ...plan(r), incoming: true }).join(' ');
    expect(args).toContain('virtio-balloon-device,id=balloon0,deflate-on-oom=on');
    expect(args).toContain('virtio-rng-device,rng=rng0,max-bytes=1000,period=100');
    expect(args).toContain('-incoming defer');
    // The migration stream brings guest memory: no kernel, initrd or command line to load.
    expect(args).not.toMatch(/-kernel|-initrd|-append/);
  });

  it('uses KVM with the host CPU when chosen', () => {
    expect(buildQemuArgs({ ...plan(), accel: 'kvm' }).join(' ')).toContain('-accel kvm -cpu host');
  });
});

describe('kernelCmdline', () => {
  it('appends the root device like Firecracker', () => {
    const r = resources();
    r.drives.push({ drive_id: 'root', is_root_device: true, path_on_host: '/r' });
    expect(kernelCmdline(r)).toBe('console=ttyS0 root=/dev/vda rw');
  });

  it('gives a TCG guest the TSC rate it cannot calibrate under load', () => {
    expect(kernelCmdline(resources(), 'tcg', 2_596_136)).toBe('console=ttyS0 tsc_early_khz=2596136');
    expect(kernelCmdline(resources(), 'kvm', 2_596_136)).toBe('console=ttyS0');
  });
});
