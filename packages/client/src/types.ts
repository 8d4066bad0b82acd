// API shapes of the manager (shared/spec/product-spec.md), as clients see them.
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
  | 'error'
  | 'unknown';

export interface RateLimiter {
  bandwidth?: { size: number; refill_time: number; one_time_burst?: number };
  ops?: { size: number; refill_time: number; one_time_burst?: number };
}

export interface Vm {
  id: string;
  name: string;
  state: VmState;
  desired_state: string;
  vcpu: number;
  mem_mib: number;
  kernel_image_id: string | null;
  initrd_image_id: string | null;
  rootfs_image_id: string | null;
  kernel_path: string | null;
  rootfs_path: string | null;
  hostname: string;
  host_id: string | null;
  host_addr: string | null;
  tap: string | null;
  api_sock: string | null;
  log_path: string | null;
  http_port: number | null;
  fc_unit: string | null;
  guest_mac: string | null;
  guest_ip: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  template_id: string | null;
  source_snapshot_id: string | null;
}

export interface CreateVmReq {
  name: string;
  vcpu: number;
  mem_mib: number;
  kernel_image_id?: string;
  kernel_path?: string;
  initrd_image_id?: string;
  rootfs_image_id?: string;
  rootfs_path?: string;
  source_snapshot_id?: string;
  /** Boot the VM once created (default true); `false` leaves it `stopped` for a later start. */
  start?: boolean;
}

export type VmAction = 'start' | 'stop' | 'pause' | 'resume' | 'ctrl-alt-del' | 'flush-metrics';
export type Applied = 'live' | 'next_start';

export interface Drive {
  id: string;
  vm_id: string;
  drive_id: string;
  image_id: string | null;
  path_on_host: string | null;
  is_root_device: boolean;
  is_read_only: boolean;
  size_bytes: number | null;
  cache_type: string;
  io_engine: string;
  rate_limiter: RateLimiter | null;
  created_at: string;
  updated_at: string;
  applied?: Applied;
}

export interface CreateDriveReq {
  drive_id: string;
  image_id?: string;
  path_on_host?: string;
  is_root_device?: boolean;
  is_read_only?: boolean;
  size_bytes?: number;
  /** Firecracker has no Writethrough; the manager refuses it (MVM_ERR_DRIVE_CACHE_TYPE_UNSUPPORTED). */
  cache_type?: 'Unsafe' | 'Writeback';
  io_engine?: 'Sync' | 'Async';
  rate_limiter?: RateLimiter | null;
}

/** PATCH of a drive: `null` lifts the limit. */
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
  guest_ip: string | null;
  rx_rate_limiter: RateLimiter | null;
  tx_rate_limiter: RateLimiter | null;
  created_at: string;
  updated_at: string;
  applied?: Applied;
}

export interface CreateNicReq {
  iface_id: string;
  host_dev_name?: string;
  guest_mac?: string;
  rx_rate_limiter?: RateLimiter | null;
  tx_rate_limiter?: RateLimiter | null;
}

/** PATCH of a NIC: `null` lifts a limit. */
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
  initrd_image_id?: string | null;
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
  kind: ImageKind;
  name: string;
  host_path: string;
  sha256: string | null;
  size: number;
  project: string | null;
  origin: 'manifest' | 'register' | 'upload' | 'import' | 'volume';
  status: 'importing' | 'ready' | 'failed';
  progress: { bytes_done: number; bytes_total: number | null };
  source_url: string | null;
  version: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

/** Register a file already on the manager's host (admin). */
export interface RegisterImageReq {
  kind: ImageKind;
  name: string;
  host_path: string;
  sha256?: string;
  size?: number;
  project?: string;
}

/** Let the manager download an image from a URL (admin); progress shows on the image. */
export interface ImportImageReq {
  kind: ImageKind;
  name: string;
  url: string;
  sha256?: string;
  project?: string;
}

/** Query of an upload; the body is the image's bytes. */
export interface ImageUploadMeta {
  kind: ImageKind;
  name: string;
  project?: string;
  sha256?: string;
}

export interface CreateVolumeReq {
  name: string;
  size_bytes: number;
  project?: string;
}

export interface Host {
  id: string;
  hostname: string;
  addr: string;
  port: number;
  accel: string;
  status: 'online' | 'offline';
  capacity: { vcpus: number; mem_mib: number; disk_bytes: number };
  usage: { vcpus: number; mem_mib: number; disk_bytes: number; running_vms: number };
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

/** GET /health (outside /v1). */
export interface Health {
  ok: boolean;
  db?: string;
}

/** The manager's error body: `{error, suggestion?, fault_message?, code}`. */
export interface ErrorResponse {
  error: string;
  suggestion?: string;
  fault_message?: string;
  code?: string;
}

export type Role = 'viewer' | 'operator' | 'admin';

export interface LoginResult {
  /** Session token: send as `Authorization: Bearer`. */
  token: string;
  expires_at: string;
}

export interface Me {
  username: string;
  role: Role;
  user_id: string | null;
  token_id: string | null;
  created_at?: string;
}

export interface User {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  /** Username, or `admin-token` for tokens minted with the static admin token. */
  owner: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface CreatedApiToken extends ApiToken {
  /** The secret, shown only in this answer. */
  token: string;
}

export interface Ticket {
  ticket: string;
  expires_at: string;
}

export interface AuditEntry {
  id: number;
  ts: string;
  actor: string | null;
  user_id: string | null;
  token_id: string | null;
  role: Role | null;
  action: string;
  target: string | null;
  status: number;
  result: 'ok' | 'error';
  error_code: string | null;
  client_addr: string | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  result?: 'ok' | 'error';
  since?: string;
  until?: string;
  cursor?: string;
  limit?: number;
}
