// Snapshot instantiation through the manager: POST /v1/snapshots/{id}/instantiate, then the shell WebSocket.
import type { ManagerClient } from '@nqvm/client';
import { managerConsole } from './manager-side.js';
import type { Side } from './side.js';

export function instantiateSide(client: ManagerClient, snapshotId: string): Side {
  return {
    key: 'instantiate',
    label: 'manager API: POST /v1/snapshots/{id}/instantiate → shell WebSocket answers',
    restored: true,
    async launch(tag) {
      const { id } = await client.snapshots.instantiate(snapshotId, { name: `bench-${tag}` });
      return managerConsole(client, id);
    },
  };
}
