// Schemas of VM requests and responses.
import { nullableString, timestamp, uuid } from './common.schema.js';
import { vmName } from './name.schema.js';

export const vm = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: uuid,
    name: { type: 'string' },
    state: { type: 'string' },
    desired_state: { type: 'string' },
    vcpu: { type: 'integer' },
    mem_mib: { type: 'integer' },
    kernel_image_id: nullableString,
    initrd_image_id: nullableString,
    rootfs_image_id: nullableString,
    kernel_path: nullableString,
    rootfs_path: nullableString,
    hostname: { type: 'string' },
    host_id: nullableString,
    host_addr: nullableString,
    tap: nullableString,
    api_sock: nullableString,
    log_path: nullableString,
    http_port: { type: ['integer', 'null'] },
    fc_unit: nullableString,
    guest_mac: nullableString,
    guest_ip: nullableString,
    error: nullableString,
    created_at: timestamp,
    updated_at: timestamp,
    template_id: nullableString,
    source_snapshot_id: nullableString,
  },
} as const;

export const createVmBody = {
  type: 'object',
  required: ['name', 'vcpu', 'mem_mib'],
  additionalProperties: false,
  properties: {
    name: vmName,
    vcpu: { type: 'integer', minimum: 1, maximum: 64 },
    mem_mib: { type: 'integer', minimum: 256 },
    kernel_image_id: uuid,
    kernel_path: { type: 'string', minLength: 1 },
    initrd_image_id: uuid,
    rootfs_image_id: uuid,
    rootfs_path: { type: 'string', minLength: 1 },
    source_snapshot_id: uuid,
    start: {
      type: 'boolean',
      default: true,
      description: 'Boot the VM after creating it (default true); false leaves it stopped',
    },
  },
} as const;

export const listVmsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    cursor: { type: 'string', maxLength: 200 },
  },
} as const;

export const metricsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    since: timestamp,
    limit: { type: 'integer', minimum: 1, maximum: 10000 },
  },
} as const;

export const metricSample = {
  type: 'object',
  additionalProperties: true,
  properties: {
    ts: timestamp,
    cpu_pct: { type: ['number', 'null'] },
    rss_bytes: { type: ['integer', 'null'] },
    data: { type: 'object', additionalProperties: true },
  },
} as const;
