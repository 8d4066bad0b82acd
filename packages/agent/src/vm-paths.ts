// Where each VM's files live under the data dir; the one place that knows the on-disk layout.
import { join } from 'node:path';

/** VM ids double as Firecracker `--id` values, so they follow its character rules. */
export const VM_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9-]{0,63}$';
export const OBJECT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

export interface AgentPaths {
  root: string;
  vmsDir: string;
  imageCacheDir: string;
  credentialFile: string;
  leasesFile: string;
  /** Warm VMM processes' slot dirs: under vms/ so their files rename(2) into a VM dir (same filesystem). */
  poolDir: string;
  vm(id: string): VmPaths;
}

/**
 * One VM's directory. Disk paths are relative (`disks/...`) because the VMM runs with the VM
 * dir as its cwd, like Firecracker under jailer: a snapshot then names its disks relative to
 * the VM, and loading it in a clone's dir opens the clone's copies, never the source's.
 */
export interface VmPaths {
  dir: string;
  record: string;
  apiSock: string;
  consoleIn: string;
  consoleLog: string;
  vmmLog: string;
  metrics: string;
  /**
   * The working directory of a VMM taken from the warm pool (its slot dir, renamed here): it
   * holds a `disks` symlink to `../disks`, so the VMM's relative drive paths reach this VM.
   */
  vmmCwd: string;
  disksDir: string;
  snapshotsDir: string;
  diskRel(driveId: string): string;
  snapshot(snapshotId: string): { dir: string; state: string; mem: string; disksDir: string; meta: string };
}

export const ROOT_DRIVE_ID = 'rootfs';

export function agentPaths(dataDir: string): AgentPaths {
  const vmsDir = join(dataDir, 'vms');
  return {
    root: dataDir,
    vmsDir,
    imageCacheDir: join(dataDir, 'images', 'cache'),
    credentialFile: join(dataDir, 'agent', 'credential.json'),
    leasesFile: join(dataDir, 'agent', 'ip-leases.json'),
    // A dot name can never be a VM id (VM_ID_PATTERN), so it never collides with a VM dir.
    poolDir: join(vmsDir, '.pool'),
    vm: (id) => vmPaths(join(vmsDir, id)),
  };
}

/** Also the layout of a warm-pool slot dir, so a slot's files keep their names when handed over. */
export function vmPaths(dir: string): VmPaths {
  const snapshotsDir = join(dir, 'snapshots');
  return {
    dir,
    record: join(dir, 'vm.json'),
    apiSock: join(dir, 'api.sock'),
    consoleIn: join(dir, 'console.in'),
    consoleLog: join(dir, 'console.log'),
    vmmLog: join(dir, 'vmm.log'),
    metrics: join(dir, 'metrics.json'),
    vmmCwd: join(dir, 'vmm-cwd'),
    disksDir: join(dir, 'disks'),
    snapshotsDir,
    diskRel: (driveId) => join('disks', `${driveId}.img`),
    snapshot: (snapshotId) => {
      const sdir = join(snapshotsDir, snapshotId);
      return {
        dir: sdir,
        state: join(sdir, 'vmstate'),
        mem: join(sdir, 'memory'),
        disksDir: join(sdir, 'disks'),
        meta: join(sdir, 'snapshot.json'),
      };
    },
  };
}
