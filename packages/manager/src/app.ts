// buildManager: the Fastify app with database, auth, OpenAPI, metrics, routes and background loops.
import type { RequestListener } from 'node:http';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AgentClientFactory } from './agent/agent-client.js';
import {
  type AgentTlsListener,
  createAgentTlsListener,
  listenerNames,
  plainServerFactory,
  registerAgentListenerGuard,
} from './agent/agent-listener.js';
import { createHttpAgentClient } from './agent/http-agent-client.js';
import { type ManagerConfig, pgliteDir, resolveConfig } from './config.js';
import { type Db, openDatabase } from './db/database.js';
import { registerAudit } from './plugins/audit.plugin.js';
import { registerAuth } from './plugins/auth.plugin.js';
import { registerErrorHandling } from './plugins/error-handler.js';
import { registerMetrics } from './plugins/metrics.plugin.js';
import { registerOpenApi } from './plugins/openapi.plugin.js';
import { registerPathRedaction } from './plugins/path-redaction.js';
import { authRoutes } from './routes/auth.routes.js';
import { deviceRoutes } from './routes/device.routes.js';
import { eventRoutes } from './routes/event.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { hostRoutes } from './routes/host.routes.js';
import { imageRoutes } from './routes/image.routes.js';
import { logRoutes } from './routes/log.routes.js';
import { shellRoutes } from './routes/shell.routes.js';
import { snapshotRoutes } from './routes/snapshot.routes.js';
import { templateRoutes } from './routes/template.routes.js';
import { userRoutes } from './routes/user.routes.js';
import { vmRoutes } from './routes/vm.routes.js';
import { errorResponse } from './schemas/common.schema.js';
import { loadOrCreateAgentCa } from './services/agent-ca.js';
import { createAgentDirectory, createRepositories, type ServiceContext } from './services/context.js';
import { createEventBus } from './services/event-bus.js';
import { registerManifestImages } from './services/manifest.service.js';
import { createRateLimiter } from './services/rate-limiter.js';
import { createServices, type Services } from './services/services.js';
import { loadOrCreateToken } from './services/tokens.js';

export interface ManagerOptions extends Partial<ManagerConfig> {
  /** How to reach agents; tests pass a fake. Defaults to HTTP per docs/agent-api.md. */
  agentClientFactory?: AgentClientFactory;
  /** Clock for heartbeat ages and backoff; tests pass a controllable one. */
  now?: () => Date;
  /** Use the in-memory PGlite instead of `<dataDir>/db` (tests). */
  inMemoryDb?: boolean;
}

export interface ManagerHandle {
  config: ManagerConfig;
  db: Db;
  services: Services;
  adminToken: string;
  joinToken: string;
  /** True when the admin token was generated on this start (the CLI prints it once). */
  adminTokenCreated: boolean;
  adminTokenPath?: string;
  /** MANAGER_AGENT_TLS=1: the agent-facing https listener (startManager listens it on agentTlsPort). */
  agentListener?: AgentTlsListener;
  /** Set on the start that created the first admin user: its password, printed once, kept in the file. */
  initialAdmin?: { username: string; password: string; path: string };
}

declare module 'fastify' {
  interface FastifyInstance {
    manager: ManagerHandle;
  }
}

