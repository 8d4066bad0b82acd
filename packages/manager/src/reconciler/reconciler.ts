// Level-based reconciler: compares what the database wants with what each agent reports, and converges.
import type { AgentVm } from '@nqvm/core';
import type { AgentClient } from '../agent/agent-client.js';
import type { HostRow, VmRow } from '../db/schema.js';
import type { VmStateRow } from '../repositories/vm.repository.js';
import type { ServiceContext } from '../services/context.js';
import { isOnline } from '../services/scheduler.js';
import type { VmService } from '../services/vm.service.js';
import { buildAgentSpec } from '../services/vm-spec.js';
import { fromAgentState } from '../services/vm-states.js';

export interface ReconcileReport {
  hostId: string;
  actions: string[];
  error?: string;
}

export interface Backoff {
  failures: number;
  nextAt: number;
}

const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

export function createReconciler(ctx: ServiceContext, vms: VmService) {
  const { repos } = ctx;
  const backoff = new Map<string, Backoff>();
  const running = new Map<string, Promise<ReconcileReport>>();

  async function markLost(host: HostRow, actions: string[]) {
    for (const vm of await repos.vms.listByHost(host.id)) {
      if (ctx.inflight.has(vm.id) || vm.state === 'unknown' || vm.state === 'deleting') continue;
      await vms.setState(vm, { state: 'unknown', error: `host '${host.hostname}' is offline` });
      actions.push(`lost ${vm.id}`);
    }
  }

  /** Exactly the case in which `converge` does nothing: the agent runs it as recorded. */
  function inSync(vm: VmStateRow, seen: AgentVm | undefined): boolean {
    if (!seen || vm.state === 'deleting' || vm.desired_state === 'deleted') return false;
    return fromAgentState(seen.state) === vm.state && (seen.error ?? null) === vm.error;
  }

  // The host's agent comes from the pass: looking it up per VM was one host query per VM per heartbeat.
  async function converge(vm: VmRow, seen: AgentVm | undefined, agent: AgentClient, actions: string[]) {
    if (vm.state === 'deleting' || vm.desired_state === 'deleted') {
      await agent.deleteVm(vm.id);
      await repos.vms.delete(vm.id);
      await ctx.bus.publish({
        kind: 'vm.deleted',
        resource_type: 'vm',
        resource_id: vm.id,
        data: { name: vm.name },
      });
      actions.push(`deleted ${vm.id}`);
      return;
    }
    if (!seen) {
      // The host lost it (reboot, wiped state) or a create was cut short: define it again.
      // PUT is idempotent for the same spec, so a repeat can never make a second VM.
      let agentVm = await agent.putVm(vm.id, await buildAgentSpec(repos, vm));
      actions.push(`defined ${vm.id}`);
      if (vm.desired_state === 'running' || vm.desired_state === 'paused') {
        agentVm = await agent.action(vm.id, 'start');
        actions.push(`started ${vm.id}`);
        if (vm.desired_state === 'paused') agentVm = await agent.action(vm.id, 'pause');
      }
      await vms.setState(vm, vms.observed(agentVm));
      return;
    }
    const state = fromAgentState(seen.state);
    if (vm.state === 'creating' && state === 'stopped' && vm.desired_state === 'running') {
      // A create cut short between "define" and "start": finish it.
      await vms.setState(vm, vms.observed(await agent.action(vm.id, 'start')));
      actions.push(`started ${vm.id}`);
      return;
    }
    if (state === vm.state && (seen.error ?? null) === vm.error) return;
    // A guest that powered itself off meant it: desired follows, we don't restart it.
    const desired = state === 'stopped' && vm.desired_state !== 'stopped' ? 'stopped' : vm.desired_state;
    await vms.setState(vm, { ...vms.observed(seen), state, desired_state: desired });
    actions.push(`observed ${vm.id} ${vm.state}->${state}`);
  }

  async function reconcileHost(host: HostRow): Promise<ReconcileReport> {
    const actions: string[] = [];
    if (!isOnline(host, ctx.now(), ctx.config.hostTimeoutMs)) {
      await markLost(host, actions);
      return { hostId: host.id, actions };
    }
    const agent = await ctx.agents.forHost(host.id);
    // Inventory first, rows second: a VM row is always written before its agent call, so
    // anything in this inventory that has no row by now is a true orphan.
    const inventory = await agent.listVms();
    const seen = new Map(inventory.map((v) => [v.id, v]));
    // A pass runs on every heartbeat, and with thousands of VMs per host it usually changes nothing:
    // compare a few columns first and read a whole row only for a VM that needs converging.
    const rows = await repos.vms.listStatesByHost(host.id);
    for (const light of rows) {
      if (ctx.inflight.has(light.id) || inSync(light, seen.get(light.id))) continue;
      const vm = await repos.vms.get(light.id);
      if (vm) await converge(vm, seen.get(vm.id), agent, actions);
    }
    // Only what the agent runs but this host's rows lack can be an orphan: ask about those alone.
    const onHost = new Set(rows.map((r) => r.id));
    const known = await repos.vms.existingIds(inventory.filter((v) => !onHost.has(v.id)).map((v) => v.id));
    for (const orphan of [...inventory].sort((a, b) => a.id.localeCompare(b.id))) {
      if (ctx.inflight.has(orphan.id) || onHost.has(orphan.id) || known.has(orphan.id)) continue;
      await agent.deleteVm(orphan.id);
      actions.push(`removed orphan ${orphan.id}`);
    }
    return { hostId: host.id, actions };
  }

  /** One pass for one host; concurrent callers share the pass in progress. */
  function reconcileHostById(hostId: string): Promise<ReconcileReport> {
    const current = running.get(hostId);
    if (current) return current;
    const pass = (async () => {
      const host = await repos.hosts.get(hostId);
      if (!host) return { hostId, actions: [] };
      try {
        const report = await reconcileHost(host);
        backoff.delete(hostId);
        return report;
      } catch (err) {
        const failures = (backoff.get(hostId)?.failures ?? 0) + 1;
        const delay = Math.min(BASE_BACKOFF_MS * 2 ** (failures - 1), MAX_BACKOFF_MS);
        backoff.set(hostId, { failures, nextAt: ctx.now().getTime() + delay });
        ctx.log.warn({ host: hostId, err: (err as Error).message, retryInMs: delay }, 'reconcile failed');
        return { hostId, actions: [], error: (err as Error).message };
      }
    })().finally(() => running.delete(hostId));
    running.set(hostId, pass);
    return pass;
  }

  return {
    reconcileHost: reconcileHostById,

    /** Every host, in id order; hosts still backing off after errors are skipped this pass. */
    async reconcileOnce(options: { ignoreBackoff?: boolean } = {}): Promise<ReconcileReport[]> {
      const reports: ReconcileReport[] = [];
      for (const host of await repos.hosts.list()) {
        const wait = backoff.get(host.id);
        if (!options.ignoreBackoff && wait && wait.nextAt > ctx.now().getTime()) continue;
        reports.push(await reconcileHostById(host.id));
      }
      return reports;
    },

    backoffOf: (hostId: string) => backoff.get(hostId),
  };
}

export type Reconciler = ReturnType<typeof createReconciler>;
