// Plain QEMU restoring a migration file of the same guest (`-incoming`), the baseline of snapshot instantiation.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectQmp, type TestNetns } from '@nqvm/testkit';
import { consoleAnswers, READY } from '../guest-setup.js';
import { incomingArgs, inNetns, startPlainQemu } from '../processes.js';
import { type HostGuest, prepareHostGuest } from './host-guest.js';
import { plainArgsFor } from './plain-side.js';
import type { Side } from './side.js';
import type { VmTemplate } from './vm-template.js';

const exec = promisify(execFile);

export interface SavedGuest {
  /** The migration stream (device state and RAM). */
  state: string;
  /** The root disk as it was when the guest was saved. */
  disk: string;
  remove(): Promise<void>;
}

async function untilNot(
  qmp: Awaited<ReturnType<typeof connectQmp>>,
  cmd: string,
  busy: string[],
): Promise<string> {
  for (;;) {
    const { status } = await qmp.execute<{ status: string }>(cmd);
    if (!busy.includes(status)) return status;
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Boots the template's guest on plain QEMU to the same point as the snapshot source, and saves it. */
export async function savePlainGuest(
  netns: TestNetns,
  template: VmTemplate,
  dir: string,
): Promise<SavedGuest> {
  const host: HostGuest = await prepareHostGuest(netns, template.rootfsImage, dir, 'isrc');
  const qemu = startPlainQemu(
    plainArgsFor(template, dir, 'isrc', host.rootfs, host.tap),
    'plain source',
    inNetns(netns.name),
  );
  const state = join(dir, 'isrc.state');
  try {
    await qemu.console.waitFor(READY);
    await consoleAnswers(qemu.console, 'isrc');
    const qmp = await connectQmp(join(dir, 'isrc-qmp.sock'));
    await qmp.execute('stop');
    await qmp.execute('migrate', { uri: `exec:cat > ${state}` });
    const status = await untilNot(qmp, 'query-migrate', ['setup', 'active', 'device', 'pre-switchover']);
    qmp.close();
    if (status !== 'completed') throw new Error(`plain QEMU migration ended ${status}`);
  } finally {
    await qemu.kill();
    await exec('ip', ['-n', netns.name, 'link', 'del', host.tap]).catch(() => undefined);
    await rm(join('/dev/shm', `nqvm-bench-${process.pid}-isrc.ram`), { force: true });
  }
  return {
    state,
    disk: host.rootfs,
    async remove() {
      await rm(state, { force: true });
      await rm(host.rootfs, { force: true });
    },
  };
}

export function incomingSide(netns: TestNetns, template: VmTemplate, saved: SavedGuest, dir: string): Side {
  return {
    key: 'incoming',
    label: 'plain QEMU -incoming: copy disk, TAP, restore the same guest → console answers',
    restored: true,
    async launch(tag) {
      const host = await prepareHostGuest(netns, saved.disk, dir, tag);
      const args = [
        ...incomingArgs(plainArgsFor(template, dir, tag, host.rootfs, host.tap)),
        '-incoming',
        `exec:cat ${saved.state}`,
      ];
      const qemu = startPlainQemu(args, `plain incoming ${tag}`, inNetns(netns.name));
      const teardown = async () => {
        await qemu.kill();
        await host.remove();
        await rm(join('/dev/shm', `nqvm-bench-${process.pid}-${tag}.ram`), { force: true });
      };
      try {
        // It lands paused once the stream is read; `cont` runs it, as fc-vmm's resume does.
        const qmp = await connectQmp(join(dir, `${tag}-qmp.sock`), 60_000, 1);
        await untilNot(qmp, 'query-status', ['inmigrate']);
        await qmp.execute('cont');
        qmp.close();
      } catch (err) {
        await teardown();
        throw err;
      }
      return { console: qemu.console, teardown };
    },
  };
}
