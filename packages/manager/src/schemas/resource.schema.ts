// Schemas of snapshots, templates, images and hosts.
import { nullableString, timestamp, uuid } from './common.schema.js';
import { imageName, projectName, snapshotName, templateName, vmName, volumeName } from './name.schema.js';

export const snapshot = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: uuid,
    vm_id: uuid,
    name: { type: 'string' },
    snapshot_path: nullableString,
    mem_path: nullableString,
    size_bytes: { type: 'integer' },
    snapshot_type: { type: 'string', enum: ['Full', 'Diff'] },
    state: { type: 'string' },
    parent_id: nullableString,
    track_dirty_pages: { type: 'boolean' },
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

export const createSnapshotBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: snapshotName,
    snapshot_type: { type: 'string', enum: ['Full', 'Diff'] },
    track_dirty_pages: { type: 'boolean' },
    parent_id: uuid,
  },
} as const;

export const idNameResponse = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: uuid, name: { type: 'string' } },
} as const;

export const instantiateSnapshotBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name: vmName },
} as const;

const templateSpecProps = {
  vcpu: { type: 'integer', minimum: 1, maximum: 64 },
  mem_mib: { type: 'integer', minimum: 256 },
  kernel_image_id: { type: ['string', 'null'], format: 'uuid' },
  rootfs_image_id: { type: ['string', 'null'], format: 'uuid' },
  initrd_image_id: { type: ['string', 'null'], format: 'uuid' },
  kernel_path: { type: ['string', 'null'], minLength: 1 },
  rootfs_path: { type: ['string', 'null'], minLength: 1 },
} as const;

export const template = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: uuid,
    name: { type: 'string' },
    spec: { type: 'object', additionalProperties: true, properties: templateSpecProps },
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

export const createTemplateBody = {
  type: 'object',
  required: ['name', 'spec'],
  additionalProperties: false,
  properties: {
    name: templateName,
    spec: {
      type: 'object',
      required: ['vcpu', 'mem_mib'],
      additionalProperties: false,
      properties: templateSpecProps,
    },
  },
} as const;

export const updateTemplateBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: templateName,
    spec: { type: 'object', additionalProperties: false, properties: templateSpecProps },
  },
} as const;

export const instantiateTemplateBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: vmName,
    start: { type: 'boolean', default: true, description: 'Boot the new VM (default true)' },
  },
} as const;

const kind = { type: 'string', enum: ['kernel', 'initrd', 'rootfs', 'data'] } as const;
const sha256 = { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } as const;

export const image = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: uuid,
    kind: { type: 'string' },
    name: { type: 'string' },
    host_path: { type: 'string' },
    sha256: nullableString,
    size: { type: 'integer' },
    project: nullableString,
    origin: { type: 'string' },
    status: { type: 'string', enum: ['importing', 'ready', 'failed'] },
    progress: {
      type: 'object',
      properties: { bytes_done: { type: 'integer' }, bytes_total: { type: ['integer', 'null'] } },
    },
    source_url: nullableString,
    version: nullableString,
    error: nullableString,
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

export const listImagesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { kind, project: { type: 'string', maxLength: 64 }, name: { type: 'string', maxLength: 128 } },
} as const;

export const registerImageBody = {
  type: 'object',
  required: ['kind', 'name', 'host_path'],
  additionalProperties: false,
  properties: {
    kind,
    name: imageName,
    host_path: { type: 'string', minLength: 1, maxLength: 4096 },
    sha256,
    size: { type: 'integer', minimum: 0 },
    project: projectName,
  },
} as const;

export const uploadImageQuery = {
  type: 'object',
  required: ['kind', 'name'],
  additionalProperties: false,
  properties: { kind, name: imageName, project: projectName, sha256 },
} as const;

export const importImageBody = {
  type: 'object',
  required: ['kind', 'name', 'url'],
  additionalProperties: false,
  properties: {
    kind,
    name: imageName,
    url: { type: 'string', pattern: '^https?://', maxLength: 4096 },
    sha256,
    project: projectName,
  },
} as const;

export const createVolumeBody = {
  type: 'object',
  required: ['name', 'size_bytes'],
  additionalProperties: false,
  properties: {
    name: volumeName,
    size_bytes: { type: 'integer', minimum: 1 },
    type: { type: 'string', enum: ['data'] },
    project: projectName,
  },
} as const;

const capacity = {
  type: 'object',
  required: ['vcpus', 'mem_mib', 'disk_bytes'],
  properties: {
    vcpus: { type: 'integer', minimum: 0 },
    mem_mib: { type: 'integer', minimum: 0 },
    disk_bytes: { type: 'integer', minimum: 0 },
  },
} as const;

const usage = {
  type: 'object',
  required: ['vcpus', 'mem_mib', 'disk_bytes', 'running_vms'],
  properties: { ...capacity.properties, running_vms: { type: 'integer', minimum: 0 } },
} as const;

export const host = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: uuid,
    hostname: { type: 'string' },
    addr: { type: 'string' },
    port: { type: 'integer' },
    accel: { type: 'string' },
    status: { type: 'string', enum: ['online', 'offline'] },
    capacity,
    usage,
    last_heartbeat_at: { type: ['string', 'null'], format: 'date-time' },
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

export const registerAgentBody = {
  type: 'object',
  required: ['join_token', 'hostname', 'addr', 'port', 'capacity', 'accel'],
  properties: {
    join_token: { type: 'string', minLength: 1 },
    hostname: { type: 'string', minLength: 1, maxLength: 253 },
    addr: { type: 'string', minLength: 1, maxLength: 253 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    capacity,
    accel: { type: 'string', enum: ['kvm', 'tcg'] },
    tls_public_key: {
      type: 'string',
      minLength: 1,
      maxLength: 8192,
      description: 'SPKI PEM (MANAGER_AGENT_TLS=1)',
    },
  },
} as const;

export const heartbeatBody = {
  type: 'object',
  required: ['host_id', 'capacity', 'usage', 'vms'],
  properties: {
    host_id: uuid,
    capacity,
    usage,
    vms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'state'],
        properties: { id: { type: 'string' }, state: { type: 'string' }, error: { type: 'string' } },
      },
    },
  },
} as const;

export const logTailQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    vm_id: uuid,
    path: { type: 'string', maxLength: 4096 },
    lines: { type: 'integer', minimum: 1, maximum: 10000 },
    kind: { type: 'string', enum: ['console', 'vmm'] },
  },
} as const;
