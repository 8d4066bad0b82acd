// What every service is built from: repositories, configuration, agents, the event bus.
import type { FastifyBaseLogger } from 'fastify';
import type { AgentClient, AgentClientFactory } from '../agent/agent-client.js';
import { AgentError } from '../agent/http-agent-client.js';
import type { ManagerConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { HostRow } from '../db/schema.js';
import { errors } from '../errors.js';
import { createApiTokenRepository } from '../repositories/api-token.repository.js';
import { createAuditRepository } from '../repositories/audit.repository.js';
import { createDriveRepository } from '../repositories/drive.repository.js';
import { createEventRepository } from '../repositories/event.repository.js';
import { createFileRepository } from '../repositories/file.repository.js';
import { createHostRepository } from '../repositories/host.repository.js';
import { createImageRepository } from '../repositories/image.repository.js';
import { createMetricRepository } from '../repositories/metric.repository.js';
import { createNicRepository } from '../repositories/nic.repository.js';
import { createSnapshotRepository } from '../repositories/snapshot.repository.js';
import { createTemplateRepository } from '../repositories/template.repository.js';
import { createUserRepository } from '../repositories/user.repository.js';
import { createVmRepository } from '../repositories/vm.repository.js';
import type { AgentCa } from './agent-ca.js';
import type { EventBus } from './event-bus.js';

export function createRepositories(db: Db) {
  return {
    vms: createVmRepository(db),
    drives: createDriveRepository(db),
    nics: createNicRepository(db),
    snapshots: createSnapshotRepository(db),
    templates: createTemplateRepository(db),
    images: createImageRepository(db),
    hosts: createHostRepository(db),
    events: createEventRepository(db),
    metrics: createMetricRepository(db),
    files: createFileRepository(),
    users: createUserRepository(db),
    apiTokens: createApiTokenRepository(db),
    audit: createAuditRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

export interface ServiceContext {
  repos: Repositories;
  config: ManagerConfig;
  bus: EventBus;
  log: FastifyBaseLogger;
  agents: AgentDirectory;
  /** Set with MANAGER_AGENT_TLS=1: signs agents' keys at registration. */
  agentCa?: AgentCa;
  /** VM ids with an operation in flight in this process; the reconciler leaves them alone. */
  inflight: Set<string>;
  now: () => Date;
}

export interface AgentDirectory {
  forHost(hostId: string | null): Promise<AgentClient>;
  /** For a host row already in hand (placement just read it): no second lookup. */
  forRow(host: HostRow): AgentClient;
}

export function createAgentDirectory(
  repos: Repositories,
  factory: AgentClientFactory,
  scheme: 'http' | 'https' = 'http',
): AgentDirectory {
  const forRow = (host: HostRow) =>
    factory({
      hostId: host.id,
      baseUrl: `${scheme}://${host.addr}:${host.port}`,
      credential: host.credential,
    });
  return {
    async forHost(hostId) {
      const host = hostId ? await repos.hosts.get(hostId) : undefined;
      if (!host) throw errors.HOST_NOT_FOUND({}, `host '${hostId}' is not registered`);
      return forRow(host);
    },
    forRow,
  };
}

/** Runs an agent call; its failures become MVM_ERR_AGENT_FAILED (502) with the agent's words. */
export async function viaAgent<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AgentError) throw errors.AGENT_FAILED({}, err.message);
    throw err;
  }
}

/** Marks a VM busy for the reconciler while `fn` runs. */
export async function withInflight<T>(ctx: ServiceContext, vmId: string, fn: () => Promise<T>): Promise<T> {
  ctx.inflight.add(vmId);
  try {
    return await fn();
  } finally {
    ctx.inflight.delete(vmId);
  }
}
