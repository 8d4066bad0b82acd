// Hosts: agent registration with the join token, heartbeats, and what the API shows of them.
import { randomUUID } from 'node:crypto';
import { json } from '../db/database.js';
import type { HostCapacityJson, HostRow, HostUsageJson } from '../db/schema.js';
import { errors } from '../errors.js';
import type { ServiceContext } from './context.js';
import { toHost } from './mappers.js';
import { isOnline } from './scheduler.js';
import { newCredential, sameToken } from './tokens.js';

export interface RegisterInput {
  join_token: string;
  hostname: string;
  addr: string;
  port: number;
  capacity: HostCapacityJson;
  accel: string;
  /** SPKI PEM of the agent's TLS key (NQVM_AGENT_TLS=1); the private key never leaves the agent. */
  tls_public_key?: string;
}

export interface HeartbeatInput {
  host_id: string;
  capacity: HostCapacityJson;
  usage: HostUsageJson;
  vms: Array<{ id: string; state: string; error?: string }>;
}

const NO_USAGE: HostUsageJson = { vcpus: 0, mem_mib: 0, disk_bytes: 0, running_vms: 0 };

export function createHostService(
  ctx: ServiceContext,
  joinToken: string,
  onHeartbeat: (hostId: string) => void,
) {
  const { repos } = ctx;
  const online = (host: HostRow) => isOnline(host, ctx.now(), ctx.config.hostTimeoutMs);

  /** With TLS on: a certificate for the agent's key, and the CA it and the manager both trust. */
  async function certificateFor(host: HostRow, input: RegisterInput) {
    if (!ctx.agentCa || !input.tls_public_key) return {};
    const cert = await ctx.agentCa.issue({
      hostId: host.id,
      addr: host.addr,
      publicKeyPem: input.tls_public_key,
    });
    return { tls: { cert, ca: ctx.agentCa.certPem } };
  }

  return {
    list: async () => (await repos.hosts.list()).map((h) => toHost(h, online(h))),

    async get(id: string) {
      const host = await repos.hosts.get(id);
      if (!host) throw errors.HOST_NOT_FOUND();
      return toHost(host, online(host));
    },

    /** The same endpoint registering again keeps its host id (an agent that lost its state). */
    async register(input: RegisterInput) {
      if (!sameToken(input.join_token, joinToken)) throw errors.JOIN_TOKEN_INVALID();
      // Refused before anything is written: this manager could not talk to such an agent.
      if (ctx.agentCa && !input.tls_public_key) throw errors.AGENT_TLS_REQUIRED();
      const credential = newCredential();
      const fields = {
        hostname: input.hostname,
        accel: input.accel,
        credential,
        capacity: json(input.capacity),
        last_heartbeat_at: ctx.now(),
      };
      const existing = await repos.hosts.findByEndpoint(input.addr, input.port);
      const host = existing
        ? await repos.hosts.update(existing.id, fields)
        : await repos.hosts.insert({
            id: randomUUID(),
            addr: input.addr,
            port: input.port,
            usage: json(NO_USAGE),
            observed_vms: json([]),
            ...fields,
          });
      if (!host) throw errors.INTERNAL({}, 'host vanished during registration');
      await ctx.bus.publish({
        kind: 'host.registered',
        resource_type: 'host',
        resource_id: host.id,
        data: { hostname: host.hostname },
      });
      onHeartbeat(host.id);
      return { host_id: host.id, credential, ...(await certificateFor(host, input)) };
    },

    async authenticate(credential: string): Promise<HostRow | undefined> {
      return repos.hosts.findByCredential(credential);
    },

    async heartbeat(host: HostRow, input: HeartbeatInput) {
      if (input.host_id !== host.id)
        throw errors.AGENT_UNAUTHORIZED({}, 'credential belongs to another host');
      const wasOnline = online(host);
      // input.vms (every VM the agent runs, ~80 KB for 1,000) is not stored: nothing reads it, the
      // reconciler asks the agent for its inventory itself, and writing it stalled PGlite's event loop.
      await repos.hosts.update(host.id, {
        capacity: json(input.capacity),
        usage: json(input.usage),
        last_heartbeat_at: ctx.now(),
      });
      if (!wasOnline) {
        await ctx.bus.publish({ kind: 'host.online', resource_type: 'host', resource_id: host.id, data: {} });
      }
      onHeartbeat(host.id);
    },
  };
}

export type HostService = ReturnType<typeof createHostService>;
