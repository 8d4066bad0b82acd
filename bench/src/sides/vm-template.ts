// What the agent gave fc-vmm and fc-vmm gave QEMU for one VM, so the direct sides boot exactly that guest.
import { join } from 'node:path';
import { createFirecrackerClient } from '@nqvm/fc-api';
import { qemuArgvOf } from '../processes.js';
import type { BenchAgent } from '../stack/bench-agent.js';
import type { AgentSpec } from './agent-side.js';

export interface VmTemplate {
  /** The AgentVmSpec the manager sent the agent. */
  agentSpec: AgentSpec;
  /** fc-vmm's GET /vm/config of the agent's VMM: boot source (with the agent's kernel command line), drives, NICs, MMDS. */
  vmConfig: VmConfig;
  /** What the agent put in MMDS. */
  mmds: unknown;
  /** The QEMU command line fc-vmm ran for it (read from /proc). */
  qemuArgs: string[];
  /** The agent's cached root image, which every side copies. */
  rootfsImage: string;
  /** The TAP and root-disk path in `qemuArgs` / `vmConfig`, to be replaced per guest. */
  tap: string;
  rootDiskPath: string;
}

export interface VmConfig {
  'machine-config': { vcpu_count: number; mem_size_mib: number };
  'boot-source': { kernel_image_path: string; initrd_path?: string | null; boot_args?: string | null };
  drives: Array<Record<string, unknown> & { drive_id: string; path_on_host: string }>;
  'network-interfaces': Array<{ iface_id: string; host_dev_name: string; guest_mac?: string }>;
  'mmds-config'?: { version: string; network_interfaces: string[] } | null;
}

interface AgentVmView {
  pid?: number;
  api_sock: string;
  config: AgentSpec & { rootfs: { sha256?: string; path?: string } };
}

/** Reads the template off a running VM the agent started (a warm-up VM of the figure). */
export async function captureTemplate(agent: BenchAgent, vmId: string): Promise<VmTemplate> {
  const res = await agent.fetch(`/v1/vms/${vmId}`);
  if (!res.ok) throw new Error(`agent GET /v1/vms/${vmId}: ${res.status}`);
  const vm = ((await res.json()) as { item: AgentVmView }).item;
  if (!vm.pid) throw new Error(`VM ${vmId} has no VMM running`);
  const fc = createFirecrackerClient(vm.api_sock);
  try {
    const vmConfig = (await fc.getVmConfig()) as unknown as VmConfig;
    const mmds = (await fc.raw('GET', '/mmds')).body;
    const qemuArgs = qemuArgvOf(vm.pid);
    const rootfs = vm.config.rootfs;
    const rootfsImage = rootfs.path ?? join(agent.dataDir, 'images', 'cache', String(rootfs.sha256));
    const nic = vmConfig['network-interfaces'][0];
    const root = vmConfig.drives.find((d) => d.is_root_device);
    if (!nic || !root) throw new Error('the template VM needs a NIC and a root drive');
    return {
      agentSpec: vm.config,
      vmConfig,
      mmds,
      qemuArgs,
      rootfsImage,
      tap: nic.host_dev_name,
      rootDiskPath: root.path_on_host,
    };
  } finally {
    fc.close();
  }
}
