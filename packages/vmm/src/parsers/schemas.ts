// Firecracker's request body models (v1.16.1) as serde-like schemas: field names, Rust types, defaults.
import type { Field, Schema, UintType } from './serde-json.js';

const string: Schema = { kind: 'string' };
const bool: Schema = { kind: 'bool' };
const any: Schema = { kind: 'any' };
const uint = (type: UintType): Schema => ({ kind: 'uint', type });
const variants = (...names: string[]): Schema => ({ kind: 'enum', variants: names });
const vec = (inner: Schema): Schema => ({ kind: 'vec', inner });

/** A field the Rust struct declares without `Option` and without `#[serde(default)]`. */
const required = (schema: Schema): Field => ({ schema, required: true });
/** An `Option<T>` field: absent or null both mean None. */
const optional = (schema: Schema): Field => ({ schema: { kind: 'option', inner: schema } });
/** A `#[serde(default)]` field: may be absent, but null is a type error. */
const defaulted = (schema: Schema): Field => ({ schema });

/** `#[serde(deny_unknown_fields)]` structs, which is what Firecracker uses for every body. */
function struct(name: string, fields: Record<string, Field>): Schema {
  return { kind: 'struct', name, fields, denyUnknown: true };
}

const MAC_RE = /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/;
const macAddr: Schema = {
  kind: 'custom',
  inner: string,
  check: (v) => (MAC_RE.test(String(v)) ? undefined : `Invalid MAC address: ${String(v)}`),
};

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ipv4Addr: Schema = {
  kind: 'custom',
  inner: string,
  check: (v) => (IPV4_RE.test(String(v)) ? undefined : 'invalid IPv4 address syntax'),
};

export const TokenBucketConfig = struct('TokenBucketConfig', {
  size: required(uint('u64')),
  one_time_burst: optional(uint('u64')),
  refill_time: required(uint('u64')),
});

export const RateLimiterConfig = struct('RateLimiterConfig', {
  bandwidth: optional(TokenBucketConfig),
  ops: optional(TokenBucketConfig),
});

export const ActionBody = struct('ActionBody', {
  action_type: required(variants('FlushMetrics', 'InstanceStart', 'SendCtrlAltDel')),
});

export const BootSourceConfig = struct('BootSourceConfig', {
  kernel_image_path: required(string),
  initrd_path: optional(string),
  boot_args: optional(string),
});

export const BlockDeviceConfig = struct('BlockDeviceConfig', {
  drive_id: required(string),
  partuuid: optional(string),
  is_root_device: required(bool),
  cache_type: defaulted(variants('Unsafe', 'Writeback')),
  is_read_only: optional(bool),
  path_on_host: optional(string),
  rate_limiter: optional(RateLimiterConfig),
  io_engine: optional(variants('Sync', 'Async')),
  socket: optional(string),
});

export const BlockDeviceUpdateConfig = struct('BlockDeviceUpdateConfig', {
  drive_id: required(string),
  path_on_host: optional(string),
  rate_limiter: optional(RateLimiterConfig),
});

const cpuTemplate = variants('C3', 'T2', 'T2S', 'T2CL', 'T2A', 'V1N1', 'None');
const hugePages = variants('None', '2M');

export const MachineConfig = struct('MachineConfig', {
  vcpu_count: required(uint('u8')),
  mem_size_mib: required(uint('usize')),
  smt: defaulted(bool),
  cpu_template: optional(cpuTemplate),
  track_dirty_pages: defaulted(bool),
  huge_pages: defaulted(hugePages),
});

export const MachineConfigUpdate = struct('MachineConfigUpdate', {
  vcpu_count: optional(uint('u8')),
  mem_size_mib: optional(uint('usize')),
  smt: optional(bool),
  cpu_template: optional(cpuTemplate),
  track_dirty_pages: optional(bool),
  huge_pages: optional(hugePages),
});

export const CustomCpuTemplate = struct('CustomCpuTemplate', {
  kvm_capabilities: defaulted(vec(string)),
  cpuid_modifiers: defaulted(vec(any)),
  msr_modifiers: defaulted(vec(any)),
  reg_modifiers: defaulted(vec(any)),
  vcpu_features: defaulted(vec(any)),
});

export const NetworkInterfaceConfig = struct('NetworkInterfaceConfig', {
  iface_id: required(string),
  host_dev_name: required(string),
  guest_mac: optional(macAddr),
  mtu: optional(uint('u16')),
  rx_rate_limiter: optional(RateLimiterConfig),
  tx_rate_limiter: optional(RateLimiterConfig),
});

export const NetworkInterfaceUpdateConfig = struct('NetworkInterfaceUpdateConfig', {
  iface_id: required(string),
  rx_rate_limiter: optional(RateLimiterConfig),
  tx_rate_limiter: optional(RateLimiterConfig),
});

