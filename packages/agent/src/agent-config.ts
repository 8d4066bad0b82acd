// The agent's settings, read once from the environment (and a few CLI flags) into one object.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dataDir, imagesDir } from '@nqvm/core';
import { agentErrors } from './agent-errors.js';

export const AGENT_PORT_DEFAULT = 19090;

export interface AgentConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Static credential (NQVM_AGENT_TOKEN); the registration credential is accepted too. */
  token?: string;
  /** A Firecracker-API binary: fc-vmm by default, `firecracker` via NQVM_VMM. */
  vmmPath: string;
  bridge: string;
  subnet: string;
  natUplink?: string;
  /** When set, every network command and VMM runs inside this network namespace. */
  netns?: string;
  managerUrl?: string;
  /** NQVM_MANAGER_CA_SHA256: the manager CA's fingerprint, pinned on first https contact (manager-trust.ts). */
  managerCaSha256?: string;
  joinToken?: string;
  /** Address the manager should use to reach this agent. */
  addr: string;
  hostname: string;
  accel: 'kvm' | 'tcg';
  consoleLogMaxBytes: number;
  stopTimeoutMs: number;
  heartbeatMs: number;
  /** Where cgroup hierarchies are mounted (v2 root, or v1 `<ctrl>/` directories). */
  cgroupRoot: string;
  /** The parent group of every VM's cgroup (`<root>/.../<name>/<vm id>`). */
  cgroupName: string;
  /** Directories a raw image path (`{path}`) may resolve into; anything else is refused. */
  imageRoots: string[];
  /** NQVM_VMM_POOL: how many VMM processes wait, already answering, for the next VM start (0: none). */
  vmmPoolSize: number;
  /** NQVM_AGENT_TLS=1: serve https with a certificate the manager's CA issues at registration. */
  tls: boolean;
}

/**
 * NQVM_IMAGE_ROOT (colon-separated), else `/srv/images` (the manager's default MANAGER_IMAGE_ROOT)
 * and the images directory `nqvm images prepare` fills on this host.
 */
export function imageRoots(env: NodeJS.ProcessEnv): string[] {
  if (env.NQVM_IMAGE_ROOT) return env.NQVM_IMAGE_ROOT.split(':').filter(Boolean);
  // process.env as well: an agent given its own NQVM_DATA_DIR (tests) still finds the host's images.
  return [...new Set(['/srv/images', imagesDir(env), imagesDir(process.env)])];
}

export const VMM_POOL_DEFAULT = 1;
export const VMM_POOL_MAX = 16;

/** NQVM_VMM_POOL: an integer 0..16; anything else stops the agent at start-up with a coded error. */
export function parseVmmPoolSize(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return VMM_POOL_DEFAULT;
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || n > VMM_POOL_MAX) {
    throw agentErrors.CONFIG_INVALID({
      name: 'NQVM_VMM_POOL',
      value: JSON.stringify(raw),
      detail: `want an integer from 0 to ${VMM_POOL_MAX} (0 turns the warm VMM pool off)`,
    });
  }
  return n;
}

/** `bin/fc-vmm` in this repository (same relative place from src/ and dist/). */
export function defaultVmmPath(): string {
  return fileURLToPath(new URL('../../../bin/fc-vmm', import.meta.url));
}

/** KVM only where it can really run a guest: the nested `kvm_pvm` module cannot (HOST-NOTES). */
export function detectAccel(env: NodeJS.ProcessEnv): 'kvm' | 'tcg' {
  const wanted = env.NQVM_ACCEL ?? 'auto';
  if (wanted === 'kvm' || wanted === 'tcg') return wanted;
  return existsSync('/dev/kvm') && !existsSync('/sys/module/kvm_pvm') ? 'kvm' : 'tcg';
}

export function loadAgentConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<AgentConfig> = {},
): AgentConfig {
  const port = Number(env.AGENT_PORT ?? AGENT_PORT_DEFAULT);
  return {
    port: Number.isInteger(port) ? port : AGENT_PORT_DEFAULT,
    host: env.AGENT_HOST ?? '0.0.0.0',
    dataDir: dataDir(env),
    token: env.NQVM_AGENT_TOKEN || undefined,
    vmmPath: env.NQVM_VMM || defaultVmmPath(),
    bridge: env.NQVM_BRIDGE || 'nqvmbr0',
    subnet: env.NQVM_SUBNET || '172.31.0.0/24',
    natUplink: env.NQVM_NAT_UPLINK || undefined,
    netns: env.NQVM_NETNS || undefined,
    managerUrl: env.NQVM_MANAGER_URL || undefined,
    managerCaSha256: env.NQVM_MANAGER_CA_SHA256 || undefined,
    joinToken: env.NQVM_JOIN_TOKEN || undefined,
    addr: env.NQVM_AGENT_ADDR || hostname(),
    hostname: hostname(),
    accel: detectAccel(env),
    consoleLogMaxBytes: Number(env.NQVM_CONSOLE_LOG_MAX_BYTES) || 1024 * 1024,
    stopTimeoutMs: Number(env.NQVM_STOP_TIMEOUT_MS) || 30_000,
    heartbeatMs: 5_000,
    cgroupRoot: '/sys/fs/cgroup',
    cgroupName: env.NQVM_CGROUP_NAME || 'nqvm',
    imageRoots: imageRoots(env),
    tls: env.NQVM_AGENT_TLS === '1',
    vmmPoolSize: parseVmmPoolSize(env.NQVM_VMM_POOL),
    ...overrides,
  };
}