export async function buildManager(options: ManagerOptions = {}): Promise<FastifyInstance> {
  const { agentClientFactory, now = () => new Date(), inMemoryDb, ...overrides } = options;
  const config = resolveConfig(overrides);
  // With agent TLS the same request handler also serves the agent https listener (agent/agent-listener.ts).
  let handler: RequestListener | undefined;
  const app = Fastify({
    ...(config.agentTls
      ? {
          serverFactory: plainServerFactory((h) => {
            handler = h;
          }),
        }
      : {}),
    logger: config.logLevel === false ? false : { level: config.logLevel },
    // Uploads stream past this; it bounds JSON bodies only.
    bodyLimit: config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });

  const db = await openDatabase({
    ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
    ...(inMemoryDb ? {} : { pgliteDir: pgliteDir(config) }),
  });
  const admin = await loadOrCreateToken(config.dataDir, 'admin-token', config.adminToken);
  const join = await loadOrCreateToken(config.dataDir, 'join-token', config.joinToken);

  const repos = createRepositories(db);
  // MANAGER_AGENT_TLS=1: the CA is made on the first start; agents are then called over verified https.
  const agentCa = config.agentTls ? await loadOrCreateAgentCa(config.dataDir) : undefined;
  const tls = agentCa ? { tls: { ca: agentCa.certPem } } : {};
  const agentListener =
    agentCa && handler
      ? await createAgentTlsListener(handler, agentCa, listenerNames(config.tlsSans))
      : undefined;
  const ctx: ServiceContext = {
    repos,
    config,
    bus: createEventBus(repos.events),
    log: app.log,
    agents: createAgentDirectory(
      repos,
      agentClientFactory ?? ((endpoint) => createHttpAgentClient(endpoint, tls)),
      agentCa ? 'https' : 'http',
    ),
    ...(agentCa ? { agentCa } : {}),
    inflight: new Set(),
    now,
  };
  const loops = config.reconcileIntervalMs > 0;
  const services: Services = createServices(ctx, { join: join.token, admin: admin.token }, (hostId) => {
    // A heartbeat is fresh evidence: converge that host now rather than at the next tick.
    if (loops) void services.reconciler.reconcileHost(hostId);
  });
  const bootstrap = await services.users.bootstrapAdmin(config.dataDir);
  app.decorate('manager', {
    config,
    db,
    services,
    adminToken: admin.token,
    joinToken: join.token,
    adminTokenCreated: admin.created,
    ...(agentListener ? { agentListener } : {}),
    ...(admin.path ? { adminTokenPath: admin.path } : {}),
    ...(bootstrap.created && bootstrap.username && bootstrap.password && bootstrap.path
      ? { initialAdmin: { username: bootstrap.username, password: bootstrap.password, path: bootstrap.path } }
      : {}),
  });

  app.addSchema(errorResponse);
  registerErrorHandling(app);
  if (agentListener) registerAgentListenerGuard(app, () => agentListener.port() || config.agentTlsPort);
  await registerOpenApi(app);
  await app.register(websocket);
  registerAuth(app, {
    auth: services.auth,
    tickets: services.tickets,
    limiter: createRateLimiter(config.rateLimits, now),
    authenticateAgent: (c) => services.hosts.authenticate(c),
  });
  registerAudit(app, services.audit);
  registerPathRedaction(app);
  registerMetrics(app, {
    vmStates: async () => {
      const counts: Record<string, number> = {};
      for (const vm of await repos.vms.listAll()) counts[vm.state] = (counts[vm.state] ?? 0) + 1;
      return counts;
    },
    hostCount: async () => (await repos.hosts.list()).length,
  });

  healthRoutes(app, db);
  authRoutes(app, services);
  userRoutes(app, services);
  vmRoutes(app, services);
  deviceRoutes(app, services);
  snapshotRoutes(app, services);
  templateRoutes(app, services);
  await app.register(async (scope) => imageRoutes(scope, services));
  hostRoutes(app, services);
  logRoutes(app, services);
  eventRoutes(app, services);
  shellRoutes(app, services);

  await registerManifestImages(ctx);

  const timers: NodeJS.Timeout[] = [];
  app.addHook('onReady', async () => {
    if (loops) {
      void services.reconciler.reconcileOnce();
      timers.push(setInterval(() => void services.reconciler.reconcileOnce(), config.reconcileIntervalMs));
    }
    if (config.enableMetrics && config.metricsIntervalMs > 0) {
      timers.push(setInterval(() => void services.metrics.sampleAll(), config.metricsIntervalMs));
    }
  });
  app.addHook('onClose', async () => {
    await agentListener?.close();
    for (const t of timers) clearInterval(t);
    await services.images.waitForAllImports();
    await db.destroy();
  });
  return app;
}
