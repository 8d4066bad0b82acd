// Start-up reconcile: re-adopt live VMMs, mark dead ones stopped, remove leftovers of deleted VMs.

import type { AgentVmState as VmState } from '@nqvm/core';
import { createFirecrackerClient } from '@nqvm/fc-api';
import type { AgentContext } from './agent-context.js';
import type { VmService } from './vm.service.js';
import type { VmRecord } from './vm-types.js';
import { isOurVmm, signalVmm, vmmSockArg } from './vmm-process.js';

export interface ReconcileReport {
  adopted: string[];
  stopped: string[];
  removed: string[];
  removedTaps: string[];
}

const ADOPT_API_TIMEOUT_MS = 5_000;

/**
 * Level-based and idempotent: it looks only at what is on disk and in /proc now, so running
 * it after any crash (even mid-create or mid-delete) converges to a consistent host.
 */
export async function reconcileOnStart(ctx: AgentContext, vms: VmService): Promise<ReconcileReport> {
  const report: ReconcileReport = { adopted: [], stopped: [], removed: [], removedTaps: [] };
  const known = new Map<string, VmRecord>();
  for (const id of await ctx.store.listDirs()) {
    await vms.locks.run(id, async () => {
      const record = await ctx.store.load(id).catch(() => undefined);
      if (!record || record.deleting) {
        await removeLeftover(ctx, vms, id, record);
        report.removed.push(id);
        return;
      }
      known.set(id, record);
      if (await adopt(ctx, vms, record)) report.adopted.push(id);
      else if (record.state !== 'stopped') {
        await markStopped(vms, record);
        report.stopped.push(id);
      }
    });
  }
  report.removedTaps = await removeStrayTaps(ctx, known);
  const leases = await ctx.leases.all();
  for (const key of Object.keys(leases)) {
    const vmId = key.split('/')[0] ?? '';
    if (!known.has(vmId)) await ctx.leases.release(vmId);
  }
  ctx.log.info(report, 'start-up reconcile done');
  return report;
}

/** pid alive + its cmdline names this VM's socket + the socket answers: then it is ours. */
async function adopt(ctx: AgentContext, vms: VmService, record: VmRecord): Promise<boolean> {
  const paths = ctx.paths.vm(record.id);
  const sock = paths.apiSock;
  if (record.pid === undefined || !(await isOurVmm(record.pid, vmmSockArg(record, paths)))) return false;
  const client = createFirecrackerClient(sock, { timeoutMs: ADOPT_API_TIMEOUT_MS });
  let observed: VmState;
  let error: string | undefined;
  try {
    const info = await client.describeInstance();
    observed = info.state === 'Paused' ? 'paused' : info.state === 'Running' ? 'running' : 'error';
    // "Not started": the previous agent died between spawn and InstanceStart.
    if (observed === 'error') error = 'the agent restarted while this VM was starting';
  } catch (err) {
    observed = 'error';
    error = `VMM runs but its API does not answer: ${(err as Error).message}`;
  }
  if (record.state === 'starting' && observed === 'error') {
    client.close();
    signalVmm(record.pid, 'SIGKILL');
    return false;
  }
  vms.runner.adopt(record.id, record.pid, client);
  record.state = observed;
  record.error = error;
  await vms.save(record);
  return true;
}

async function markStopped(vms: VmService, record: VmRecord): Promise<void> {
  await vms.runner.cleanupHost(record);
  const hadPid = record.pid !== undefined;
  record.state = 'stopped';
  record.error = hadPid ? `VMM process ${record.pid} exited while the agent was not running` : record.error;
  record.pid = undefined;
  record.vmm_sock_arg = undefined;
  record.started_at = undefined;
  await vms.save(record);
}

async function removeLeftover(
  ctx: AgentContext,
  vms: VmService,
  id: string,
  record?: VmRecord,
): Promise<void> {
  if (record?.pid !== undefined && (await isOurVmm(record.pid, vmmSockArg(record, ctx.paths.vm(id))))) {
    signalVmm(record.pid, 'SIGKILL');
  }
  if (record) await vms.runner.cleanupHost(record);
  await ctx.leases.release(id);
  await ctx.store.removeDir(id);
}

/** TAPs with our prefix that no known VM owns are leftovers of VMs deleted mid-crash. */
async function removeStrayTaps(ctx: AgentContext, known: Map<string, VmRecord>): Promise<string[]> {
  const owned = new Set(
    [...known.values()].flatMap((r) => [...r.nics.map((n) => n.tap), ...(r.retired_taps ?? [])]),
  );
  let taps: string[];
  try {
    taps = await ctx.network.listTaps();
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'cannot list TAPs; skipping TAP cleanup');
    return [];
  }
  const stray = taps.filter((t) => !owned.has(t));
  for (const tap of stray) await ctx.network.deleteTap(tap);
  return stray;
}
