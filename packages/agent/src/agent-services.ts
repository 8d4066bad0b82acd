// The services the routes call, built over one AgentContext.
import type { AgentContext } from './agent-context.js';
import { createDeviceService, type DeviceService } from './device.service.js';
import { createVmmVersion, hostCapacity, hostUsage } from './host-info.js';
import { createPrometheus } from './prometheus.js';
import { createSnapshotService, type SnapshotService } from './snapshot.service.js';
import { createVmService, type VmService } from './vm.service.js';
import { createVmMetrics, type VmMetrics } from './vm-metrics.js';
import type { VmRecord } from './vm-types.js';

export interface AgentServices {
  vms: VmService;
  devices: DeviceService;
  snapshots: SnapshotService;
  vmMetrics: VmMetrics;
  prometheus: ReturnType<typeof createPrometheus>;
  records(): Promise<VmRecord[]>;
  info(): Promise<Record<string, unknown>>;
  capacity: () => ReturnType<typeof hostCapacity>;
  usage: () => ReturnType<typeof hostUsage>;
}

export function createAgentServices(ctx: AgentContext): AgentServices {
  const vms = createVmService(ctx);
  const vmMetrics = createVmMetrics(ctx.paths);
  const vmmVersion = createVmmVersion(ctx.config.vmmPath);
  async function records(): Promise<VmRecord[]> {
    const out: VmRecord[] = [];
    for (const id of await ctx.store.listDirs()) {
      const r = await ctx.store.load(id).catch(() => undefined);
      if (r && !r.deleting) out.push(r);
    }
    return out;
  }
  const capacity = () => hostCapacity(ctx.config.dataDir);
  const usage = async () => hostUsage(ctx.paths, await records());
  return {
    vms,
    devices: createDeviceService(ctx, vms),
    snapshots: createSnapshotService(ctx, vms),
    vmMetrics,
    prometheus: createPrometheus({ records, vmMetrics }),
    records,
    capacity,
    usage,
    async info() {
      return {
        host_id: ctx.credential.hostId ?? null,
        hostname: ctx.config.hostname,
        addr: ctx.config.addr,
        accel: ctx.config.accel,
        vmm: { path: ctx.config.vmmPath, version: await vmmVersion() },
        capacity: await capacity(),
        usage: await usage(),
        bridge: { name: ctx.config.bridge, cidr: ctx.subnet.cidr, gateway: ctx.subnet.bridgeIp },
      };
    },
  };
}
