// The agent side: PUT /v1/vms/{id} with start (the spec the manager itself sends), then its console WebSocket.
import { randomUUID } from 'node:crypto';
import type { BenchAgent } from '../stack/bench-agent.js';
import { openAgentConsole } from '../stack/ws-console.js';
import type { Side } from './side.js';

/** An AgentVmSpec as the manager built it; only the name, hostname and MAC change per VM. */
export type AgentSpec = Record<string, unknown> & { nics?: Array<Record<string, unknown>> };

export function agentSide(agent: BenchAgent, template: AgentSpec): Side {
  return {
    key: 'agent',
    label: 'agent API: PUT /v1/vms/{id} (start) → console WebSocket answers',
    async launch(tag) {
      const id = randomUUID();
      const name = `bench-${tag}`;
      const spec = {
        ...template,
        name,
        hostname: name,
        // The agent derives a MAC from the id when none is given.
        nics: (template.nics ?? []).map(({ mac: _mac, ...nic }) => nic),
        start: true,
      };
      const res = await agent.fetch(`/v1/vms/${id}`, { method: 'PUT', body: spec });
      if (!res.ok) throw new Error(`agent PUT /v1/vms: ${res.status} ${await res.text()}`);
      const console = await openAgentConsole(agent.url, agent.token, id);
      return {
        console,
        async teardown() {
          console.disconnect();
          const del = await agent.fetch(`/v1/vms/${id}`, { method: 'DELETE' });
          if (!del.ok) throw new Error(`agent DELETE /v1/vms/${id}: ${del.status} ${await del.text()}`);
        },
      };
    },
  };
}
