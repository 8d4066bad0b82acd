// Boots the built kernel + initramfs + rootfs in QEMU microvm under TCG and drives its console.
import { bootTestGuest, type TestGuest, testImages } from '@nqvm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestItem } from './manifest.js';

describe('default guest boot', () => {
  let guest: TestGuest;
  let kernelRelease: string;

  beforeAll(async () => {
    const images = await testImages();
    kernelRelease = manifestItem(images, 'kernel').version;
    guest = await bootTestGuest({
      images,
      cmdline: ['nqvm.hostname=boot-test'],
      // A blank second disk, to prove /dev/vdb shows up and works.
      extraArgs: [
        '-drive',
        'id=data,file=null-co://,format=raw,if=none,size=8M',
        '-device',
        'virtio-blk-device,drive=data',
      ],
    });
  });

  afterAll(async () => {
    await guest?.stop();
  });

  it('runs the Debian cloud kernel it was built from', async () => {
    expect(await guest.console.check('uname -r')).toBe(kernelRelease);
  });

  it('was booted with our command line and mounted /dev/vda as root', async () => {
    expect(await guest.console.check('cat /proc/cmdline')).toContain('nqvm.hostname=boot-test');
    expect(await guest.console.check('awk \'$2 == "/" { print $1, $3 }\' /proc/mounts')).toBe(
      '/dev/vda ext4',
    );
  });

  it('applies nqvm.hostname=', async () => {
    expect(await guest.console.check('hostname')).toBe('boot-test');
  });

  it('reports exit codes and keeps output lines intact', async () => {
    const result = await guest.console.run('printf "a\\nb\\n"; false');
    expect(result).toEqual({ output: 'a\nb', exitCode: 1 });
  });

  it('has the virtio modules loaded and a usable second disk', async () => {
    const modules = await guest.console.check('cut -d" " -f1 /proc/modules | sort | tr "\\n" " "');
    for (const mod of ['virtio_mmio', 'virtio_blk', 'virtio_net', 'vsock', 'button'])
      expect(modules).toContain(mod);
    expect(await guest.console.check('test -b /dev/vdb && cat /sys/block/vdb/size')).toBe(
      String((8 * 1024 * 1024) / 512),
    );
    await guest.console.check('dd if=/dev/zero of=/dev/vdb bs=4k count=16 2>/dev/null && sync');
  });

  it('gives the shell a controlling tty, so Ctrl-C interrupts a command', async () => {
    expect(await guest.console.check('tty')).toBe('/dev/ttyS0');
    // The background job announces itself a second after the foreground sleep has started,
    // so Ctrl-C cannot arrive while the shell is still between reading the line and exec.
    guest.console.write("(sleep 1; echo sleep''ing) & sleep 300\n");
    await guest.console.waitFor('sleeping');
    guest.console.write('\x03');
    // If Ctrl-C did not reach sleep, this would queue behind it and time out.
    expect(await guest.console.check('echo back', { timeoutMs: 20_000 })).toBe('back');
  });
});
