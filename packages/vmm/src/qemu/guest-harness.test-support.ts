// Test support: a VmmContext with in-memory console streams and a default-guest VmResources.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { GUEST_READY_LINE, guestKernelCmdline, manifestItem } from '@nqvm/guest-image';
import { createSerialConsole, type SerialConsole, tempDir, testImages } from '@nqvm/testkit';
import type { VmmContext, VmmLog } from '../backend.js';
import { MmdsStore } from '../mmds-store.js';
import { emptyResources, type VmResources } from '../vm-resources.js';

const run = promisify(execFile);

export { GUEST_READY_LINE };

export interface GuestCtx {
  ctx: VmmContext;
  console: SerialConsole;
  dir: string;
  logs: string[];
  cleanup(): Promise<void>;
}

export async function guestContext(name = 'vm'): Promise<GuestCtx> {
  const dir = await tempDir('fcvmm-test-');
  const consoleIn = new PassThrough();
  const consoleOut = new PassThrough();
  const logs: string[] = [];
  const entry = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    logs.push(`${level} ${msg} ${fields ? JSON.stringify(fields) : ''}`);
    if (process.env.FCVMM_TEST_DEBUG) process.stderr.write(`[${name}] ${logs[logs.length - 1]}\n`);
  };
  const log: VmmLog = {
    error: entry('error'),
    warn: entry('warn'),
    info: entry('info'),
    debug: entry('debug'),
  };
  const ctx: VmmContext = {
    instanceId: name,
    runDir: dir.path,
    consoleIn,
    consoleOut,
    log,
    mmds: new MmdsStore(),
  };
  const console = createSerialConsole(consoleOut, consoleIn, { name, defaultTimeoutMs: 60_000 });
  return { ctx, console, dir: dir.path, logs, cleanup: () => dir.cleanup() };
}

/** The default guest with a private rootfs copy in `dir`. */
export async function guestResources(
  dir: string,
  opts: { memMib?: number; cmdline?: string[] } = {},
): Promise<VmResources> {
  const images = await testImages();
  const rootfs = join(dir, 'rootfs.ext4');
  await run('cp', ['--sparse=always', '--reflink=auto', manifestItem(images, 'rootfs').path, rootfs]);
  const r = emptyResources();
  r.machineConfig.mem_size_mib = opts.memMib ?? 128;
  r.bootSource = {
    kernel_image_path: manifestItem(images, 'kernel').path,
    initrd_path: manifestItem(images, 'initrd').path,
    boot_args: guestKernelCmdline({ extra: opts.cmdline }),
  };
  r.drives.push({ drive_id: 'rootfs', is_root_device: true, path_on_host: rootfs, is_read_only: false });
  return r;
}
