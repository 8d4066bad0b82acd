// The pre-boot configuration of one microVM: what the resources builder fills and a backend boots.
import type {
  Balloon,
  BootSource,
  CpuConfig,
  Drive,
  EntropyDevice,
  Logger,
  MachineConfiguration,
  MemoryHotplugConfig,
  Metrics,
  MmdsConfig,
  NetworkInterface,
  Pmem,
  SerialDevice,
  Vsock,
} from '@nqvm/fc-api';

/** Machine configuration with Firecracker's defaults filled in (vcpu 1, 128 MiB, no SMT). */
export type MachineConfig = Required<Pick<MachineConfiguration, 'vcpu_count' | 'mem_size_mib'>> &
  Omit<MachineConfiguration, 'vcpu_count' | 'mem_size_mib'>;

export const DEFAULT_MACHINE_CONFIG: MachineConfig = {
  vcpu_count: 1,
  mem_size_mib: 128,
  smt: false,
  track_dirty_pages: false,
  huge_pages: 'None',
};

/**
 * Everything configured before InstanceStart. Arrays keep Firecracker's order (a drive PUT
 * again with the same id replaces it in place; the root device is listed first).
 */
export interface VmResources {
  machineConfig: MachineConfig;
  bootSource?: BootSource;
  cpuConfig?: CpuConfig;
  drives: Drive[];
  pmem: Pmem[];
  networkInterfaces: NetworkInterface[];
  vsock?: Vsock;
  balloon?: Balloon;
  entropy?: EntropyDevice;
  mmdsConfig?: MmdsConfig;
  memoryHotplug?: MemoryHotplugConfig;
  serial?: SerialDevice;
  logger?: Logger;
  metrics?: Metrics;
}

export function emptyResources(): VmResources {
  return {
    machineConfig: { ...DEFAULT_MACHINE_CONFIG },
    drives: [],
    pmem: [],
    networkInterfaces: [],
  };
}