export const VsockDeviceConfig = struct('VsockDeviceConfig', {
  vsock_id: optional(string),
  guest_cid: required(uint('u32')),
  uds_path: required(string),
});

export const BalloonDeviceConfig = struct('BalloonDeviceConfig', {
  amount_mib: required(uint('u32')),
  deflate_on_oom: required(bool),
  stats_polling_interval_s: defaulted(uint('u16')),
  free_page_hinting: defaulted(bool),
  free_page_reporting: defaulted(bool),
});

export const BalloonUpdateConfig = struct('BalloonUpdateConfig', { amount_mib: required(uint('u32')) });

export const BalloonUpdateStatsConfig = struct('BalloonUpdateStatsConfig', {
  stats_polling_interval_s: required(uint('u16')),
});

export const StartHintingCmd = struct('StartHintingCmd', { acknowledge_on_stop: defaulted(bool) });

const LEVELS = ['off', 'trace', 'debug', 'info', 'warn', 'warning', 'error'];
const logLevel: Schema = {
  kind: 'custom',
  inner: string,
  check: (v) =>
    LEVELS.includes(String(v).toLowerCase())
      ? undefined
      : `Failed to parse string to level filter: ${String(v)}`,
};

export const LoggerConfig = struct('LoggerConfig', {
  log_path: optional(string),
  level: optional(logLevel),
  show_level: optional(bool),
  show_log_origin: optional(bool),
  module: optional(string),
});

export const MetricsConfig = struct('MetricsConfig', { metrics_path: required(string) });

export const MmdsConfig = struct('MmdsConfig', {
  version: defaulted(variants('V1', 'V2')),
  network_interfaces: required(vec(string)),
  ipv4_address: optional(ipv4Addr),
  imds_compat: defaulted(bool),
});

export const CreateSnapshotParams = struct('CreateSnapshotParams', {
  snapshot_type: defaulted(variants('Full', 'Diff')),
  snapshot_path: required(string),
  mem_file_path: required(string),
});

const MemBackendConfig = struct('MemBackendConfig', {
  backend_path: required(string),
  backend_type: required(variants('File', 'Uffd')),
});

const NetworkOverride = struct('NetworkOverride', {
  iface_id: required(string),
  host_dev_name: required(string),
});

const VsockOverride = struct('VsockOverride', { uds_path: required(string) });

export const LoadSnapshotConfig = struct('LoadSnapshotConfig', {
  snapshot_path: required(string),
  mem_file_path: optional(string),
  mem_backend: optional(MemBackendConfig),
  enable_diff_snapshots: defaulted(bool),
  track_dirty_pages: defaulted(bool),
  resume_vm: defaulted(bool),
  network_overrides: defaulted(vec(NetworkOverride)),
  vsock_override: optional(VsockOverride),
  clock_realtime: defaulted(bool),
});

export const VmState = struct('Vm', { state: required(variants('Paused', 'Resumed')) });

export const EntropyDeviceConfig = struct('EntropyDeviceConfig', {
  rate_limiter: optional(RateLimiterConfig),
});

export const SerialConfig = struct('SerialConfig', {
  serial_out_path: optional(string),
  rate_limiter: optional(TokenBucketConfig),
});

export const MemoryHotplugConfig = struct('MemoryHotplugConfig', {
  total_size_mib: optional(uint('usize')),
  slot_size_mib: optional(uint('usize')),
  block_size_mib: optional(uint('usize')),
});

export const MemoryHotplugSizeUpdate = struct('MemoryHotplugSizeUpdate', {
  requested_size_mib: optional(uint('usize')),
});

export const PmemConfig = struct('PmemConfig', {
  id: required(string),
  path_on_host: required(string),
  root_device: defaulted(bool),
  read_only: defaulted(bool),
  rate_limiter: optional(RateLimiterConfig),
});

export const PmemDeviceUpdateConfig = struct('PmemDeviceUpdateConfig', {
  id: required(string),
  rate_limiter: optional(RateLimiterConfig),
});

/** The `--config-file` document (Firecracker's `VmmConfig`): unknown top-level keys are ignored. */
export const VmmConfigFile: Schema = {
  kind: 'struct',
  name: 'VmmConfig',
  denyUnknown: false,
  fields: {
    balloon: optional(BalloonDeviceConfig),
    drives: required(vec(BlockDeviceConfig)),
    'boot-source': required(BootSourceConfig),
    'cpu-config': optional(string),
    logger: optional(LoggerConfig),
    'machine-config': optional(MachineConfig),
    metrics: optional(MetricsConfig),
    'mmds-config': optional(MmdsConfig),
    'network-interfaces': defaulted(vec(NetworkInterfaceConfig)),
    vsock: optional(VsockDeviceConfig),
    entropy: optional(EntropyDeviceConfig),
    pmem: defaulted(vec(PmemConfig)),
    'memory-hotplug': optional(MemoryHotplugConfig),
    serial: optional(SerialConfig),
  },
};
