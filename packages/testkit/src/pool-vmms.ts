// Finds an agent's idle pooled VMMs (NQVM_VMM_POOL) from outside the agent: tests and the bench.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Pids started with their API socket under `poolDir` whose socket is still there: a VMM waiting
 * in the pool. A hand-over renames the socket into the VM's dir, and the command line keeps the
 * old path, so a pooled VMM that now runs a VM is not listed.
 */
export function idlePoolVmms(poolDir: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const i = argv.indexOf('--api-sock');
      const sock = i >= 0 ? (argv[i + 1] ?? '') : '';
      if (sock.startsWith(`${poolDir}/`) && existsSync(sock)) out.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return out;
}
