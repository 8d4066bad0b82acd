// What the agent persists about a VM (`vm.json`); the contract types it serves are @nqvm/core's agent-api.
import type {
  AgentDrive,
  AgentDriveAllocation,
  AgentNicAllocation,
  AgentVmSpec,
  AgentVmState,
} from '@nqvm/core';

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
  state: AgentVmState;
  pid?: number;
  /**
   * The `--api-sock` the running VMM was started with when it came from the warm pool (a slot
   * path; the socket itself was renamed to the VM's api.sock). Unset: the VM's own api.sock.
   */
  vmm_sock_arg?: string;
  started_at?: string;
  error?: string;
  nics: AgentNicAllocation[];
  drives: AgentDriveAllocation[];
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
