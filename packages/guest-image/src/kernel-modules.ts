// Picks the kernel modules the guest needs and orders them so each loads after its dependencies.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imageErrors } from './errors.js';

/**
 * Built as modules in Debian's cloud kernel but needed before the root disk is mounted:
 * virtio-mmio transport, disk, network, balloon, entropy, vsock, and the ACPI power button
 * with evdev so busybox acpid sees it.
 */
export const GUEST_MODULES = [
  'virtio_mmio',
  'virtio_blk',
  'virtio_net',
  'virtio_balloon',
  'virtio_rng',
  'vmw_vsock_virtio_transport',
  'button',
  'evdev',
] as const;

/** Module names use `_`; file names sometimes use `-` (virtio-rng.ko). */
export function normalizeModuleName(name: string): string {
  return name.replace(/-/g, '_');
}

/** Reads `depends=` from a module's .modinfo strings (the data `modinfo -F depends` prints). */
export function readModuleDepends(ko: Buffer): string[] {
  const key = Buffer.from('\0depends=');
  const at = ko.indexOf(key);
  if (at < 0) return [];
  const start = at + key.length;
  const end = ko.indexOf(0, start);
  const value = ko.toString('utf8', start, end < 0 ? undefined : end);
  return value
    .split(',')
    .map((d) => normalizeModuleName(d.trim()))
    .filter(Boolean);
}

/**
 * Orders `wanted` and everything they depend on so dependencies come first (depth-first
 * post-order, deterministic for a given input order). Throws on a dependency cycle.
 */
export function moduleLoadOrder(
  wanted: readonly string[],
  dependsOf: (name: string) => readonly string[],
): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`module dependency cycle: ${[...path, name].join(' -> ')}`);
    state.set(name, 'visiting');
    for (const dep of dependsOf(name)) visit(dep, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of wanted) visit(normalizeModuleName(name), []);
  return order;
}

export interface ModuleFile {
  readonly name: string;
  readonly path: string;
}

/** Finds GUEST_MODULES and their dependencies under `<root>/lib/modules/<release>`, in load order. */
export async function collectGuestModules(
  root: string,
  release: string,
  packageName: string,
): Promise<ModuleFile[]> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.ko')) files.set(normalizeModuleName(entry.name.slice(0, -3)), path);
    }
  };
  await walk(join(root, 'lib', 'modules', release, 'kernel'));
  const depends = new Map<string, string[]>();
  for (const name of GUEST_MODULES) await loadDepends(name);

  async function loadDepends(name: string): Promise<void> {
    if (depends.has(name)) return;
    const path = files.get(name);
    if (!path) throw imageErrors.IMAGE_MODULE_MISSING({ module: name, package: packageName });
    const deps = readModuleDepends(await readFile(path));
    depends.set(name, deps);
    for (const dep of deps) await loadDepends(dep);
  }

  return moduleLoadOrder(GUEST_MODULES, (name) => depends.get(name) ?? []).map((name) => ({
    name,
    path: files.get(name) as string,
  }));
}
