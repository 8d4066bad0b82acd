// Domain verbs for e2e tests: wait for a VM state, look for a VM's traces on its host.
import { existsSync } from 'node:fs';
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

/** What of a VM is still on its host: its directory, its TAP, and processes naming its id. */
export async function hostTraces(host: StackHost, vmId: string, tap: string | null) {
  const dir = join(host.dataDir, 'vms', vmId);
  const tapLink = tap ? await host.netns.exec('ip', ['link', 'show', 'dev', tap]) : undefined;
  const procs = (await host.netns.exec('ps', ['-eo', 'pid,args'])).stdout
    .split('\n')
    .filter((line) => line.includes(vmId));
  return {
    dir: existsSync(dir),
    tap: tapLink ? tapLink.code === 0 : false,
    processes: procs,
  };
}

/** Waits until the agent is the only process left in the host's namespace (no VMM, no QEMU). */
export async function waitForOnlyAgent(host: StackHost, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `only the agent to be left in ${host.hostname}'s namespace`,
    async () => (host.processes().join() === String(host.agentPid()) ? true : undefined),
    { timeoutMs },
  );
}
