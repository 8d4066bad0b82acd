// Kernel parameters that keep a TCG guest booting when the host is busy.
import { readFileSync } from 'node:fs';

/**
 * Under TCG the guest's TSC ticks at the host's TSC rate, but the guest kernel measures it
 * against the emulated PIT. On a loaded host that measurement fails ("tsc: Unable to
 * calibrate against PIT") and the boot then hangs with no further output. Telling the kernel
 * the rate (`tsc_early_khz=`) skips the fragile path. Returns [] when the rate is unknown.
 */
export function tcgKernelParams(cpuinfo: string = readCpuinfo()): string[] {
  const khz = parseTscKhz(cpuinfo);
  return khz ? [`tsc_early_khz=${khz}`] : [];
}

/**
 * The host TSC rate in kHz from /proc/cpuinfo: "cpu MHz" is the TSC rate only when the TSC is
 * constant (`constant_tsc`); otherwise we don't guess.
 */
export function parseTscKhz(cpuinfo: string): number | undefined {
  const flags = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]?.split(/\s+/) ?? [];
  if (!flags.includes('constant_tsc')) return undefined;
  const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(cpuinfo)?.[1]);
  return Number.isFinite(mhz) && mhz > 0 ? Math.round(mhz * 1000) : undefined;
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}
