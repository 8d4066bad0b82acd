// Snapshot hooks: list per VM, create (Full/Diff), restore into a new VM, delete.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { snapshotsApi } from '@/lib/api/snapshots.api';
import type { CreateSnapshotReq } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';
import { useRefetchInterval } from './use-refetch-interval';

export function useSnapshots(vmId: string) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    queryKey: queryKeys.vms.snapshots(vmId),
    queryFn: () => snapshotsApi.list(vmId),
    enabled: !!vmId,
    refetchInterval,
  });
}

export function useCreateSnapshot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ vmId, ...req }: CreateSnapshotReq & { vmId: string }) => snapshotsApi.create(vmId, req),
    meta: { action: 'Create snapshot', success: () => 'Snapshot created' },
    onSuccess: (_d, { vmId }) => qc.invalidateQueries({ queryKey: queryKeys.vms.snapshots(vmId) }),
  });
}

/** Restoring makes a new VM from the snapshot (POST /v1/snapshots/{id}/instantiate). */
export function useRestoreSnapshot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ snapshotId, name }: { vmId: string; snapshotId: string; name?: string }) =>
      snapshotsApi.instantiate(snapshotId, name),
    meta: { action: 'Restore snapshot', success: () => 'VM restored from snapshot' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.vms.list() }),
  });
}

export function useDeleteSnapshot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ snapshotId }: { vmId: string; snapshotId: string }) => snapshotsApi.remove(snapshotId),
    meta: { action: 'Delete snapshot', success: () => 'Snapshot deleted' },
    onSuccess: (_d, { vmId }) => qc.invalidateQueries({ queryKey: queryKeys.vms.snapshots(vmId) }),
  });
}
