// Chooses KVM or TCG; `auto` picks KVM only once a guest kernel has been seen booting on it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '@nqvm/core';
import type { VmmLog } from '../backend.js';
import type { Accel } from './qemu-args.js';

export type AccelSetting = 'auto' | Accel;

export interface ResolveAccelOptions {
  /** The option wins over NQVM_ACCEL. */
  accel?: AccelSetting;
  qemuBinary?: string;
  /** The kernel to prove KVM with (the VM's own kernel). Without one, auto means TCG. */
  kernelPath?: string;
  /** Where the verdict is cached (default: the nqvm data dir). */
  cacheDir?: string;
  log?: VmmLog;
  env?: NodeJS.ProcessEnv;
  probeTimeoutMs?: number;
  /**
   * Boot the probe even where a cheap tell (kvm_pvm) says KVM won't work, and ignore cached
   * verdicts: `nqvm doctor` shows a verdict it has just seen, not one it remembers.
   */
  proveNow?: boolean;
}

export interface AccelChoice {
  accel: Accel;
  why: string;
}

export async function resolveAccel(opts: ResolveAccelOptions = {}): Promise<AccelChoice> {
  const env = opts.env ?? process.env;
  const setting = (opts.accel ?? (env.NQVM_ACCEL as AccelSetting | undefined) ?? 'auto') as AccelSetting;
  const choice = await decide(setting, opts, env);
  opts.log?.info('accelerator chosen', { accel: choice.accel, why: choice.why });
  return choice;
}

async function decide(
  setting: AccelSetting,
  opts: ResolveAccelOptions,
  env: NodeJS.ProcessEnv,
): Promise<AccelChoice> {
  if (setting === 'kvm' || setting === 'tcg') return { accel: setting, why: `requested (${setting})` };
  if (!existsSync('/dev/kvm')) return { accel: 'tcg', why: '/dev/kvm is missing' };
  // The nested "PVM" KVM opens fine but cannot run an unmodified Linux guest.
  if (!opts.proveNow && existsSync('/sys/module/kvm_pvm'))
    return { accel: 'tcg', why: 'kvm_pvm is loaded (KVM cannot run stock guests)' };
  if (!opts.kernelPath) return { accel: 'tcg', why: 'no kernel to prove KVM with' };
  const binary = opts.qemuBinary ?? 'qemu-system-x86_64';
  const key = `${qemuVersion(binary)}|${opts.kernelPath}|${fileStamp(opts.kernelPath)}`;
  const cacheFile = join(opts.cacheDir ?? dataDir(env), 'accel-verdicts.json');
  const cache = readCache(cacheFile);
  const cached = opts.proveNow ? undefined : cache[key];
  if (cached) return { accel: cached, why: 'cached verdict of an earlier KVM boot probe' };
  const ok = await probeKvm(binary, opts.kernelPath, opts.probeTimeoutMs ?? 8000);
  cache[key] = ok ? 'kvm' : 'tcg';
  writeCache(cacheFile, cache);
  return ok
    ? { accel: 'kvm', why: 'a guest kernel booted under KVM' }
    : { accel: 'tcg', why: 'a guest kernel did not boot under KVM' };
}

/**
 * Boots the kernel with no root device: a kernel that gets as far as trying to mount root
 * (or running /init) has survived everything KVM could break.
 */
function probeKvm(binary: string, kernel: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(
      binary,
      [
        ...['-M', 'microvm,acpi=on', '-nodefaults', '-no-user-config', '-nographic', '-no-reboot'],
        ...['-accel', 'kvm', '-cpu', 'host', '-m', '128M', '-kernel', kernel],
        ...['-append', 'console=ttyS0 panic=-1 loglevel=4', '-serial', 'stdio'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let text = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (/VFS: |Run \/init|Kernel panic/.test(text)) done(true);
    });
    child.once('error', () => done(false));
    child.once('exit', () => done(/VFS: |Run \/init|Kernel panic/.test(text)));
  });
}

function qemuVersion(binary: string): string {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.stdout?.split('\n')[0]?.trim() ?? 'unknown';
}

function fileStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}-${Math.floor(s.mtimeMs)}`;
  } catch {
    return 'missing';
  }
}

function readCache(file: string): Record<string, Accel> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Accel>;
  } catch {
    return {};
  }
}

function writeCache(file: string, cache: Record<string, Accel>): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify(cache, null, 2));
  } catch {
    // A cache we cannot write only costs a probe next time.
  }
}
