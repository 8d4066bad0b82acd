// Snapshot hooks: list per VM, create (Full/Diff), restore into a new VM, delete.
import type { CreateSnapshotReq } from '@nqvm/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { useRefetchInterval } from './use-refetch-interval';

export function useSnapshots(vmId: string) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    queryKey: queryKeys.vms.snapshots(vmId),
    queryFn: () => api().snapshots.list(vmId),
    enabled: !!vmId,
    refetchInterval,
  });
}

export function useCreateSnapshot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ vmId, ...req }: CreateSnapshotReq & { vmId: string }) => api().snapshots.create(vmId, req),
    meta: { action: 'Create snapshot', success: () => 'Snapshot created' },
    onSuccess: (_d, { vmId }) => qc.invalidateQueries({ queryKey: queryKeys.vms.snapshots(vmId) }),
  });
}

/** Restoring makes a new VM from the snapshot (POST /v1/snapshots/{id}/instantiate). */
export function useRestoreSnapshot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ snapshotId, name }: { vmId: string; snapshotId: string; name?: string }) =>
      api().snapshots.instantiate(snapshotId, name ? { name } : {}),
    meta: { action: 'Restore snapshot', success: () => 'VM restored from snapshot' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.vms.list() }),
  });
}

export function useDeleteSnapshot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ snapshotId }: { vmId: string; snapshotId: string }) => api().snapshots.delete(snapshotId),
    meta: { action: 'Delete snapshot', success: () => 'Snapshot deleted' },
    onSuccess: (_d, { vmId }) => qc.invalidateQueries({ queryKey: queryKeys.vms.snapshots(vmId) }),
  });
}
