// Builds the ext4 root filesystem from static busybox and guest/rootfs/, without mounting anything.
import { chmod, copyFile, mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GuestFile } from './guest-files.js';
import { runCommand } from './run-command.js';

/** Sparse, so the file costs only what is used; room for test data and small installs. */
export const ROOTFS_SIZE_MIB = 128;
export const ROOTFS_LABEL = 'nqvm-root';

export interface RootfsInputs {
  readonly busyboxPath: string;
  /** `busybox --list-full` paths, e.g. `usr/bin/wget`. */
  readonly appletPaths: readonly string[];
  readonly files: readonly GuestFile[];
  /** Scratch directory to lay the tree out in. */
  readonly treeDir: string;
  readonly imagePath: string;
}

export async function buildRootfs(inputs: RootfsInputs): Promise<void> {
  const root = inputs.treeDir;
  const dirs = [
    'bin',
    'sbin',
    'usr/bin',
    'usr/sbin',
    'dev',
    'proc',
    'sys',
    'run',
    'mnt',
    'home',
    'var/log',
    'etc',
  ];
  for (const dir of dirs) await mkdir(join(root, dir), { recursive: true });
  await mkdir(join(root, 'tmp'), { mode: 0o1777 });
  await chmod(join(root, 'tmp'), 0o1777);
  await mkdir(join(root, 'root'), { mode: 0o700 });

  await copyFile(inputs.busyboxPath, join(root, 'bin/busybox'));
  await chmod(join(root, 'bin/busybox'), 0o755);
  for (const applet of inputs.appletPaths) {
    if (applet === 'bin/busybox' || applet === 'linuxrc') continue;
    await mkdir(join(root, dirname(applet)), { recursive: true });
    await symlink('/bin/busybox', join(root, applet));
  }
  for (const file of inputs.files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.data, { mode: file.mode });
    await chmod(target, file.mode);
  }
  // Written at boot from ip=, on tmpfs so a read-only root still gets DNS.
  await symlink('../run/resolv.conf', join(root, 'etc/resolv.conf'));
  await symlink('../run', join(root, 'var/run'));

  await writeFile(inputs.imagePath, '');
  await truncate(inputs.imagePath, ROOTFS_SIZE_MIB * 1024 * 1024);
  await runCommand(
    'mkfs.ext4',
    ['-q', '-F', '-L', ROOTFS_LABEL, '-E', 'root_owner=0:0', '-d', root, inputs.imagePath],
    { step: 'make the ext4 root filesystem' },
  );
}
