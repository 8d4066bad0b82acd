// The agent's data shapes: the contract types of docs/agent-api.md and the persisted VM record.
import type { RateLimiter } from '@nqvm/fc-api';

export type ImageRef = { image_id: string; sha256: string; size_bytes: number } | { path: string };

export interface AgentDrive {
  drive_id: string;
  image?: ImageRef;
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

export type VmState = 'stopped' | 'starting' | 'running' | 'paused' | 'stopping' | 'error';

/** A NIC with what the agent allocated for it on this host. */
export interface NicAllocation {
  iface_id: string;
  tap: string;
  mac: string;
  ip: string;
}

/** A drive as the VMM sees it: `path` is relative to the VM dir (the VMM's cwd), see vm-paths.ts. */
export interface DriveAllocation {
  drive_id: string;
  path: string;
  is_root_device: boolean;
  is_read_only: boolean;
}

export interface SnapshotRecord {
  snapshot_id: string;
  snapshot_type: 'Full' | 'Diff';
  parent_id?: string;
  created_at: string;
  size_bytes: number;
  /** The drive specs at snapshot time, so a restore rebuilds the same devices. */
  drives: AgentDrive[];
  disks: { drive_id: string; path: string }[];
}

/** Everything the agent persists about one VM in `vm.json`. */
export interface VmRecord {
  id: string;
  spec: AgentVmSpec;
  state: VmState;
  pid?: number;
  started_at?: string;
  error?: string;
  nics: NicAllocation[];
  drives: DriveAllocation[];
  snapshots: SnapshotRecord[];
  /** The cgroup directories the running VMM was put in (removed when it stops). */
  cgroups?: string[];
  /** Bumped at each boot and restore; the guest re-applies its identity from MMDS when it changes. */
  identity_generation?: number;
  /** TAPs of NICs removed while the VMM still used them; deleted when it stops. */
  retired_taps?: string[];
  /** Set before teardown starts so a crash mid-delete is finished on the next start-up. */
  deleting?: boolean;
}

/** The `AgentVm` of the contract: the record as the manager sees it. */
export interface AgentVm {
  id: string;
  state: VmState;
  pid?: number;
  config: AgentVmSpec;
  nics: NicAllocation[];
  drives: (DriveAllocation & { path_on_host: string })[];
  console_log: string;
  api_sock: string;
  error?: string;
  started_at?: string;
}

export type Applied = 'live' | 'next_start';
