// Shapes of the agent API (docs/agent-api.md) as the manager uses them.
import type { RateLimiterJson } from '../db/schema.js';

export type ImageRef = { image_id: string; sha256: string; size_bytes: number } | { path: string };

export interface AgentDrive {
  drive_id: string;
  image?: ImageRef;
  size_bytes?: number;
  is_read_only: boolean;
  cache_type?: string;
  io_engine?: string;
  rate_limiter?: RateLimiterJson | null;
}

export interface AgentNic {
  iface_id: string;
  mac?: string;
  rx_rate_limiter?: RateLimiterJson | null;
  tx_rate_limiter?: RateLimiterJson | null;
}

export interface AgentVmSpec {
  name: string;
  vcpu: number;
  mem_mib: number;
  kernel: ImageRef;
  initrd?: ImageRef;
  rootfs: ImageRef;
  boot_args?: string;
  hostname?: string;
  drives?: AgentDrive[];
  nics?: AgentNic[];
  start?: boolean;
}

export type AgentVmState = 'stopped' | 'starting' | 'running' | 'paused' | 'stopping' | 'error';

export interface AgentVm {
  id: string;
  state: AgentVmState;
  pid?: number;
  config?: AgentVmSpec;
  nics?: Array<{ iface_id: string; tap: string; mac: string; ip?: string }>;
  drives?: Array<{ drive_id: string; path_on_host?: string }>;
  console_log?: string;
  api_sock?: string;
  error?: string;
  started_at?: string;
}

export type Applied = 'live' | 'next_start';

export interface AgentSnapshot {
  snapshot_id: string;
  dir: string;
  size_bytes: number;
  mem_file: string;
  state_file: string;
  disks?: unknown[];
}

export interface AgentMetrics {
  ts: string;
  cpu_pct?: number;
  rss_bytes?: number;
  [key: string]: unknown;
}

export interface AgentInfo {
  host_id?: string;
  hostname: string;
  addr: string;
  accel: string;
  capacity: { vcpus: number; mem_mib: number; disk_bytes: number };
  usage: { vcpus: number; mem_mib: number; disk_bytes: number; running_vms: number };
}

/** Where and how to reach one host's agent. */
export interface AgentEndpoint {
  hostId: string;
  baseUrl: string;
  credential: string;
}

/** Everything the manager asks an agent; services depend on this, not on HTTP. */
export interface AgentClient {
  info(): Promise<AgentInfo>;
  listVms(): Promise<AgentVm[]>;
  putVm(id: string, spec: AgentVmSpec): Promise<AgentVm>;
  getVm(id: string): Promise<AgentVm | undefined>;
  action(
    id: string,
    action: 'start' | 'stop' | 'pause' | 'resume' | 'ctrl-alt-del' | 'flush-metrics',
    body?: Record<string, unknown>,
  ): Promise<AgentVm>;
  deleteVm(id: string): Promise<void>;
  putDrive(id: string, drive: AgentDrive): Promise<Applied>;
  patchDrive(id: string, driveId: string, patch: Partial<AgentDrive>): Promise<Applied>;
  deleteDrive(id: string, driveId: string): Promise<Applied>;
  putNic(id: string, nic: AgentNic): Promise<Applied>;
  patchNic(id: string, ifaceId: string, patch: Partial<AgentNic>): Promise<Applied>;
  deleteNic(id: string, ifaceId: string): Promise<Applied>;
  createSnapshot(
    id: string,
    body: { snapshot_id: string; snapshot_type: 'Full' | 'Diff'; parent_id?: string },
  ): Promise<AgentSnapshot>;
  deleteSnapshot(id: string, snapshotId: string): Promise<void>;
  restore(
    newId: string,
    body: { source_vm_id: string; snapshot_id: string; spec: AgentVmSpec },
  ): Promise<AgentVm>;
  metrics(id: string): Promise<AgentMetrics>;
  logs(id: string, lines: number, kind: 'console' | 'vmm'): Promise<string[]>;
  /** ws:// URL of the VM's serial console and the header that authenticates it. */
  consoleTarget(id: string): { url: string; headers: Record<string, string> };
}

/** Builds a client for a host; a repository so tests can hand services a fake. */
export type AgentClientFactory = (endpoint: AgentEndpoint) => AgentClient;
