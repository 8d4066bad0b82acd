// VM hooks: list, detail, lifecycle actions, create, delete, metrics history.
import type { CreateVmReq, VmAction } from '@nqvm/client';
import { useMutation, useMutationState, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { useRefetchInterval } from './use-refetch-interval';

export function useVMs() {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    queryKey: queryKeys.vms.list(),
    queryFn: async () => (await api().vms.list()).items,
    refetchInterval,
  });
}

/** `enabled: false` stops asking for the VM (e.g. once this browser has deleted it). */
export function useVM(id: string | undefined, enabled = true) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    queryKey: queryKeys.vms.detail(id ?? ''),
    queryFn: () => api().vms.get(id as string),
    enabled: enabled && !!id,
    // The detail page is where state changes are watched most closely.
    refetchInterval: Math.min(refetchInterval, 10_000),
  });
}

const PAST: Record<VmAction, string> = {
  start: 'Start requested',
  stop: 'Stop requested',
  pause: 'Pause requested',
  resume: 'Resume requested',
  'ctrl-alt-del': 'Ctrl+Alt+Del sent',
  'flush-metrics': 'Metrics flushed',
};

export function useVmStatePatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: VmAction }) => api().vms.action(id, action),
    meta: { action: 'VM action', success: (v) => PAST[(v as { action: VmAction }).action] },
    onSettled: (_d, _e, { id, action }) => {
      void qc.invalidateQueries({ queryKey: queryKeys.vms.list() });
      void qc.invalidateQueries({ queryKey: queryKeys.vms.detail(id) });
      if (action === 'flush-metrics') void qc.invalidateQueries({ queryKey: queryKeys.vms.metrics(id) });
    },
  });
}

export function useCreateVM() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: CreateVmReq) => api().vms.create(req),
    meta: { action: 'Create VM', success: () => 'VM created' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.vms.list() }),
  });
}

const DELETE_VM = ['vms', 'delete'] as const;

export function useDeleteVM() {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: DELETE_VM,
    mutationFn: (id: string) => api().vms.delete(id),
    meta: { action: 'Delete VM', success: () => 'VM deleted' },
    // A fetch of the VM already on its way would only come back 404.
    onMutate: (id) => qc.cancelQueries({ queryKey: queryKeys.vms.detail(id) }),
    // The VM's own queries are left to expire: removing them under a still-mounted page would refetch
    // them, and a 404 toast would follow a successful delete.
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.vms.list() }),
  });
}

/**
 * True while this browser is deleting the VM or has deleted it: its page stops fetching it (the manager
 * announces `vm.deleted` before the DELETE returns, and a refetch would answer 404).
 */
export function useVmDeleted(id: string): boolean {
  return (
    useMutationState({
      filters: {
        mutationKey: DELETE_VM,
        predicate: (m) => m.state.variables === id && m.state.status !== 'error',
      },
    }).length > 0
  );
}

export function useVMMetrics(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.vms.metrics(id),
    queryFn: () => api().vms.metrics(id, { limit: 120 }),
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
        ids.map((id) => (action === 'delete' ? api().vms.delete(id) : api().vms.action(id, action))),
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
