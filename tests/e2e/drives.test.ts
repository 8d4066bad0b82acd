// A data volume from the image API as an extra drive of a real guest: seen, written, kept, throttled live, removed.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createFirecrackerClient } from '@nqvm/fc-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShell, type Shell } from './support/shell.js';
import { type Stack, startStack } from './support/stack.js';
import { hostTraces, waitForOnlyAgent, waitForVmState } from './support/vms.js';

const VOLUME_BYTES = 32 * 1024 * 1024;
const MARKER = 'nqvm-drive-data-42';
/** Where the guest writes the marker on the raw device (1 MiB in, clear of the timed reads). */
const MARKER_SECTOR = 2048;
/** The live limit: 64 KiB/s, so the 512 KiB read below needs about 8 s instead of milliseconds. */
const LIMIT = { bandwidth: { size: 64 * 1024, refill_time: 1000 } };

describe('drives through the manager on a real guest', () => {
  let stack: Stack;
  let shell: Shell | undefined;
  beforeAll(async () => {
    stack = await startStack({ hosts: 1, database: 'pglite' });
  });
  afterAll(async () => {
    shell?.disconnect();
    await stack?.stop();
  });

  /** Seconds the guest spends reading 512 KiB of the data disk with O_DIRECT, starting at `skipBlocks` × 64 KiB. */
  async function timedRead(device: string, skipBlocks: number): Promise<number> {
    const out = await (shell as Shell).check(
      `a=$(cut -d' ' -f1 /proc/uptime); dd if=${device} of=/dev/null bs=64k count=8 skip=${skipBlocks} iflag=direct 2>/dev/null; b=$(cut -d' ' -f1 /proc/uptime); echo "$a $b"`,
      { timeoutMs: 120_000 },
    );
    const [a, b] = out.trim().split(' ').map(Number);
    return (b as number) - (a as number);
  }

  it('attaches a volume before start, keeps its data across stop/start, throttles it live, and removes it', async () => {
    const { client } = stack;
    const [host] = stack.hosts;
    if (!host) throw new Error('no host');

    // 1. A stopped VM and an empty data volume from the image API.
    const { id } = await client.vms.create({ name: 'drives-vm', vcpu: 1, mem_mib: 256, start: false });
    const volume = await client.images.createVolume({ name: 'drives-data', size_bytes: VOLUME_BYTES });
    expect(await client.images.get(volume.id)).toMatchObject({
      kind: 'data',
      size: VOLUME_BYTES,
      status: 'ready',
    });

    // 2. Attached as drive `data` while stopped: recorded, applied at the next start.
    const drive = await client.drives.create(id, { drive_id: 'data', image_id: volume.id });
    expect(drive).toMatchObject({
      drive_id: 'data',
      image_id: volume.id,
      is_root_device: false,
      is_read_only: false,
      size_bytes: VOLUME_BYTES,
      applied: 'next_start',
    });
    await expect(client.drives.create(id, { drive_id: 'data', image_id: volume.id })).rejects.toMatchObject({
      status: 400,
      code: 'MVM_ERR_DRIVE_EXISTS',
    });
    expect((await client.drives.list(id)).map((d) => d.drive_id).sort()).toEqual(['data', 'rootfs']);

    // 3. Boot: the guest has a second block device of the volume's size, and writes to it.
    await client.vms.start(id);
    shell = await openShell(client, id);
    await shell.waitForBoot(1);
    const device = await shell.check(
      `for d in /sys/block/vd*; do [ "$(cat $d/size)" = ${VOLUME_BYTES / 512} ] && echo /dev/\${d##*/}; done`,
    );
    expect(device).toMatch(/^\/dev\/vd[b-z]$/);
    await shell.check(
      `printf ${MARKER} | dd of=${device} bs=512 seek=${MARKER_SECTOR} conv=fsync 2>/dev/null`,
    );
    // The bytes are in the VM's own copy of the volume on its host.
    const disk = join(host.dataDir, 'vms', id, 'disks', 'data.img');
    expect(await readAt(disk, MARKER_SECTOR * 512, MARKER.length)).toBe(MARKER);

    // 4. Stop and start: the second boot still reads them from the device.
    shell.disconnect();
    await client.vms.stop(id);
    await waitForVmState(client, id, 'stopped');
    await client.vms.start(id);
    shell = await openShell(client, id);
    await shell.waitForBoot(2);
    expect(
      await shell.check(
        `dd if=${device} bs=512 skip=${MARKER_SECTOR} count=1 2>/dev/null | head -c ${MARKER.length}`,
      ),
    ).toBe(MARKER);

    // 5. A bandwidth limit on the running VM applies live: the VMM holds it, and the guest's reads
    //    slow down against the same read unlimited a moment before (a ratio, with a wide margin:
    //    expected ~8 s against well under a second).
    const unlimited = await timedRead(device, 0);
    const limited = await client.drives.update(id, 'data', { rate_limiter: LIMIT });
    expect(limited).toMatchObject({ drive_id: 'data', rate_limiter: LIMIT, applied: 'live' });
    expect((await client.drives.get(id, 'data')).rate_limiter).toEqual(LIMIT);
    const vm = await client.vms.get(id);
    const vmm = createFirecrackerClient(vm.api_sock as string);
    try {
      const config = (await vmm.getVmConfig()) as unknown as {
        drives: Array<{ drive_id: string; rate_limiter?: unknown }>;
      };
      expect(config.drives.find((d) => d.drive_id === 'data')?.rate_limiter).toMatchObject(LIMIT);
    } finally {
      vmm.close();
    }
    const throttled = await timedRead(device, 8);
    expect(throttled, `512 KiB read: ${unlimited} s unlimited, ${throttled} s limited`).toBeGreaterThan(
      4 * Math.max(unlimited, 0.05),
    );

    // 6. Remove the drive while running: it goes from the API and its file from the host now, and
    //    (no hot-unplug) from the guest at the next start.
    expect(await client.drives.delete(id, 'data')).toEqual({ ok: true, applied: 'next_start' });
    expect((await client.drives.list(id)).map((d) => d.drive_id)).toEqual(['rootfs']);
    await expect(client.drives.get(id, 'data')).rejects.toMatchObject({
      status: 404,
      code: 'MVM_ERR_DRIVE_NOT_FOUND',
    });
    expect(await readAt(disk, 0, 1).catch((err: NodeJS.ErrnoException) => err.code)).toBe('ENOENT');
    shell.disconnect();
    await client.vms.stop(id);
    await waitForVmState(client, id, 'stopped');
    await client.vms.start(id);
    shell = await openShell(client, id);
    await shell.waitForBoot(3);
    expect(await shell.check('ls /sys/block | grep ^vd')).toBe('vda');
    shell.disconnect();
    shell = undefined;

    // 7. Delete: nothing of the VM is left on the host; the volume can go now that nothing uses it.
    await client.vms.delete(id);
    expect(await hostTraces(host, id, vm.tap)).toEqual({ dir: false, tap: false, processes: [] });
    await waitForOnlyAgent(host);
    await client.images.delete(volume.id);
  });
});

/** `length` bytes of a file at `offset`, as text. */
async function readAt(path: string, offset: number, length: number): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    await file.read(buf, 0, length, offset);
    return buf.toString('utf8');
  } finally {
    await file.close();
  }
}
