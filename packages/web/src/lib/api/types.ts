// Data shapes of the manager's REST API, as the product spec (and the manager's schemas) define them.

export type VmState =
  | 'creating'
  | 'stopped'
  | 'starting'
  | 'running'
  | 'pausing'
  | 'paused'
  | 'resuming'
  | 'stopping'
  | 'deleting'
  | 'deleted'
  | 'error'
  | 'unknown';

export interface Vm {
  id: string;
  name: string;
  state: VmState | string;
  desired_state?: string;
  vcpu: number;
  mem_mib: number;
  kernel_image_id?: string | null;
  rootfs_image_id?: string | null;
  kernel_path?: string | null;
  rootfs_path?: string | null;
  hostname?: string;
  host_id?: string | null;
  host_addr?: string | null;
  tap?: string | null;
  api_sock?: string | null;
  log_path?: string | null;
  http_port?: number | null;
  fc_unit?: string | null;
  guest_mac?: string | null;
  guest_ip?: string | null;
  error?: string | null;
  created_at: string;
  updated_at: string;
  template_id?: string | null;
  source_snapshot_id?: string | null;
}

export interface CreateVmReq {
  name: string;
  vcpu: number;
  mem_mib: number;
  kernel_image_id?: string;
  kernel_path?: string;
  rootfs_image_id?: string;
  rootfs_path?: string;
  source_snapshot_id?: string;
  /** The manager boots the VM after creating it unless this is false. */
  start?: boolean;
}

export type VmAction = 'start' | 'stop' | 'pause' | 'resume' | 'ctrl_alt_del' | 'flush_metrics';

export interface TokenBucket {
  size: number;
  refill_time: number;
  one_time_burst?: number;
}

export interface RateLimiter {
  bandwidth?: TokenBucket;
  ops?: TokenBucket;
}

export interface Drive {
  id: string;
  vm_id: string;
  drive_id: string;
  image_id?: string | null;
  path_on_host: string | null;
  is_root_device: boolean;
  is_read_only: boolean;
  size_bytes: number | null;
  cache_type?: string;
  io_engine?: string;
  rate_limiter: RateLimiter | null;
  applied?: 'live' | 'next_start';
  created_at: string;
  updated_at: string;
}

export interface CreateDriveReq {
  drive_id: string;
  image_id?: string;
  path_on_host?: string;
  is_root_device: boolean;
  is_read_only: boolean;
  size_bytes?: number;
  cache_type?: 'Unsafe' | 'Writeback' | 'Writethrough';
  io_engine?: 'Sync' | 'Async';
  rate_limiter?: RateLimiter | null;
}

export interface UpdateDriveReq {
  path_on_host?: string;
  rate_limiter?: RateLimiter | null;
}

export interface Nic {
  id: string;
  vm_id: string;
  iface_id: string;
  host_dev_name: string | null;
  guest_mac: string;
  guest_ip?: string | null;
  rx_rate_limiter: RateLimiter | null;
  tx_rate_limiter: RateLimiter | null;
  applied?: 'live' | 'next_start';
  created_at: string;
  updated_at: string;
}

export interface CreateNicReq {
  iface_id: string;
  host_dev_name?: string;
  guest_mac?: string;
  rx_rate_limiter?: RateLimiter | null;
  tx_rate_limiter?: RateLimiter | null;
}

export interface UpdateNicReq {
  rx_rate_limiter?: RateLimiter | null;
  tx_rate_limiter?: RateLimiter | null;
}

export type SnapshotType = 'Full' | 'Diff';

export interface Snapshot {
  id: string;
  vm_id: string;
  name: string;
  snapshot_path: string | null;
  mem_path: string | null;
  size_bytes: number;
  snapshot_type: SnapshotType;
  state: string;
  parent_id: string | null;
  track_dirty_pages: boolean;
  created_at: string;
  updated_at: string;
}

export interface CreateSnapshotReq {
  name?: string;
  snapshot_type?: SnapshotType;
  track_dirty_pages?: boolean;
  parent_id?: string;
}

export interface TemplateSpec {
  vcpu: number;
  mem_mib: number;
  kernel_image_id?: string | null;
  rootfs_image_id?: string | null;
  kernel_path?: string | null;
  rootfs_path?: string | null;
}

export interface Template {
  id: string;
  name: string;
  spec: TemplateSpec;
  created_at: string;
  updated_at: string;
}

export type ImageKind = 'kernel' | 'initrd' | 'rootfs' | 'data';

export interface Image {
  id: string;
  kind: ImageKind | string;
  name: string;
  host_path: string;
  sha256: string | null;
  size: number;
  project: string | null;
  origin?: string;
  status?: 'importing' | 'ready' | 'failed';
  progress?: { bytes_done: number; bytes_total: number | null };
  source_url?: string | null;
  error?: string | null;
  created_at: string;
  updated_at: string;
}

/** What the registry page's import dialog collects; `importRegistryImage` maps it to a route. */
export interface ImportImageReq {
  type: ImageKind;
  name: string;
  path?: string;
  url?: string;
  sha256?: string;
  project?: string;
}

export interface CreateVolumeReq {
  name: string;
  size_bytes: number;
  type: 'data';
  project?: string;
}

export interface HostResources {
  vcpus: number;
  mem_mib: number;
  disk_bytes: number;
}

export interface Host {
  id: string;
  hostname: string;
  addr: string;
  port: number;
  accel: string;
  status: 'online' | 'offline' | string;
  capacity: HostResources;
  usage: HostResources & { running_vms: number };
  last_heartbeat_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MetricSample {
  ts: string;
  cpu_pct: number | null;
  rss_bytes: number | null;
  data: Record<string, unknown>;
}

export interface ManagerEvent {
  id: number;
  ts: string;
  kind: string;
  resource_type: string;
  resource_id: string;
  data: Record<string, unknown>;
}

export interface ApiErrorBody {
  error: string;
  suggestion?: string;
  fault_message?: string;
  code?: string;
  status?: number;
}

export interface Ok {
  ok: true;
}
export interface Items<T> {
  items: T[];
}
export interface Item<T> {
  item: T;
}
