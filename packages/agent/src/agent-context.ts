// The agent's wiring: every I/O module a service needs, built once from the config (the composition root).
import { dirname } from 'node:path';
import type { AgentConfig } from './agent-config.js';
import { type Cgroups, createCgroups } from './cgroup.js';
import { type ConsoleHub, createConsoleHub } from './console-hub.js';
import { type CredentialStore, createCredentialStore } from './credential-store.js';
import { createHostNetwork, type HostNetwork } from './host-network.js';
import { createImageCache, type ImageCache } from './image-cache.js';
import { createIpLeaseStore, type IpLeaseStore } from './ip-lease-store.js';
import type { Logger } from './logger.js';
import { createManagerFetch, type ManagerFetch } from './manager-trust.js';
import { parseSubnet, type Subnet } from './subnet.js';
import { type AgentPaths, agentPaths } from './vm-paths.js';
import { createVmStore, type VmStore } from './vm-store.js';
import { createVmmPool, type VmmPool } from './vmm-pool.js';

export interface AgentContext {
  config: AgentConfig;
  log: Logger;
  paths: AgentPaths;
  subnet: Subnet;
  store: VmStore;
  images: ImageCache;
  network: HostNetwork;
  leases: IpLeaseStore;
  cgroups: Cgroups;
  consoles: ConsoleHub;
  credentials: CredentialStore;
  /** VMM processes started ahead of need (NQVM_VMM_POOL); started after the start-up reconcile. */
  vmmPool: VmmPool;
  /** Requests to the manager: plain fetch, or https trusting only the pinned manager CA. */
  managerFetch: ManagerFetch;
  /** The registration credential once known (also accepted on incoming requests). */
  credential: { value?: string; hostId?: string };
}

export function createAgentContext(config: AgentConfig, log: Logger): AgentContext {
  const paths = agentPaths(config.dataDir);
  const subnet = parseSubnet(config.subnet);
  const credential: AgentContext['credential'] = {};
  const managerFetch = createManagerFetch({
    managerUrl: config.managerUrl,
    agentDir: dirname(paths.credentialFile),
    pin: config.managerCaSha256,
  });
  return {
    managerFetch,
    config,
    log,
    paths,
    subnet,
    store: createVmStore(paths),
    images: createImageCache({
      cacheDir: paths.imageCacheDir,
      imageRoots: config.imageRoots,
      managerUrl: config.managerUrl,
      fetch: managerFetch,
      credential: () => credential.value ?? config.token,
    }),
    network: createHostNetwork({
      bridge: config.bridge,
      subnet,
      natUplink: config.natUplink,
      netns: config.netns,
      log,
    }),
    leases: createIpLeaseStore(paths.leasesFile, subnet),
    cgroups: createCgroups(config.cgroupRoot, log, { name: config.cgroupName }),
    consoles: createConsoleHub(),
    credentials: createCredentialStore(paths.credentialFile),
    vmmPool: createVmmPool({
      size: config.vmmPoolSize,
      poolDir: paths.poolDir,
      vmmPath: config.vmmPath,
      netns: config.netns,
      log,
    }),
    credential,
  };
}
