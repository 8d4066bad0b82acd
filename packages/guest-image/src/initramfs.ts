// Builds the initramfs: static busybox, the virtio modules in load order, and our /init.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { buildCpio, type CpioEntry } from './cpio.js';
import type { GuestFile } from './guest-files.js';
import type { ModuleFile } from './kernel-modules.js';

export interface InitramfsInputs {
  readonly busybox: Buffer;
  /** Applet names (`sh`, `insmod`, …); each becomes a /bin symlink to busybox. */
  readonly applets: readonly string[];
  readonly modules: readonly ModuleFile[];
  /** guest/initramfs/ (at least `init`). */
  readonly files: readonly GuestFile[];
}

/** Returns the gzip-compressed newc archive. */
export async function buildInitramfs(inputs: InitramfsInputs): Promise<Buffer> {
  const entries: CpioEntry[] = [];
  for (const dir of ['bin', 'sbin', 'dev', 'etc', 'lib', 'lib/modules', 'newroot', 'proc', 'sys', 'tmp']) {
    entries.push({ type: 'dir', path: dir });
  }
  // The kernel opens /dev/console for init before anything mounts devtmpfs.
  entries.push({ type: 'char', path: 'dev/console', major: 5, minor: 1 });
  entries.push({ type: 'char', path: 'dev/null', major: 1, minor: 3, mode: 0o666 });
  entries.push({ type: 'file', path: 'bin/busybox', data: inputs.busybox, mode: 0o755 });
  for (const applet of new Set(inputs.applets)) {
    if (applet !== 'busybox') entries.push({ type: 'symlink', path: `bin/${applet}`, target: 'busybox' });
  }
  for (const mod of inputs.modules) {
    entries.push({ type: 'file', path: `lib/modules/${mod.name}.ko`, data: await readFile(mod.path) });
  }
  const order = inputs.modules.map((m) => m.name).join('\n');
  entries.push({ type: 'file', path: 'etc/modules', data: Buffer.from(`${order}\n`) });
  for (const file of inputs.files)
    entries.push({ type: 'file', path: file.path, data: file.data, mode: file.mode });
  return gzipSync(buildCpio(entries), { level: 9 });
}
