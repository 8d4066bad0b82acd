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
  /** Lifetime of a login session token (POST /v1/auth/login). */
  sessionTtlMs: number;
  /** Lifetime of a WebSocket/SSE ticket (POST /v1/tickets); each is good for one connection. */
  ticketTtlMs: number;
  /** Largest JSON request body; uploads stream past it and are bounded by maxImageBytes. */
  bodyLimitBytes: number;
  /** Per-token request budgets by class (the spec's table); false turns them all off. */
  rateLimits: RateLimits | false;
  /** pino level, or false for no logs (tests). */
  logLevel: string | false;
  /** MANAGER_AGENT_TLS=1: a CA in `<dataDir>/tls`, certificates for agents, https to them (verified). */
  agentTls: boolean;
  /**
   * With agentTls: the port of the agent-facing https listener (MANAGER_AGENT_TLS_PORT, default 18443;
   * 0 picks a free one). Agents register, heartbeat and fetch images there, and only there.
   */
  agentTlsPort: number;
  /** Extra names (DNS or IP) for the listener's certificate (MANAGER_TLS_SAN, comma-separated). */
  tlsSans: string[];
}

const DEFAULT_MAX_IMAGE_BYTES = 8 * 1024 ** 3;

export type RateClass = 'vm_create' | 'vm_state' | 'snapshot' | 'image_upload' | 'login';
export interface RateLimit {
  perMinute: number;
  burst: number;
}
export type RateLimits = Record<RateClass, RateLimit>;

/** The spec's "Rate Limiting Recommendations", plus login attempts per client address. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  vm_create: { perMinute: 10, burst: 20 },
  vm_state: { perMinute: 30, burst: 50 },
  snapshot: { perMinute: 5, burst: 10 },
  image_upload: { perMinute: 1, burst: 2 },
  login: { perMinute: 10, burst: 10 },
};

/**
 * `MANAGER_RATE_LIMITS`: `off`, or a comma list of `class=rate/burst` (per minute) overriding
 * the defaults, e.g. `vm_create=600/1000,vm_state=600/1000`.
 */
export function parseRateLimits(text: string): RateLimits | false {
  if (text.trim() === 'off') return false;
  const out: RateLimits = structuredClone(DEFAULT_RATE_LIMITS);
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z_]+)=(\d+(?:\.\d+)?)\/(\d+)$/.exec(part);
    if (!m || !((m[1] as string) in out)) {
      throw new Error(
        `MANAGER_RATE_LIMITS: cannot read '${part}' (want class=rate/burst, classes ${Object.keys(out).join(', ')})`,
      );
    }
    out[m[1] as RateClass] = { perMinute: Number(m[2]), burst: Number(m[3]) };
  }
  return out;
}

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
    sessionTtlMs: 12 * 3600_000,
    ticketTtlMs: 30_000,
    bodyLimitBytes: 1024 * 1024,
    rateLimits: DEFAULT_RATE_LIMITS,
    logLevel: 'info',
    agentTls: false,
    agentTlsPort: 18443,
    tlsSans: [],
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
  if (env.MANAGER_SESSION_TTL_SECONDS) out.sessionTtlMs = Number(env.MANAGER_SESSION_TTL_SECONDS) * 1000;
  if (env.MANAGER_TICKET_TTL_SECONDS) out.ticketTtlMs = Number(env.MANAGER_TICKET_TTL_SECONDS) * 1000;
  if (env.MANAGER_BODY_LIMIT_BYTES) out.bodyLimitBytes = Number(env.MANAGER_BODY_LIMIT_BYTES);
  if (env.MANAGER_RATE_LIMITS) out.rateLimits = parseRateLimits(env.MANAGER_RATE_LIMITS);
  if (env.MANAGER_VCPU_OVERCOMMIT) {
    const n = Number(env.MANAGER_VCPU_OVERCOMMIT);
    if (!(n > 0))
      throw new Error(`MANAGER_VCPU_OVERCOMMIT: '${env.MANAGER_VCPU_OVERCOMMIT}' is not a positive number`);
    out.vcpuOvercommit = n;
  }
  if (env.LOG_LEVEL) out.logLevel = env.LOG_LEVEL;
  if (env.MANAGER_AGENT_TLS) out.agentTls = env.MANAGER_AGENT_TLS === '1';
  if (env.MANAGER_AGENT_TLS_PORT) {
    const port = Number(env.MANAGER_AGENT_TLS_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`MANAGER_AGENT_TLS_PORT: '${env.MANAGER_AGENT_TLS_PORT}' is not a port number`);
    out.agentTlsPort = port;
  }
  if (env.MANAGER_TLS_SAN)
    out.tlsSans = env.MANAGER_TLS_SAN.split(',')
      .map((n) => n.trim())
      .filter(Boolean);
  return out;
}

export function managerPort(env: NodeJS.ProcessEnv = process.env): number {
  return env.MANAGER_PORT ? Number(env.MANAGER_PORT) : 18080;
}

export const pgliteDir = (config: ManagerConfig): string => join(config.dataDir, 'db');
