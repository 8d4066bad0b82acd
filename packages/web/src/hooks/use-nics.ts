// NIC hooks of one VM: list, add, change rate limits, remove.
import type { CreateNicReq, UpdateNicReq } from '@nqvm/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function useVMNics(vmId: string) {
  return useQuery({
    queryKey: queryKeys.vms.nics(vmId),
    queryFn: () => api().nics.list(vmId),
    enabled: !!vmId,
  });
}

function useInvalidateNics() {
  const qc = useQueryClient();
  return (vmId: string) => qc.invalidateQueries({ queryKey: queryKeys.vms.nics(vmId) });
}

export function useCreateVMNic() {
  const invalidate = useInvalidateNics();
  return useMutation({
    mutationFn: ({ vmId, nic }: { vmId: string; nic: CreateNicReq }) => api().nics.create(vmId, nic),
    meta: { action: 'Add NIC', success: () => 'Network interface added' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}

export function useUpdateVMNic() {
  const invalidate = useInvalidateNics();
  return useMutation({
    mutationFn: ({ vmId, nicId, nic }: { vmId: string; nicId: string; nic: UpdateNicReq }) =>
      api().nics.update(vmId, nicId, nic),
    meta: { action: 'Update NIC', success: () => 'Rate limits saved' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}

export function useDeleteVMNic() {
  const invalidate = useInvalidateNics();
  return useMutation({
    mutationFn: ({ vmId, nicId }: { vmId: string; nicId: string }) => api().nics.delete(vmId, nicId),
    meta: { action: 'Remove NIC', success: () => 'Network interface removed' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}
