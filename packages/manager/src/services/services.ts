// Wires every service from one context, so routes and the reconciler share the same instances.
import { errors } from '../errors.js';
import { createReconciler } from '../reconciler/reconciler.js';
import { createAuditService } from './audit.service.js';
import { createAuthService } from './auth.service.js';
import type { ServiceContext } from './context.js';
import { createDriveService } from './drive.service.js';
import { createHostService } from './host.service.js';
import { createImageService } from './image.service.js';
import { createLogService } from './log.service.js';
import { createMetricsService } from './metrics.service.js';
import { createNicService } from './nic.service.js';
import { createScheduler } from './scheduler.js';
import { createSnapshotService } from './snapshot.service.js';
import { createTemplateService } from './template.service.js';
import { createTicketService } from './ticket.service.js';
import { createUserService } from './user.service.js';
import { createVmService } from './vm.service.js';

export function createServices(
  ctx: ServiceContext,
  tokens: { join: string; admin: string },
  onHeartbeat: (hostId: string) => void,
) {
  const joinToken = tokens.join;
  const scheduler = createScheduler({
    hosts: ctx.repos.hosts,
    vms: ctx.repos.vms,
    config: ctx.config,
    now: ctx.now,
  });
  const vms = createVmService(ctx, scheduler);
  const services = {
    scheduler,
    vms,
    drives: createDriveService(ctx, vms),
    nics: createNicService(ctx, vms),
    snapshots: createSnapshotService(ctx, vms, scheduler),
    templates: createTemplateService(ctx, vms),
    images: createImageService(ctx),
    hosts: createHostService(ctx, joinToken, onHeartbeat),
    logs: createLogService(ctx, vms),
    metrics: createMetricsService(ctx, vms),
    reconciler: createReconciler(ctx, vms),
    bus: ctx.bus,
    users: createUserService(ctx.repos, ctx.now),
    auth: createAuthService(ctx.repos, {
      adminToken: tokens.admin,
      sessionTtlMs: ctx.config.sessionTtlMs,
      now: ctx.now,
    }),
    tickets: createTicketService({ ttlMs: ctx.config.ticketTtlMs, now: ctx.now }),
    audit: createAuditService(ctx.repos),
    shell: {
      async consoleTarget(vmId: string) {
        // The VM and its host in one read: this sits between the browser's upgrade and its first byte.
        const found = await ctx.repos.hosts.ofVm(vmId);
        if (!found || found.state === 'deleting')
          throw errors.VM_NOT_FOUND({}, `VM with ID '${vmId}' does not exist`);
        if (!found.hostId) throw errors.HOST_NOT_FOUND({}, 'VM is not placed on a host');
        if (!found.host) throw errors.HOST_NOT_FOUND({}, `host '${found.hostId}' is not registered`);
        return ctx.agents.forRow(found.host).consoleTarget(vmId);
      },
    },
  };
  return services;
}

export type Services = ReturnType<typeof createServices>;
