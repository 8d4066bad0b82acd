// JSON schemas of the agent API (docs/agent-api.md); routes validate with them and OpenAPI is built from them.
import { OBJECT_ID_PATTERN, VM_ID_PATTERN } from './vm-paths.js';

const tokenBucket = {
  type: 'object',
  additionalProperties: false,
  required: ['size', 'refill_time'],
  properties: {
    size: { type: 'integer', minimum: 0 },
    one_time_burst: { type: 'integer', minimum: 0 },
    refill_time: { type: 'integer', minimum: 0 },
  },
} as const;

export const rateLimiterSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { bandwidth: tokenBucket, ops: tokenBucket },
} as const;

/** In PATCH bodies `null` removes a limiter. */
const removableRateLimiter = { ...rateLimiterSchema, type: ['object', 'null'] } as const;

export const imageRefSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['image_id', 'sha256', 'size_bytes'],
      properties: {
        image_id: { type: 'string', minLength: 1, maxLength: 128 },
        sha256: { type: 'string', pattern: '^[a-fA-F0-9]{64}$' },
        size_bytes: { type: 'integer', minimum: 0 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: { path: { type: 'string', pattern: '^/' } },
    },
  ],
} as const;

const driveProperties = {
  drive_id: { type: 'string', pattern: OBJECT_ID_PATTERN },
  image: imageRefSchema,
  size_bytes: { type: 'integer', minimum: 1 },
  is_read_only: { type: 'boolean' },
  cache_type: { type: 'string', enum: ['Unsafe', 'Writeback'] },
  io_engine: { type: 'string', enum: ['Sync', 'Async'] },
  rate_limiter: rateLimiterSchema,
} as const;

export const driveSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['drive_id', 'is_read_only'],
  properties: driveProperties,
} as const;

export const drivePatchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    drive_id: driveProperties.drive_id,
    image: imageRefSchema,
    path: { type: 'string', pattern: '^/' },
    rate_limiter: removableRateLimiter,
  },
} as const;

const macPattern = '^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$';

export const nicSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['iface_id'],
  properties: {
    iface_id: { type: 'string', pattern: OBJECT_ID_PATTERN },
    mac: { type: 'string', pattern: macPattern },
    rx_rate_limiter: rateLimiterSchema,
    tx_rate_limiter: rateLimiterSchema,
  },
} as const;

export const nicPatchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    iface_id: nicSchema.properties.iface_id,
    rx_rate_limiter: removableRateLimiter,
    tx_rate_limiter: removableRateLimiter,
  },
} as const;

export const vmSpecSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'vcpu', 'mem_mib', 'kernel', 'rootfs'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 128 },
    vcpu: { type: 'integer', minimum: 1, maximum: 32 },
    mem_mib: { type: 'integer', minimum: 32, maximum: 1024 * 1024 },
    kernel: imageRefSchema,
    initrd: imageRefSchema,
    rootfs: imageRefSchema,
    boot_args: { type: 'string', maxLength: 2048 },
    hostname: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,62}$' },
    drives: { type: 'array', items: driveSchema, maxItems: 16 },
    nics: { type: 'array', items: nicSchema, maxItems: 8 },
    start: { type: 'boolean' },
  },
} as const;

export const vmIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: VM_ID_PATTERN } },
} as const;

export const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

export const stopBody = {
  type: 'object',
  additionalProperties: false,
  properties: { timeout_ms: { type: 'integer', minimum: 0, maximum: 600_000 }, force: { type: 'boolean' } },
} as const;

export const snapshotBody = {
  type: 'object',
  additionalProperties: false,
  required: ['snapshot_id', 'snapshot_type'],
  properties: {
    snapshot_id: { type: 'string', pattern: OBJECT_ID_PATTERN },
    snapshot_type: { type: 'string', enum: ['Full', 'Diff'] },
    parent_id: { type: 'string', pattern: OBJECT_ID_PATTERN },
  },
} as const;

export const restoreBody = {
  type: 'object',
  additionalProperties: false,
  required: ['source_vm_id', 'snapshot_id', 'spec'],
  properties: {
    source_vm_id: { type: 'string', pattern: VM_ID_PATTERN },
    snapshot_id: { type: 'string', pattern: OBJECT_ID_PATTERN },
    spec: vmSpecSchema,
  },
} as const;

export const logsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lines: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 },
    kind: { type: 'string', enum: ['console', 'vmm'], default: 'console' },
  },
} as const;

/** AgentVm as returned in `{item}`; loose on nested shapes so new fields stay additive. */
export const agentVmSchema = {
  type: 'object',
  required: ['id', 'state', 'config', 'nics', 'drives', 'console_log', 'api_sock'],
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    state: { type: 'string', enum: ['stopped', 'starting', 'running', 'paused', 'stopping', 'error'] },
    pid: { type: 'integer' },
    config: { type: 'object', additionalProperties: true },
    nics: { type: 'array', items: { type: 'object', additionalProperties: true } },
    drives: { type: 'array', items: { type: 'object', additionalProperties: true } },
    console_log: { type: 'string' },
    api_sock: { type: 'string' },
    error: { type: 'string' },
    started_at: { type: 'string' },
  },
} as const;

export const errorSchema = {
  type: 'object',
  required: ['error', 'code'],
  properties: {
    error: { type: 'string' },
    code: { type: 'string' },
    suggestion: { type: 'string' },
    fault_message: { type: 'string' },
  },
} as const;

export const itemResponse = { type: 'object', properties: { item: agentVmSchema } } as const;
export const okResponse = { type: 'object', properties: { ok: { type: 'boolean' } } } as const;
