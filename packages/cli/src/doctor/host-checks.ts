// The host capabilities nqvm needs, each checked for real (run the tool, open the device, create the thing).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, constants, readdir, readFile, statfs } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dataDir } from '@nqvm/core';
import type { Check } from './check.js';

const exec = promisify(execFile);

async function output(cmd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await exec(cmd, args, { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

const isRoot = () => process.getuid?.() === 0;

export const qemuCheck: Check = {
  name: 'QEMU',
  required: true,
  async run() {
    const version = await output('qemu-system-x86_64', ['--version']);
    if (!version) {
      return {
        status: 'fail',
        detail: 'qemu-system-x86_64 not found',
        fix: 'apt-get install qemu-system-x86',
      };
    }
    const machines = (await output('qemu-system-x86_64', ['-machine', 'help'])) ?? '';
    if (!/^microvm\b/m.test(machines)) {
      return {
        status: 'fail',
        detail: `${version.split('\n')[0]} has no microvm machine`,
        fix: 'install QEMU >= 4.2',
      };
    }
    return { status: 'ok', detail: version.split('\n')[0] ?? version };
  },
};

export const tcgCheck: Check = {
  name: 'TCG (software emulation)',
  required: true,
  async run() {
    const accels = (await output('qemu-system-x86_64', ['-accel', 'help'])) ?? '';
    return /\btcg\b/.test(accels)
      ? { status: 'ok', detail: 'available: guests run everywhere, slower than KVM' }
      : { status: 'fail', detail: 'this QEMU has no TCG', fix: 'apt-get install qemu-system-x86' };
  },
};

export const tunCheck: Check = {
  name: 'TUN/TAP',
  required: true,
  async run() {
    try {
      await access('/dev/net/tun', constants.R_OK | constants.W_OK);
      return { status: 'ok', detail: '/dev/net/tun is usable' };
    } catch {
      return {
        status: 'fail',
        detail: '/dev/net/tun missing or not writable',
        fix: isRoot() ? 'modprobe tun' : 'run nqvm as root (guests need TAP devices)',
      };
    }
  },
};

/** Creates a network namespace with a bridge inside, then deletes it: proves both features at once. */
export const netnsBridgeCheck: Check = {
  name: 'bridge + netns',
  required: true,
  async run() {
    if (!isRoot()) return { status: 'fail', detail: 'needs root', fix: 'run nqvm as root' };
    const ns = `nqvm-doctor-${randomBytes(3).toString('hex')}`;
    try {
      await exec('ip', ['netns', 'add', ns]);
      await exec('ip', ['-n', ns, 'link', 'add', 'br0', 'type', 'bridge']);
      return { status: 'ok', detail: 'created a bridge inside a throwaway network namespace' };
    } catch (err) {
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      return { status: 'fail', detail: msg ?? 'ip failed', fix: 'apt-get install iproute2; modprobe bridge' };
    } finally {
      await exec('ip', ['netns', 'del', ns]).catch(() => undefined);
    }
  },
};

/** Free space where VM disks, snapshots and images go. Warn under 5 GiB, fail under 1 GiB. */
export const diskCheck: Check = {
  name: 'free disk (data dir)',
  required: false,
  async run() {
    let dir = dataDir();
    // The data dir may not exist yet: measure the nearest existing parent.
    while (dir !== '/') {
      try {
        await access(dir);
        break;
      } catch {
        dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
      }
    }
    const fs = await statfs(dir);
    const free = fs.bavail * fs.bsize;
    const gib = (free / 2 ** 30).toFixed(1);
    const detail = `${gib} GiB free under ${dataDir()}`;
    if (free < 2 ** 30) return { status: 'fail', detail, fix: 'free space or set NQVM_DATA_DIR elsewhere' };
    if (free < 5 * 2 ** 30) return { status: 'warn', detail, fix: 'VM disks and snapshots need space' };
    return { status: 'ok', detail };
  },
};

export const postgresCheck: Check = {
  name: 'PostgreSQL server',
  required: false,
  async run() {
    const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
    for (const v of versions.sort().reverse()) {
      try {
        await access(`/usr/lib/postgresql/${v}/bin/postgres`, constants.X_OK);
        return { status: 'ok', detail: `PostgreSQL ${v} binaries (optional: PGlite is the default)` };
      } catch {}
    }
    return {
      status: 'warn',
      detail: 'not installed; the embedded PGlite database is used',
      fix: 'apt-get install postgresql (only for DATABASE_URL=postgres://... or the test suite)',
    };
  },
};

export const chromiumCheck: Check = {
  name: 'Chromium',
  required: false,
  async run() {
    const version = await output('chromium', ['--version']);
    return version
      ? { status: 'ok', detail: `${version} (browser tests)` }
      : {
          status: 'warn',
          detail: 'not installed (only the UI tests need it)',
          fix: 'apt-get install chromium',
        };
  },
};

/** Per-VM memory/CPU limits need writable cgroups: v2 with controllers, or the v1 memory+cpu hierarchies. */
export const cgroupCheck: Check = {
  name: 'cgroups',
  required: false,
  async run() {
    const writable = (path: string) =>
      access(path, constants.W_OK).then(
        () => true,
        () => false,
      );
    const v2Controllers = await readFile('/sys/fs/cgroup/cgroup.controllers', 'utf8').catch(() => '');
    if (/\bmemory\b/.test(v2Controllers) && (await writable('/sys/fs/cgroup'))) {
      return { status: 'ok', detail: 'cgroup v2: each VMM gets memory and CPU limits' };
    }
    if ((await writable('/sys/fs/cgroup/memory')) && (await writable('/sys/fs/cgroup/cpu'))) {
      return { status: 'ok', detail: 'cgroup v1 (memory, cpu): each VMM gets memory and CPU limits' };
    }
    return {
      status: 'warn',
      detail: 'no writable cgroup memory/cpu controllers: VMMs run without per-VM limits',
      fix: 'run nqvm as root on a host with cgroup v2 (or v1 memory and cpu hierarchies) mounted',
    };
  },
};
