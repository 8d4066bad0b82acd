// Domain verbs for e2e tests: wait for a VM state, look for a VM's traces on its host.
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ManagerClient, Vm, VmState } from '@nqvm/client';
import type { StackHost } from './stack.js';
import { waitFor } from './wait.js';

/** Waits until the manager reports the VM in `state`; the error names the last state seen. */
export async function waitForVmState(
  client: ManagerClient,
  id: string,
  state: VmState,
  timeoutMs = 120_000,
): Promise<Vm> {
  let last: Vm | undefined;
  try {
    return await waitFor(
      `VM ${id} to be ${state}`,
      async () => {
        last = await client.vms.get(id);
        return last.state === state ? last : undefined;
      },
      { timeoutMs },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${last?.state} (error: ${last?.error})`);
  }
}

/**
 * A process's command line and working directory. A VMM taken from the agent's warm pool was
 * started with the pool slot's name and paths, so its command line need not name the VM; its
 * working directory (and its QEMU's) was moved into the VM's directory at the hand-over.
 */
function processView(pid: number): string | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return `${argv} (cwd ${readlinkSync(`/proc/${pid}/cwd`)})`;
  } catch {
    return undefined; // gone while we looked
  }
}

/** What of a VM is still on its host: its directory, its TAP, and processes naming it (argv or cwd). */
export async function hostTraces(host: StackHost, vmId: string, tap: string | null) {
  const dir = join(host.dataDir, 'vms', vmId);
  const tapLink = tap ? await host.netns.exec('ip', ['link', 'show', 'dev', tap]) : undefined;
  const procs = host.processes().flatMap((pid) => {
    const seen = processView(pid);
    return seen?.includes(vmId) ? [`${pid} ${seen}`] : [];
  });
  return {
    dir: existsSync(dir),
    tap: tapLink ? tapLink.code === 0 : false,
    processes: procs,
  };
}

/** Waits until no VM's process (VMM, QEMU) is left in the host's namespace: only the agent and its idle pool. */
export async function waitForOnlyAgent(host: StackHost, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `only the agent (and its idle VMM pool) to be left in ${host.hostname}'s namespace`,
    async () => (host.vmProcesses().length === 0 && host.agentPid() !== undefined ? true : undefined),
    { timeoutMs },
  );
}
