// Manager options, and how they are read from the environment in one place.
import { join, resolve } from 'node:path';
import { dataDir as defaultDataDir } from '@nqvm/core';

export interface ManagerConfig {
  /** Where the admin token, join token, PGlite database and stored images live. */
  dataDir: string;
  /** `postgres://...` for a real server; unset means embedded PGlite under `<dataDir>/db`. */
  databaseUrl?: string;
  /** Admin bearer token; when unset a random one is kept in `<dataDir>/admin-token`. */
  adminToken?: string;
  /** Join token agents present to register; when unset one is kept in `<dataDir>/join-token`. */
  joinToken?: string;
  /** Registered host files must resolve (realpath) under this directory. */
  imageRoot: string;
  /** Accept raw kernel/rootfs paths in VM requests (MANAGER_ALLOW_IMAGE_PATHS=1). */
  allowImagePaths: boolean;
  /** Collect per-VM metrics from agents and allow flush-metrics. */
  enableMetrics: boolean;
  /** Largest upload or URL import accepted. */
  maxImageBytes: number;
  /** A host whose last heartbeat is older than this is offline. */
  hostTimeoutMs: number;
  /** Reconciler period; 0 disables the timer (tests call `reconcileOnce`). */
  reconcileIntervalMs: number;
  /** Metrics sampler period; 0 disables the timer. */
  metricsIntervalMs: number;
  /** How long metric samples are kept. */
  metricsRetentionMs: number;
  /** vCPUs may be overcommitted this many times; memory is never overcommitted. */
  vcpuOvercommit: number;
  /** pino level, or false for no logs (tests). */
  logLevel: string | false;
}

const DEFAULT_MAX_IMAGE_BYTES = 8 * 1024 ** 3;

/** Fills unset options from defaults; `overrides` win. */
export function resolveConfig(overrides: Partial<ManagerConfig> = {}): ManagerConfig {
  const dataDir = overrides.dataDir ?? defaultDataDir();
  return {
    dataDir,
    imageRoot: resolve(overrides.imageRoot ?? '/srv/images'),
    allowImagePaths: false,
    enableMetrics: true,
    maxImageBytes: DEFAULT_MAX_IMAGE_BYTES,
    hostTimeoutMs: 30_000,
    reconcileIntervalMs: 5_000,
    metricsIntervalMs: 15_000,
    metricsRetentionMs: 24 * 3600_000,
    vcpuOvercommit: 4,
    logLevel: 'info',
    ...overrides,
  };
}

/** Reads the documented environment variables (see README.md). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ManagerConfig> {
  const out: Partial<ManagerConfig> = { dataDir: defaultDataDir(env) };
  if (env.DATABASE_URL) out.databaseUrl = env.DATABASE_URL;
  if (env.NQVM_ADMIN_TOKEN) out.adminToken = env.NQVM_ADMIN_TOKEN;
  if (env.NQVM_JOIN_TOKEN) out.joinToken = env.NQVM_JOIN_TOKEN;
  if (env.MANAGER_IMAGE_ROOT) out.imageRoot = resolve(env.MANAGER_IMAGE_ROOT);
  if (env.MANAGER_ALLOW_IMAGE_PATHS) out.allowImagePaths = env.MANAGER_ALLOW_IMAGE_PATHS === '1';
  // Metrics are on unless explicitly turned off, so flush-metrics works out of the box.
  if (env.MANAGER_ENABLE_METRICS) out.enableMetrics = env.MANAGER_ENABLE_METRICS !== '0';
  if (env.MANAGER_MAX_IMAGE_BYTES) out.maxImageBytes = Number(env.MANAGER_MAX_IMAGE_BYTES);
  if (env.LOG_LEVEL) out.logLevel = env.LOG_LEVEL;
  return out;
}

export function managerPort(env: NodeJS.ProcessEnv = process.env): number {
  return env.MANAGER_PORT ? Number(env.MANAGER_PORT) : 18080;
}

export const pgliteDir = (config: ManagerConfig): string => join(config.dataDir, 'db');
