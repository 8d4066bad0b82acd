// Schemas of drives and NICs.
import { deviceKey, nullableString, rateLimiter, timestamp, uuid } from './common.schema.js';

const applied = { type: 'string', enum: ['live', 'next_start'] } as const;

/**
 * Firecracker (and so fc-vmm and the agent) has no Writethrough: refusing it here, with the
 * error handler's DRIVE_CACHE_TYPE_UNSUPPORTED, beats accepting it and failing at the agent.
 */
export const DRIVE_CACHE_TYPE_TITLE = 'Drive cache type';
const driveCacheType = {
  type: 'string',
  enum: ['Unsafe', 'Writeback'],
  title: DRIVE_CACHE_TYPE_TITLE,
  description:
    "Unsafe (default, fastest: the guest's flushes are not passed on) or Writeback (flushes reach the disk)",
} as const;

export const drive = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: uuid,
    vm_id: uuid,
    drive_id: { type: 'string' },
    image_id: nullableString,
    path_on_host: nullableString,
    is_root_device: { type: 'boolean' },
    is_read_only: { type: 'boolean' },
    size_bytes: { type: ['integer', 'null'] },
    cache_type: { type: 'string' },
    io_engine: { type: 'string' },
    rate_limiter: { type: ['object', 'null'], additionalProperties: true },
    applied,
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

export const createDriveBody = {
  type: 'object',
  required: ['drive_id'],
  additionalProperties: false,
  properties: {
    drive_id: deviceKey,
    image_id: uuid,
    path_on_host: { type: 'string', minLength: 1 },
    is_root_device: { type: 'boolean' },
    is_read_only: { type: 'boolean' },
    size_bytes: { type: 'integer', minimum: 1 },
    cache_type: driveCacheType,
    io_engine: { type: 'string', enum: ['Sync', 'Async'] },
    rate_limiter: rateLimiter,
  },
} as const;

export const updateDriveBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { path_on_host: { type: 'string', minLength: 1 }, rate_limiter: rateLimiter },
} as const;

export const nic = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: uuid,
    vm_id: uuid,
    iface_id: { type: 'string' },
    host_dev_name: nullableString,
    guest_mac: { type: 'string' },
    guest_ip: nullableString,
    rx_rate_limiter: { type: ['object', 'null'], additionalProperties: true },
    tx_rate_limiter: { type: ['object', 'null'], additionalProperties: true },
    applied,
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

export const createNicBody = {
  type: 'object',
  required: ['iface_id'],
  additionalProperties: false,
  properties: {
    iface_id: deviceKey,
    host_dev_name: { type: 'string', minLength: 1, maxLength: 15, pattern: '^[A-Za-z0-9_.-]+$' },
    guest_mac: { type: 'string', pattern: '^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$' },
    rx_rate_limiter: rateLimiter,
    tx_rate_limiter: rateLimiter,
  },
} as const;

export const updateNicBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { rx_rate_limiter: rateLimiter, tx_rate_limiter: rateLimiter },
} as const;

export const vmDeviceParams = (key: string) =>
  ({
    type: 'object',
    required: ['id', key],
    properties: { id: uuid, [key]: deviceKey },
  }) as const;
