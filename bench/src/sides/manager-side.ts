// The manager side: POST /v1/vms (placed, defined and booted), then the shell WebSocket with a ticket.
import type { ManagerClient } from '@nqvm/client';
import { MEM_MIB } from '../guest-setup.js';
import { openManagerShell } from '../stack/ws-console.js';
import type { Launched, Side } from './side.js';

/** Opens the terminal of a VM the manager runs, as the web UI does (single-use ticket). */
export async function managerConsole(client: ManagerClient, id: string): Promise<Launched> {
  const console = await openManagerShell(await client.vms.shellUrlWithTicket(id), id);
  return {
    console,
    id,
    async teardown() {
      console.disconnect();
      await client.vms.delete(id);
    },
  };
}

export function managerSide(client: ManagerClient): Side {
  return {
    key: 'mgr',
    label: 'manager API: POST /v1/vms → shell WebSocket answers',
    async launch(tag) {
      const { id } = await client.vms.create({ name: `bench-${tag}`, vcpu: 1, mem_mib: MEM_MIB });
      return managerConsole(client, id);
    },
  };
}
