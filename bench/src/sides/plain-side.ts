// The plain QEMU side: the exact command line fc-vmm ran for the agent's VM, started directly.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestNetns } from '@nqvm/testkit';
import { inNetns, plainQemuArgs, startPlainQemu } from '../processes.js';
import { prepareHostGuest } from './host-guest.js';
import type { Side } from './side.js';
import type { VmTemplate } from './vm-template.js';

/** fc-vmm's QEMU argv for this guest's disk and TAP, minus -S, with private QMP and RAM paths. */
export function plainArgsFor(
  template: VmTemplate,
  dir: string,
  tag: string,
  rootfs: string,
  tap: string,
): string[] {
  return plainQemuArgs(template.qemuArgs, dir, tag).map((a) =>
    a
      .replace(`filename=${template.rootDiskPath},`, `filename=${rootfs},`)
      .replace(`ifname=${template.tap},`, `ifname=${tap},`),
  );
}

export function plainSide(netns: TestNetns, template: VmTemplate, dir: string): Side {
  return {
    key: 'qemu',
    label: 'plain QEMU: copy disk, TAP, same command line → console answers',
    async launch(tag) {
      const host = await prepareHostGuest(netns, template.rootfsImage, dir, tag);
      const qemu = startPlainQemu(
        plainArgsFor(template, dir, tag, host.rootfs, host.tap),
        `plain ${tag}`,
        inNetns(netns.name),
      );
      return {
        console: qemu.console,
        async teardown() {
          await qemu.kill();
          await host.remove();
          await rm(join('/dev/shm', `nqvm-bench-${process.pid}-${tag}.ram`), { force: true });
        },
      };
    },
  };
}
