// The host side of a guest the bench starts itself: a private root-disk copy and a TAP on the namespace's bridge.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestNetns } from '@nqvm/testkit';

const exec = promisify(execFile);

export interface HostGuest {
  rootfs: string;
  tap: string;
  remove(): Promise<void>;
}

let taps = 0;

/**
 * What a user driving the hypervisor by hand does before booting, the same commands as the agent
 * (`cp --reflink=auto --sparse=always`, a TAP enslaved to the bridge), so they count on both sides.
 */
export async function prepareHostGuest(
  netns: TestNetns,
  image: string,
  dir: string,
  tag: string,
): Promise<HostGuest> {
  const rootfs = join(dir, `${tag}.ext4`);
  await exec('cp', ['--reflink=auto', '--sparse=always', image, rootfs]);
  const tap = await netns.createTap(`nqbt${process.pid % 1000}x${taps++}`);
  return {
    rootfs,
    tap,
    async remove() {
      await rm(rootfs, { force: true });
      await exec('ip', ['-n', netns.name, 'link', 'del', tap]).catch(() => undefined);
    },
  };
}
