// Maps a manager event (from GET /v1/events) to the query keys it makes stale, so caches refresh on change.
import type { ManagerEvent } from '@nqvm/client';
import { type QueryKey, queryKeys } from './query-keys';

/**
 * Prefix keys: invalidating ['vms','detail',id] also refreshes that VM's drives, NICs and snapshots,
 * which is right because the manager reports device changes as VM changes.
 */
export function invalidationsFor(
  event: Pick<ManagerEvent, 'kind' | 'resource_type' | 'resource_id' | 'data'>,
): QueryKey[] {
  const id = event.resource_id;
  switch (event.resource_type) {
    case 'vm': {
      const keys: QueryKey[] = [queryKeys.vms.list(), queryKeys.vms.detail(id), queryKeys.hosts.all];
      // A new VM from a snapshot or template may change what those lists show.
      if (event.kind === 'vm.created') keys.push(queryKeys.templates.all);
      return keys;
    }
    case 'snapshot': {
      const vmId = typeof event.data?.vm_id === 'string' ? event.data.vm_id : undefined;
      const keys: QueryKey[] = [queryKeys.snapshots.detail(id)];
      // A deleted snapshot's event carries no vm_id: refresh every VM's snapshot list.
      keys.push(vmId ? queryKeys.vms.snapshots(vmId) : queryKeys.vms.all);
      return keys;
    }
    case 'image':
      return [queryKeys.images.all];
    case 'template':
      return [queryKeys.templates.all];
    case 'host':
      return [queryKeys.hosts.all];
    case 'drive':
    case 'nic': {
      const vmId = typeof event.data?.vm_id === 'string' ? event.data.vm_id : undefined;
      return vmId ? [queryKeys.vms.detail(vmId)] : [queryKeys.vms.all];
    }
    default:
      // An event kind this UI doesn't know yet: refresh everything rather than show stale data.
      return [[]];
  }
}
