// Post-boot PATCHes through the real API and QEMU: a drive's file swapped, limits and balloon changed, GET /vm/config.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFirecrackerClient, type FirecrackerClient } from '@nqvm/fc-api';
import { createNetns, type TestNetns } from '@nqvm/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GUEST_READY_LINE,
  type GuestCtx,
  guestContext,
  guestResources,
} from '../qemu/guest-harness.test-support.js';
import { createQemuBackend } from '../qemu/qemu-backend.js';
import { startVmm, type VmmHandle } from '../start-vmm.js';

const MiB = 1024 * 1024;

/** The parts of GET /vm/config's JSON this test edits (Firecracker's shape, explicit nulls). */
interface ConfigView {
  drives: Record<string, unknown>[];
  'network-interfaces': Record<string, unknown>[];
  balloon: Record<string, unknown>;
}

/** A 4 MiB disk image whose first bytes are `marker`. */
function diskWith(path: string, marker: string): string {
  const data = Buffer.alloc(4 * MiB);
  data.write(marker, 0, 'ascii');
  writeFileSync(path, data);
  return path;
}

describe('live updates through the API', () => {
  let g: GuestCtx | undefined;
  let ns: TestNetns | undefined;
  let vmm: VmmHandle | undefined;
  let client: FirecrackerClient | undefined;
  afterEach(async () => {
    client?.close();
    await vmm?.shutdown();
    await g?.cleanup();
    await ns?.destroy();
  });

  it('swaps a data drive’s file, changes limits and balloon, and GET /vm/config reports it all', async () => {
    // 1. An fc-vmm instance on a socket with the real QEMU backend; the guest console is ours.
    const guest = await guestContext('live-updates');
    g = guest;
    ns = await createNetns({ subnet: '192.168.232' });
    const tap = await ns.createTap();
    vmm = await startVmm({
      apiSock: join(guest.dir, 'api.sock'),
      instanceId: 'live-updates',
      backend: createQemuBackend({ accel: 'tcg', netns: ns.name }),
      consoleIn: guest.ctx.consoleIn,
      consoleOut: guest.ctx.consoleOut,
      runDirParent: guest.dir,
      loggerConfig: { level: 'Warning' },
    });
    const api = createFirecrackerClient(join(guest.dir, 'api.sock'));
    client = api;
    const base = await guestResources(guest.dir);
    const diskA = diskWith(join(guest.dir, 'a.img'), 'disk-A');
    const diskB = diskWith(join(guest.dir, 'b.img'), 'disk-B');
    await api.putBootSource(base.bootSource as NonNullable<typeof base.bootSource>);
    await api.putDrive(base.drives[0] as NonNullable<(typeof base.drives)[0]>);
    await api.putDrive({ drive_id: 'data', is_root_device: false, path_on_host: diskA, is_read_only: false });
    await api.putNetworkInterface({ iface_id: 'eth0', host_dev_name: tap, guest_mac: '06:00:c0:a8:e8:02' });
    await api.putBalloon({ amount_mib: 0, deflate_on_oom: true });
    const before = await api.getVmConfig();
    await api.action('InstanceStart');
    await guest.console.waitFor(GUEST_READY_LINE);
    const readHead = () =>
      guest.console.check('echo 3 > /proc/sys/vm/drop_caches; dd if=/dev/vdb bs=6 count=1 2>/dev/null');
    expect(await readHead()).toBe('disk-A');

    // 2. PATCH path_on_host: the guest's next read (page cache dropped) comes from the new file.
    await api.patchDrive({ drive_id: 'data', path_on_host: diskB });
    expect(await readHead()).toBe('disk-B');
    // 3. Guest writes land in the new file; the old one is no longer touched.
    await guest.console.check('printf guest-C | dd of=/dev/vdb bs=512 seek=2048 conv=fsync 2>/dev/null');
    expect(
      readFileSync(diskB)
        .subarray(MiB, MiB + 7)
        .toString(),
    ).toBe('guest-C');
    expect(
      readFileSync(diskA)
        .subarray(MiB, MiB + 7)
        .equals(Buffer.alloc(7)),
    ).toBe(true);

    // 4. More PATCHes: a drive limiter, NIC limiters (a second PATCH merges per bucket), the balloon.
    const driveLimit = {
      bandwidth: { size: 4 * MiB, refill_time: 1000 },
      ops: { size: 500, refill_time: 1000 },
    };
    await api.patchDrive({ drive_id: 'data', rate_limiter: driveLimit });
    await api.patchNetworkInterface({
      iface_id: 'eth0',
      rx_rate_limiter: { bandwidth: { size: MiB, refill_time: 100, one_time_burst: 2 * MiB } },
    });
    await api.patchNetworkInterface({
      iface_id: 'eth0',
      rx_rate_limiter: { ops: { size: 100, refill_time: 10 } },
    });
    await api.patchBalloon({ amount_mib: 16 });

    // 5. GET /vm/config is the pre-boot view with exactly those changes, in Firecracker's shape.
    const expected = structuredClone(before) as unknown as ConfigView;
    const [, data] = expected.drives;
    const [nic] = expected['network-interfaces'];
    if (!data || !nic) throw new Error('GET /vm/config lost a device');
    data.path_on_host = diskB;
    data.rate_limiter = {
      bandwidth: { size: 4 * MiB, one_time_burst: null, refill_time: 1000 },
      ops: { size: 500, one_time_burst: null, refill_time: 1000 },
    };
    nic.rx_rate_limiter = {
      bandwidth: { size: MiB, one_time_burst: 2 * MiB, refill_time: 100 },
      ops: { size: 100, one_time_burst: null, refill_time: 10 },
    };
    expected.balloon.amount_mib = 16;
    expect(await api.getVmConfig()).toEqual(expected);
    // 6. The guest still reads the swapped disk after all that.
    expect(await readHead()).toBe('disk-B');
  });
});
