// The agent client over HTTP/JSON, exactly as docs/agent-api.md describes the routes.
import type { AgentInfo, AgentSnapshot, AgentVm, AgentVmMetrics, Applied } from '@nqvm/core';
import type { AgentClient, AgentEndpoint } from './agent-client.js';
import { type AgentTlsOptions, agentIdentityCheck, describeConnectError, httpsCall } from './agent-tls.js';

/** A failed agent call: the status and the agent's own error, kept for fault_message. */
export class AgentError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export interface HttpAgentOptions {
  /** Per-request limit; long operations (start, snapshot) get a longer one. */
  timeoutMs?: number;
  longTimeoutMs?: number;
  /** MANAGER_AGENT_TLS=1: https verified against the manager's agent CA (and the host id in the CN). */
  tls?: AgentTlsOptions;
}

export function createHttpAgentClient(endpoint: AgentEndpoint, options: HttpAgentOptions = {}): AgentClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const longTimeoutMs = options.longTimeoutMs ?? 120_000;

  async function call<T>(method: string, path: string, body?: unknown, long = false): Promise<T> {
    const init = {
      method,
      headers: {
        authorization: `Bearer ${endpoint.credential}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: long ? longTimeoutMs : timeoutMs,
    };
    let response: { status: number; ok: boolean };
    let text: string;
    try {
      if (options.tls) {
        ({ text, ...response } = await httpsCall(
          `${endpoint.baseUrl}${path}`,
          init,
          options.tls,
          endpoint.hostId,
        ));
      } else {
        const res = await fetch(`${endpoint.baseUrl}${path}`, {
          ...init,
          signal: AbortSignal.timeout(init.timeoutMs),
        });
        response = res;
        text = await res.text();
      }
    } catch (err) {
      throw new AgentError(0, describeConnectError(err as Error, endpoint.baseUrl));
    }
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const e = (parsed ?? {}) as { error?: string; fault_message?: string; code?: string };
      const message = [e.error, e.fault_message].filter(Boolean).join(': ') || `HTTP ${response.status}`;
      throw new AgentError(response.status, message, e.code);
    }
    return parsed as T;
  }

  const vm = (id: string) => `/v1/vms/${encodeURIComponent(id)}`;

  return {
    info: () => call<AgentInfo>('GET', '/v1/info'),
    listVms: async () => (await call<{ items: AgentVm[] }>('GET', '/v1/vms')).items,
    putVm: async (id, spec) => (await call<{ item: AgentVm }>('PUT', vm(id), spec, true)).item,
    async getVm(id) {
      try {
        return (await call<{ item: AgentVm }>('GET', vm(id))).item;
      } catch (err) {
        if (err instanceof AgentError && err.status === 404) return undefined;
        throw err;
      }
    },
    action: async (id, action, body = {}) =>
      (await call<{ item: AgentVm }>('POST', `${vm(id)}/${action}`, body, true)).item,
    async deleteVm(id) {
      try {
        await call('DELETE', vm(id), undefined, true);
      } catch (err) {
        // Already gone is what we wanted.
        if (!(err instanceof AgentError && err.status === 404)) throw err;
      }
    },
    putDrive: async (id, drive) =>
      (
        await call<{ applied: Applied }>(
          'PUT',
          `${vm(id)}/drives/${encodeURIComponent(drive.drive_id)}`,
          drive,
          true,
        )
      ).applied,
    patchDrive: async (id, driveId, patch) =>
      (await call<{ applied: Applied }>('PATCH', `${vm(id)}/drives/${encodeURIComponent(driveId)}`, patch))
        .applied,
    deleteDrive: async (id, driveId) =>
      (await call<{ applied: Applied }>('DELETE', `${vm(id)}/drives/${encodeURIComponent(driveId)}`)).applied,
    putNic: async (id, nic) =>
      (await call<{ applied: Applied }>('PUT', `${vm(id)}/nics/${encodeURIComponent(nic.iface_id)}`, nic))
        .applied,
    patchNic: async (id, ifaceId, patch) =>
      (await call<{ applied: Applied }>('PATCH', `${vm(id)}/nics/${encodeURIComponent(ifaceId)}`, patch))
        .applied,
    deleteNic: async (id, ifaceId) =>
      (await call<{ applied: Applied }>('DELETE', `${vm(id)}/nics/${encodeURIComponent(ifaceId)}`)).applied,
    createSnapshot: async (id, body) =>
      (await call<{ item: AgentSnapshot }>('POST', `${vm(id)}/snapshots`, body, true)).item,
    async deleteSnapshot(id, snapshotId) {
      try {
        await call('DELETE', `${vm(id)}/snapshots/${encodeURIComponent(snapshotId)}`);
      } catch (err) {
        if (!(err instanceof AgentError && err.status === 404)) throw err;
      }
    },
    restore: async (newId, body) =>
      (await call<{ item: AgentVm }>('POST', `${vm(newId)}/restore`, body, true)).item,
    metrics: async (id) => (await call<{ item: AgentVmMetrics }>('GET', `${vm(id)}/metrics`)).item,
    logs: async (id, lines, kind) =>
      (await call<{ lines: string[] }>('GET', `${vm(id)}/logs?lines=${lines}&kind=${kind}`)).lines,
    consoleTarget: (id) => ({
      url: `${endpoint.baseUrl.replace(/^http/, 'ws')}${vm(id)}/console`,
      headers: { authorization: `Bearer ${endpoint.credential}` },
      ...(options.tls
        ? { tls: { ca: options.tls.ca, checkServerIdentity: agentIdentityCheck(endpoint.hostId) } }
        : {}),
    }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 500) };
  }
}
