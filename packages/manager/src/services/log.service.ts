// Log tailing: only a VM's own logs, read through its agent; never an arbitrary path.
import { errors } from '../errors.js';
import { type ServiceContext, viaAgent } from './context.js';
import type { VmService } from './vm.service.js';

export interface TailInput {
  vm_id?: string;
  path?: string;
  lines?: number;
  kind?: 'console' | 'vmm';
}

export function createLogService(ctx: ServiceContext, vms: VmService) {
  return {
    async tail(input: TailInput): Promise<{ text: string }> {
      let vmId = input.vm_id;
      if (!vmId) {
        // `path` (the spec's old form) is accepted only when it is some VM's recorded log.
        const match = input.path
          ? (await ctx.repos.vms.listAll()).find((vm) => vm.log_path === input.path)
          : undefined;
        if (!match)
          throw errors.LOG_PATH_NOT_ALLOWED(
            {},
            input.path ? `'${input.path}' is not a VM log` : 'vm_id missing',
          );
        vmId = match.id;
      }
      const vm = await vms.mustGet(vmId);
      const agent = await ctx.agents.forHost(vm.host_id);
      const lines = await viaAgent(() => agent.logs(vm.id, input.lines ?? 200, input.kind ?? 'console'));
      return { text: lines.length ? `${lines.join('\n')}\n` : '' };
    },
  };
}

export type LogService = ReturnType<typeof createLogService>;
