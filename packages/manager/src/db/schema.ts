// Row types of every table, as Kysely sees them.
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type Int8 = ColumnType<number, number | bigint, number | bigint>;

export interface RateLimiterJson {
  bandwidth?: { size: number; refill_time: number; one_time_burst?: number };
  ops?: { size: number; refill_time: number; one_time_burst?: number };
}

export interface HostCapacityJson {
  vcpus: number;
  mem_mib: number;
  disk_bytes: number;
}
export interface HostUsageJson extends HostCapacityJson {
  running_vms: number;
}

export interface HostsTable {
  id: string;
  hostname: string;
  addr: string;
  port: number;
  accel: string;
  credential: string;
  capacity: Json<HostCapacityJson>;
  usage: Json<HostUsageJson>;
  observed_vms: Json<Array<{ id: string; state: string; error?: string }>>;
  last_heartbeat_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImagesTable {
  id: string;
  kind: string;
  name: string;
  project: string | null;
  host_path: string;
  sha256: string | null;
  size: Int8;
  origin: string;
  status: string;
  bytes_done: Int8;
  source_url: string | null;
  version: string | null;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TemplateSpecJson {
  vcpu: number;
  mem_mib: number;
  kernel_image_id?: string | null;
  rootfs_image_id?: string | null;
  initrd_image_id?: string | null;
  kernel_path?: string | null;
  rootfs_path?: string | null;
}

export interface TemplatesTable {
  id: string;
  name: string;
  spec: Json<TemplateSpecJson>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface VmsTable {
  id: string;
  name: string;
  state: string;
  desired_state: string;
  vcpu: number;
  mem_mib: number;
  kernel_image_id: string | null;
  initrd_image_id: string | null;
  rootfs_image_id: string | null;
  kernel_path: string | null;
  initrd_path: string | null;
  rootfs_path: string | null;
  boot_args: string | null;
  hostname: string;
  host_id: string | null;
  tap: string | null;
  api_sock: string | null;
  log_path: string | null;
  http_port: number | null;
  fc_unit: string | null;
  guest_mac: string | null;
  guest_ip: string | null;
  template_id: string | null;
  source_snapshot_id: string | null;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DrivesTable {
  id: string;
  vm_id: string;
  drive_id: string;
  image_id: string | null;
  path_on_host: string | null;
  is_root_device: boolean;
  is_read_only: boolean;
  size_bytes: Int8 | null;
  cache_type: string;
  io_engine: string;
  rate_limiter: Json<RateLimiterJson | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NicsTable {
  id: string;
  vm_id: string;
  iface_id: string;
  host_dev_name: string | null;
  guest_mac: string;
  guest_ip: string | null;
  rx_rate_limiter: Json<RateLimiterJson | null>;
  tx_rate_limiter: Json<RateLimiterJson | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SnapshotsTable {
  id: string;
  vm_id: string;
  host_id: string | null;
  name: string;
  snapshot_path: string | null;
  mem_path: string | null;
  size_bytes: Int8;
  snapshot_type: string;
  state: string;
  parent_id: string | null;
  track_dirty_pages: boolean;
  vm_spec: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventsTable {
  id: ColumnType<number, never, never>;
  ts: Timestamp;
  kind: string;
  resource_type: string;
  resource_id: string;
  data: Json<Record<string, unknown>>;
}

export interface MetricSamplesTable {
  id: ColumnType<number, never, never>;
  vm_id: string;
  ts: Timestamp;
  cpu_pct: number | null;
  rss_bytes: Int8 | null;
  data: Json<Record<string, unknown>>;
}

export type Role = 'viewer' | 'operator' | 'admin';

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ApiTokensTable {
  id: string;
  user_id: string | null;
  kind: 'api' | 'session';
  name: string;
  token_hash: string;
  role: Role;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: ColumnType<number, never, never>;
  ts: Timestamp;
  actor: string | null;
  user_id: string | null;
  token_id: string | null;
  role: string | null;
  action: string;
  target: string | null;
  status: number;
  result: 'ok' | 'error';
  error_code: string | null;
  client_addr: string | null;
}

/** One row: bumped by triggers whenever what GET /v1/vms shows may have changed. */
export interface VmListVersionTable {
  id: ColumnType<boolean, never, never>;
  version: ColumnType<string, never, never>;
}

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  hosts: HostsTable;
  images: ImagesTable;
  templates: TemplatesTable;
  vms: VmsTable;
  drives: DrivesTable;
  nics: NicsTable;
  snapshots: SnapshotsTable;
  events: EventsTable;
  metric_samples: MetricSamplesTable;
  vm_list_version: VmListVersionTable;
}

/** What the manager reads of a host: the heartbeat's `observed_vms` (thousands of entries) is only written. */
export type HostRow = Omit<Selectable<HostsTable>, 'observed_vms'>;
export type ImageRow = Selectable<ImagesTable>;
export type NewImage = Insertable<ImagesTable>;
export type ImageUpdate = Updateable<ImagesTable>;
export type TemplateRow = Selectable<TemplatesTable>;
export type VmRow = Selectable<VmsTable>;
export type NewVm = Insertable<VmsTable>;
export type VmUpdate = Updateable<VmsTable>;
export type DriveRow = Selectable<DrivesTable>;
export type NewDrive = Insertable<DrivesTable>;
export type NicRow = Selectable<NicsTable>;
export type NewNic = Insertable<NicsTable>;
export type SnapshotRow = Selectable<SnapshotsTable>;
export type EventRow = Selectable<EventsTable>;
export type MetricSampleRow = Selectable<MetricSamplesTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type NewAudit = Insertable<AuditLogTable>;
