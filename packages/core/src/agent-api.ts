// The manager ↔ agent contract of docs/agent-api.md as types: the one definition both sides compile against.

/** Firecracker's token bucket (same shape as @nqvm/fc-api's, which core cannot import). */
export interface TokenBucket {
  size: number;
  refill_time: number;
  one_time_burst?: number;
}

/** Firecracker's rate limiter: bandwidth in bytes, ops in requests, each per `refill_time` ms. */
export interface RateLimiter {
  bandwidth?: TokenBucket;
  ops?: TokenBucket;
}

/** A registry image the agent caches by sha256, or a raw host path (only when the manager allows it). */
export type ImageRef = { image_id: string; sha256: string; size_bytes: number } | { path: string };

export interface AgentDrive {
  drive_id: string;
  image?: ImageRef;
  /** Without `image`: an empty volume of this size. */
  size_bytes?: number;
  is_read_only: boolean;
  cache_type?: 'Unsafe' | 'Writeback';
  io_engine?: 'Sync' | 'Async';
  rate_limiter?: RateLimiter;
}

export interface AgentNic {
  iface_id: string;
  mac?: string;
  rx_rate_limiter?: RateLimiter;
  tx_rate_limiter?: RateLimiter;
}

/** `PATCH …/drives/{drive_id}`: `null` lifts the limit, an absent field leaves it as it is. */
export interface AgentDrivePatch {
  image?: ImageRef;
  /** Shorthand for `image: {path}`. */
  path?: string;
  rate_limiter?: RateLimiter | null;
}

/** `PATCH …/nics/{iface_id}`: `null` lifts the limit, an absent field leaves it as it is. */
export interface AgentNicPatch {
  rx_rate_limiter?: RateLimiter | null;
  tx_rate_limiter?: RateLimiter | null;
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

/** A NIC with what the agent allocated for it on its host. */
export interface AgentNicAllocation {
  iface_id: string;
  tap: string;
  mac: string;
  ip: string;
}

/** A drive as the VMM sees it: `path` is relative to the VM dir (the VMM's cwd, so restores use a clone's own copies). */
export interface AgentDriveAllocation {
  drive_id: string;
  path: string;
  is_root_device: boolean;
  is_read_only: boolean;
}

/** A VM as the agent reports it: its spec and what it observes and allocated on the host. */
export interface AgentVm {
  id: string;
  state: AgentVmState;
  pid?: number;
  config: AgentVmSpec;
  nics: AgentNicAllocation[];
  drives: (AgentDriveAllocation & { path_on_host: string })[];
  console_log: string;
  api_sock: string;
  error?: string;
  started_at?: string;
}

/** Whether a device change reached the running VMM or waits for the next start. */
export type Applied = 'live' | 'next_start';

export type AgentVmAction = 'start' | 'stop' | 'pause' | 'resume' | 'ctrl-alt-del' | 'flush-metrics';

/** `POST /v1/vms/{id}/snapshots` */
export interface AgentSnapshotRequest {
  snapshot_id: string;
  snapshot_type: 'Full' | 'Diff';
  parent_id?: string;
}

/** A snapshot's files on the agent's host, disks copied beside memory and state. */
export interface AgentSnapshot {
  snapshot_id: string;
  snapshot_type: 'Full' | 'Diff';
  parent_id?: string;
  created_at: string;
  dir: string;
  size_bytes: number;
  mem_file: string;
  state_file: string;
  disks: { drive_id: string; path: string }[];
}

/** `POST /v1/vms/{id}/restore`: a new VM `{id}` from a snapshot of another. */
export interface AgentRestoreRequest {
  source_vm_id: string;
  snapshot_id: string;
  spec: AgentVmSpec;
}

export interface AgentVmMetrics {
  ts: string;
  cpu_pct: number;
  rss_bytes: number;
  /** Firecracker's metric groups (empty on a VMM that writes none). */
  firecracker: Record<string, Record<string, number>>;
}

export interface AgentCapacity {
  vcpus: number;
  mem_mib: number;
  disk_bytes: number;
}

export interface AgentUsage extends AgentCapacity {
  running_vms: number;
}

/** `GET /v1/info` */
export interface AgentInfo {
  /** `null` until the agent has registered with a manager. */
  host_id: string | null;
  hostname: string;
  addr: string;
  accel: 'kvm' | 'tcg';
  vmm: { path: string; version: string };
  capacity: AgentCapacity;
  usage: AgentUsage;
  bridge: { name: string; cidr: string; gateway: string };
}
