// startAgent (listen + manager link) and runAgentCommand, the entry for `bin/nqvm agent`.
import { parseArgs } from 'node:util';
import { type Agent, type AgentOptions, buildAgent } from './agent-app.js';
import type { AgentConfig } from './agent-config.js';
import { type ManagerLink, startManagerLink } from './manager-link.js';

export interface StartedAgent extends Agent {
  manager?: ManagerLink;
  close(): Promise<void>;
}

export async function startAgent(options: AgentOptions = {}): Promise<StartedAgent> {
  const agent = await buildAgent({ logger: { level: process.env.NQVM_LOG_LEVEL ?? 'info' }, ...options });
  const { app, ctx, services } = agent;
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  const manager = ctx.config.managerUrl
    ? startManagerLink(
        ctx,
        {
          capacity: services.capacity,
          usage: services.usage,
          vms: async () =>
            (await services.records()).map((r) => ({
              id: r.id,
              state: r.state,
              ...(r.error ? { error: r.error } : {}),
            })),
        },
        agent.tls,
      )
    : undefined;
  return {
    ...agent,
    manager,
    async close() {
      manager?.stop();
      await app.close();
    },
  };
}

const USAGE = `usage: nqvm agent [--port N] [--host ADDR] [--data-dir DIR] [--netns NAME]
Runs the per-host agent (env: AGENT_PORT, NQVM_DATA_DIR, NQVM_AGENT_TOKEN, NQVM_VMM, NQVM_BRIDGE,
NQVM_SUBNET, NQVM_NAT_UPLINK, NQVM_NETNS, NQVM_MANAGER_URL, NQVM_JOIN_TOKEN, NQVM_AGENT_TLS,
NQVM_IMAGE_ROOT, NQVM_VMM_POOL; see packages/agent/README.md).`;

/** Runs until SIGINT/SIGTERM; VMs keep running after it returns. Resolves to an exit code. */
export async function runAgentCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      netns: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config: Partial<AgentConfig> = {
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(values.netns ? { netns: values.netns } : {}),
  };
  const env = values['data-dir'] ? { ...process.env, NQVM_DATA_DIR: values['data-dir'] } : process.env;
  const agent = await startAgent({ config, env });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await agent.close();
  return 0;
}
