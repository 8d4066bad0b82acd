// Host plumbing for the bench stack: the manager↔agent link, a free port, the images, leftovers.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import type { Manifest } from '@nqvm/guest-image';
import type { TestNetns } from '@nqvm/testkit';

export interface Uplink {
  /** The root end's address: where the manager listens. */
  rootAddr: string;
  /** The namespace end's address: where the agent listens. */
  nsAddr: string;
  remove(): void;
}

function run(command: string, args: readonly string[]): void {
  const out = spawnSync(command, args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${out.stderr || out.error}`);
}

/** What must not outlive the bench even when it crashes; run synchronously at exit. */
const atExit = new Set<() => void>();
let hooked = false;

/**
 * Call before createNetns: exit listeners run in order, and the testkit's own deletes the
 * namespace, after which its processes can no longer be found by name.
 */
export function onBenchExit(cleanup: () => void): () => void {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of atExit) {
        try {
          c();
        } catch {
          // best effort: keep going
        }
      }
    });
  }
  atExit.add(cleanup);
  return () => atExit.delete(cleanup);
}

/** A veth pair on a /24 no interface here uses; the namespace end is called `uplink`. */
export function uplink(netns: TestNetns, tag: string): Uplink {
  const used = spawnSync('ip', ['-o', '-4', 'addr', 'show'], { encoding: 'utf8' }).stdout ?? '';
  let subnet = '';
  for (let n = 1; n < 255 && !subnet; n++) if (!used.includes(` 10.214.${n}.`)) subnet = `10.214.${n}`;
  if (!subnet) throw new Error('no free 10.214.x.0/24 for the bench link');
  const rootEnd = `nqb${tag}`;
  run('ip', ['link', 'add', rootEnd, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', netns.name]);
  const remove = () => {
    spawnSync('ip', ['link', 'del', rootEnd], { stdio: 'ignore' });
    forget();
  };
  const forget = onBenchExit(remove);
  try {
    run('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', rootEnd]);
    run('ip', ['link', 'set', rootEnd, 'up']);
    run('ip', ['-n', netns.name, 'addr', 'add', `${subnet}.2/24`, 'dev', 'uplink']);
    run('ip', ['-n', netns.name, 'link', 'set', 'uplink', 'up']);
  } catch (err) {
    remove();
    throw err;
  }
  return { rootAddr: `${subnet}.1`, nsAddr: `${subnet}.2`, remove };
}

/** SIGKILLs every process in the namespace (VMMs and QEMUs a stopped agent leaves running). */
export function killNamespaceProcesses(ns: string): number {
  const out = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  const pids = (out.stdout ?? '').split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids.length;
}

/** Kills until the namespace is empty (a QEMU can take a moment to die). */
export async function emptyNamespace(ns: string): Promise<void> {
  for (let round = 0; round < 50 && killNamespaceProcesses(ns) > 0; round++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A TCP port free on `addr` right now. */
export function freePort(addr: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, addr, () => {
      const a = server.address();
      server.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The manager's own copy of the default images (sparse, cheap) and a manifest naming them: a
 * concurrent `images prepare` elsewhere cannot change the bytes behind a registered sha256.
 */
export async function writeManagerManifest(manifest: Manifest, imagesDir: string): Promise<void> {
  const items = [];
  for (const item of manifest.items) {
    const path = join(imagesDir, basename(item.path));
    run('cp', ['--reflink=auto', '--sparse=always', item.path, path]);
    items.push({ ...item, path, sha256: await sha256Of(path), size: statSync(path).size });
  }
  await writeFile(join(imagesDir, 'manifest.json'), JSON.stringify({ ...manifest, items }, null, 2));
}

/** An agent's image cache (`images/cache/<sha256>`) filled with the default images, as if fetched. */
export async function copyImages(manifest: Manifest, cacheDir: string): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  for (const item of manifest.items) {
    run('cp', ['--reflink=auto', '--sparse=always', item.path, join(cacheDir, item.sha256)]);
  }
}

/** Removes the agent's cgroup parent (`NQVM_CGROUP_NAME`) under every hierarchy, children first. */
export function removeCgroupTree(name: string): void {
  const root = '/sys/fs/cgroup';
  // v2 at the root; v1 under this process's own group of each controller, as the agent nests them.
  const parents = [join(root, name)];
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, ctrls, path] = line.split(':');
    for (const ctrl of ctrls ? ctrls.split(',') : []) parents.push(join(root, ctrl, path ?? '/', name));
  }
  const rmTree = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const child = join(dir, entry);
      if (statSync(child).isDirectory()) rmTree(child);
    }
    try {
      rmdirSync(dir);
    } catch {
      // a process is still leaving it, or not ours: best effort
    }
  };
  for (const p of parents) rmTree(p);
}
