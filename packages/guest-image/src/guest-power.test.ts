// The guest powers off cleanly on the ACPI power button and on Ctrl-Alt-Del, and QEMU exits.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootTestGuest, type TempDir, type TestGuest, tempDir, testImages } from '@nqvm/testkit';
import { afterEach, describe, expect, it } from 'vitest';

describe('default guest power-off', () => {
  let guest: TestGuest | undefined;
  let scratch: TempDir | undefined;

  afterEach(async () => {
    await guest?.stop();
    await scratch?.cleanup();
    guest = undefined;
    scratch = undefined;
  });

  it('powers off on the ACPI power button (QMP system_powerdown), leaving disks clean', async () => {
    // 1. Boot with a data disk, make a filesystem on it and leave it mounted with a new file.
    scratch = await tempDir();
    const disk = join(scratch.path, 'data.img');
    writeFileSync(disk, Buffer.alloc(16 * 1024 * 1024));
    guest = await bootTestGuest({
      images: await testImages(),
      extraArgs: [
        '-drive',
        `id=data,file=${disk},format=raw,if=none`,
        '-device',
        'virtio-blk-device,drive=data',
      ],
    });
    await guest.console.check('mke2fs -q /dev/vdb && mkdir -p /mnt/data && mount /dev/vdb /mnt/data');
    await guest.console.check('echo kept > /mnt/data/file');

    // 2. Press the power button: acpid runs poweroff, init runs rcK (sync, unmount).
    await (await guest.qmp()).execute('system_powerdown');

    // 3. The guest shuts down by itself and QEMU exits (no kill).
    expect(await guest.waitForExit(60_000)).toBe(0);
    expect(guest.console.transcript()).toMatch(/reboot: Power down/);

    // 4. The data disk was unmounted cleanly and the file reached it.
    expect(execFileSync('dumpe2fs', ['-h', disk], { stdio: 'pipe' }).toString()).toMatch(
      /Filesystem state:\s+clean/,
    );
    expect(execFileSync('debugfs', ['-R', 'cat /file', disk], { stdio: 'pipe' }).toString()).toBe('kept\n');
  });

  it('powers off when init gets SIGINT (what the kernel sends on Ctrl-Alt-Del)', async () => {
    guest = await bootTestGuest({ images: await testImages() });
    guest.console.write('kill -INT 1\n');
    expect(await guest.waitForExit(60_000)).toBe(0);
    expect(guest.console.transcript()).toMatch(/reboot: Power down/);
  });

  // QMP send-key ctrl-alt-delete cannot be tested: microvm has no i8042, and with `-device i8042`
  // the guest's probe fails with -EINVAL (no keyboard IRQ), so no key reaches it (see README).
});
