// Agent → manager: register once with the join token, then heartbeat every few seconds, backing off while it is away.

import type { AgentCapacity, AgentUsage } from '@nqvm/core';
import type { AgentContext } from './agent-context.js';
import type { AgentTls } from './agent-tls.js';
import { explainManagerError, type ManagerFetch } from './manager-trust.js';

export interface HeartbeatSources {
  capacity: () => Promise<AgentCapacity>;
  usage: () => Promise<AgentUsage>;
  vms: () => Promise<{ id: string; state: string; error?: string }[]>;
}

export interface ManagerLink {
  /** Resolves after the first successful heartbeat (tests wait on it). */
  connected: Promise<void>;
  stop(): void;
}

const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** The manager's error shape as one line (code, error, suggestion), else the start of whatever it sent. */
function managerWords(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: string; error?: string; suggestion?: string };
    if (body.error) return [body.code, body.error, body.suggestion].filter(Boolean).join(' — ');
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return text.slice(0, 300);
}

async function post(send: ManagerFetch, url: string, body: unknown, token?: string): Promise<unknown> {
  const res = await send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  }).catch((err: Error) => {
    throw explainManagerError(err, url);
  });
  // The manager's own words (e.g. MVM_ERR_AGENT_TLS_REQUIRED and its fix) go to the agent's log.
  if (!res.ok)
    throw new Error(`${url} answered ${res.status}: ${managerWords(await res.text().catch(() => ''))}`);
  return res.json();
}

export function startManagerLink(ctx: AgentContext, sources: HeartbeatSources, tls?: AgentTls): ManagerLink {
  const base = ctx.config.managerUrl as string;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let backoff = BACKOFF_START_MS;
  let markConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => {
    markConnected = resolve;
  });

  async function register(): Promise<void> {
    if (!ctx.config.joinToken) throw new Error('not registered and no NQVM_JOIN_TOKEN to register with');
    const answer = (await post(ctx.managerFetch, `${base}/v1/agent/register`, {
      join_token: ctx.config.joinToken,
      hostname: ctx.config.hostname,
      addr: ctx.config.addr,
      port: ctx.config.port,
      capacity: await sources.capacity(),
      accel: ctx.config.accel,
      ...(tls ? { tls_public_key: tls.publicKeyPem } : {}),
    })) as { host_id: string; credential: string; tls?: { cert: string; ca: string } };
    if (tls) {
      // Without a certificate this agent can serve nobody: keep retrying, saying why.
      if (!answer.tls)
        throw new Error('the manager issued no TLS certificate: start it with MANAGER_AGENT_TLS=1');
      await tls.install(answer.tls.cert, answer.tls.ca);
    }
    await ctx.credentials.save({ host_id: answer.host_id, credential: answer.credential });
    ctx.credential.hostId = answer.host_id;
    ctx.credential.value = answer.credential;
    ctx.log.info({ host_id: answer.host_id }, 'registered with the manager');
  }

  async function beat(): Promise<void> {
    if (!ctx.credential.value || !ctx.credential.hostId || (tls && !tls.hasCertificate())) await register();
    await post(
      ctx.managerFetch,
      `${base}/v1/agent/heartbeat`,
      {
        host_id: ctx.credential.hostId,
        capacity: await sources.capacity(),
        usage: await sources.usage(),
        vms: await sources.vms(),
      },
      ctx.credential.value,
    );
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      beat().then(
        () => {
          backoff = BACKOFF_START_MS;
          markConnected();
          schedule(ctx.config.heartbeatMs);
        },
        (err: Error) => {
          ctx.log.warn({ err: err.message, retry_ms: backoff }, 'manager unreachable; retrying');
          const wait = backoff;
          backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
          schedule(wait);
        },
      );
    }, ms);
    timer.unref();
  }

  schedule(0);
  return {
    connected,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
