// Hands a warm-pool VMM's files over to a VM: rename(2) moves them while the VMM keeps its open fds and bound socket.
import { readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VmPaths } from './vm-paths.js';

/** The slot files, by their names in both the slot dir and the VM dir (the same layout). */
const HANDED_OVER = ['consoleIn', 'consoleLog', 'vmmLog', 'metrics', 'apiSock'] as const;
/** These accumulate across a VM's boots (console history, logs): earlier bytes are kept in front. */
const APPENDED = new Set<string>(['consoleLog', 'vmmLog', 'metrics']);

/**
 * Moves a pooled VMM's slot into the VM. The slot dir itself is the VMM's cwd, and a VM's drive
 * paths are relative (`disks/...`, so snapshots load in a clone's dir): the slot dir becomes
 * `<vm>/vmm-cwd`, with a `disks` symlink to the VM's disks. Its files then move up to the VM's
 * own paths; open descriptors follow the inode, and a bound unix socket answers at its new name.
 * Throws on any failure; the caller then kills the VMM and removes `vmmCwd`.
 */
export async function handOverSlot(slotDir: string, vm: VmPaths): Promise<void> {
  await rm(vm.vmmCwd, { recursive: true, force: true });
  await rename(slotDir, vm.vmmCwd);
  await symlink('../disks', join(vm.vmmCwd, 'disks'));
  for (const key of HANDED_OVER) {
    const name = vm[key].slice(vm.dir.length + 1);
    const from = join(vm.vmmCwd, name);
    if (APPENDED.has(key)) await keepEarlierBytes(vm[key], from);
    await rename(from, vm[key]);
  }
}

/**
 * A restarted VM's console log and VMM log continue the old files, as with a cold spawn's
 * O_APPEND open. The pooled VMM's file is a new inode, so the old bytes are written in front of
 * what it holds (its start-up lines). The VMM is idle until it is handed over, so nothing it
 * writes can fall between the read and the rewrite; its O_APPEND descriptor then writes after.
 */
async function keepEarlierBytes(vmFile: string, slotFile: string): Promise<void> {
  const size = await stat(vmFile).then(
    (s) => s.size,
    () => 0,
  );
  if (size === 0) return;
  const earlier = await readFile(vmFile);
  const fresh = await readFile(slotFile);
  await writeFile(slotFile, Buffer.concat([earlier, fresh]));
}
