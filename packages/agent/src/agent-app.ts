// buildAgent: the Fastify app over the agent's services, after the start-up reconcile.

import { dirname } from 'node:path';
import type { Server as TlsServer } from 'node:tls';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type AgentConfig, loadAgentConfig } from './agent-config.js';
import { type AgentContext, createAgentContext } from './agent-context.js';
import { type AgentServices, createAgentServices } from './agent-services.js';
import { type AgentTls, loadAgentTls } from './agent-tls.js';
import { registerAuth } from './auth.js';
import { capLog } from './capped-log.js';
import { registerConsoleRoutes } from './console.routes.js';
import { registerDeviceRoutes } from './device.routes.js';
import { registerErrorHandler } from './error-handler.js';
import { registerHostRoutes } from './host.routes.js';
import { silentLogger } from './logger.js';
import { type ReconcileReport, reconcileOnStart } from './reconcile.js';
import { errorSchema } from './schemas.js';
import { registerSnapshotRoutes } from './snapshot.routes.js';
import { registerVmRoutes } from './vm.routes.js';

export interface AgentOptions {
  /** Settings on top of those read from `env`. */
  config?: Partial<AgentConfig>;
  env?: NodeJS.ProcessEnv;
  logger?: FastifyServerOptions['logger'];
}

export interface Agent {
  app: FastifyInstance;
  ctx: AgentContext;
  services: AgentServices;
  reconciled: ReconcileReport;
  /** Caps every VM's console and metrics files now (also runs on a timer). */
  housekeep(): Promise<void>;
  /** With NQVM_AGENT_TLS=1: the key and certificate the https listener serves. */
  tls?: AgentTls;
}

const HOUSEKEEPING_MS = 5_000;

export async function buildAgent(options: AgentOptions = {}): Promise<Agent> {
  const config = loadAgentConfig(options.env ?? process.env, options.config);
  const app = Fastify({
    logger: options.logger ?? false,
    // Unknown fields are errors, not silently dropped: a typo in a spec must not be ignored.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    // An https listener without a certificate yet: loadAgentTls installs one (setSecureContext).
    ...(config.tls ? { https: {} } : {}),
  }) as unknown as FastifyInstance;
  const log = options.logger ? app.log : silentLogger;
  const ctx = createAgentContext(config, log);
  const stored = await ctx.credentials.load();
  if (stored) Object.assign(ctx.credential, { value: stored.credential, hostId: stored.host_id });
  const services = createAgentServices(ctx);
  const tls = config.tls
    ? await loadAgentTls(dirname(ctx.paths.credentialFile), app.server as unknown as TlsServer)
    : undefined;

  await app.register(swagger, {
    openapi: {
      info: { title: 'nqvm agent API', version: '0.1.0', description: 'See docs/agent-api.md' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(websocket);
  app.addSchema({ $id: 'AgentError', ...errorSchema });
  registerAuth(app, ctx);
  registerErrorHandler(app);
  app.addHook('onResponse', async (req, reply) => {
    services.prometheus.countRequest(req.method, req.routeOptions.url ?? 'unknown', reply.statusCode);
  });
  registerHostRoutes(app, services);
  registerVmRoutes(app, services, ctx.paths);
  registerDeviceRoutes(app, services);
  registerSnapshotRoutes(app, services);
  registerConsoleRoutes(app, ctx, services);

  const reconciled = await reconcileOnStart(ctx, services.vms);
  // After the reconcile: adopted VMs may run in VMMs an earlier pool started, which must live on.
  const vmPids = (await services.records()).flatMap((r) => (r.pid === undefined ? [] : [r.pid]));
  await ctx.vmmPool.start(new Set(vmPids));
  // NAT follows the configuration from start-up on: adopted guests gain (or lose) their uplink now,
  // not at the next VM start. A failure here is not fatal; the next VM start reports it.
  await ctx.network
    .syncNat()
    .catch((err) => log.warn({ err: (err as Error).message }, 'NAT setup failed; retried at VM start'));

  async function housekeep(): Promise<void> {
    for (const record of await services.records()) {
      const paths = ctx.paths.vm(record.id);
      await capLog(paths.consoleLog, config.consoleLogMaxBytes).catch(() => false);
      await capLog(paths.metrics, config.consoleLogMaxBytes).catch(() => false);
      await capLog(paths.vmmLog, config.consoleLogMaxBytes).catch(() => false);
    }
  }
  const timer = setInterval(() => void housekeep(), HOUSEKEEPING_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    // VMs keep running when the agent goes away; only our watchers and handles stop, and the
    // idle pooled VMMs, which no VM uses yet.
    await ctx.vmmPool.close();
    services.vms.runner.detachAll();
    ctx.consoles.close();
  });
  return { app, ctx, services, reconciled, housekeep, ...(tls ? { tls } : {}) };
}
