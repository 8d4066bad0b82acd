// VM hooks: list, detail, lifecycle actions, create, delete, metrics history.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateVmReq, VmAction } from '@/lib/api/types';
import { vmsApi } from '@/lib/api/vms.api';
import { queryKeys } from '@/lib/query-keys';
import { useRefetchInterval } from './use-refetch-interval';

export function useVMs() {
  const refetchInterval = useRefetchInterval();
  return useQuery({ queryKey: queryKeys.vms.list(), queryFn: vmsApi.list, refetchInterval });
}

export function useVM(id: string | undefined) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    queryKey: queryKeys.vms.detail(id ?? ''),
    queryFn: () => vmsApi.get(id as string),
    enabled: !!id,
    // The detail page is where state changes are watched most closely.
    refetchInterval: Math.min(refetchInterval, 10_000),
  });
}

const PAST: Record<VmAction, string> = {
  start: 'Start requested',
  stop: 'Stop requested',
  pause: 'Pause requested',
  resume: 'Resume requested',
  ctrl_alt_del: 'Ctrl+Alt+Del sent',
  flush_metrics: 'Metrics flushed',
};

export function useVmStatePatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: VmAction }) => vmsApi.action(id, action),
    meta: { action: 'VM action', success: (v) => PAST[(v as { action: VmAction }).action] },
    onSettled: (_d, _e, { id, action }) => {
      void qc.invalidateQueries({ queryKey: queryKeys.vms.list() });
      void qc.invalidateQueries({ queryKey: queryKeys.vms.detail(id) });
      if (action === 'flush_metrics') void qc.invalidateQueries({ queryKey: queryKeys.vms.metrics(id) });
    },
  });
}

export function useCreateVM() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: CreateVmReq) => vmsApi.create(req),
    meta: { action: 'Create VM', success: () => 'VM created' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.vms.list() }),
  });
}

export function useDeleteVM() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => vmsApi.remove(id),
    meta: { action: 'Delete VM', success: () => 'VM deleted' },
    onSuccess: (_d, id) => {
      qc.removeQueries({ queryKey: queryKeys.vms.detail(id) });
      return qc.invalidateQueries({ queryKey: queryKeys.vms.list() });
    },
  });
}

export function useVMMetrics(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.vms.metrics(id),
    queryFn: () => vmsApi.metrics(id),
    enabled: enabled && !!id,
    // Metrics have no events: poll while the tab is open so the charts stay live.
    refetchInterval: 5_000,
  });
}

export type BulkAction = 'start' | 'stop' | 'delete';

/** Runs one action over many VMs; failures are counted, not thrown, so one bad VM doesn't stop the rest. */
export function useBulkVmAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, action }: { ids: string[]; action: BulkAction }) => {
      const results = await Promise.allSettled(
        ids.map((id) => (action === 'delete' ? vmsApi.remove(id) : vmsApi.action(id, action))),
      );
      const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      if (failed.length > 0) {
        const first = failed[0]?.reason;
        throw Object.assign(first instanceof Error ? first : new Error(String(first)), {
          message: `${failed.length} of ${ids.length} failed: ${first instanceof Error ? first.message : String(first)}`,
        });
      }
      return results.length;
    },
    meta: {
      action: 'Bulk action',
      success: (v) =>
        `${(v as { action: string }).action}: ${(v as { ids: string[] }).ids.length} VM(s) done`,
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.vms.all }),
  });
}
