// NIC hooks of one VM: list, add, change rate limits, remove.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { nicsApi } from '@/lib/api/nics.api';
import type { CreateNicReq, UpdateNicReq } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export function useVMNics(vmId: string) {
  return useQuery({ queryKey: queryKeys.vms.nics(vmId), queryFn: () => nicsApi.list(vmId), enabled: !!vmId });
}

function useInvalidateNics() {
  const qc = useQueryClient();
  return (vmId: string) => qc.invalidateQueries({ queryKey: queryKeys.vms.nics(vmId) });
}

export function useCreateVMNic() {
  const invalidate = useInvalidateNics();
  return useMutation({
    mutationFn: ({ vmId, nic }: { vmId: string; nic: CreateNicReq }) => nicsApi.create(vmId, nic),
    meta: { action: 'Add NIC', success: () => 'Network interface added' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}

export function useUpdateVMNic() {
  const invalidate = useInvalidateNics();
  return useMutation({
    mutationFn: ({ vmId, nicId, nic }: { vmId: string; nicId: string; nic: UpdateNicReq }) =>
      nicsApi.update(vmId, nicId, nic),
    meta: { action: 'Update NIC', success: () => 'Rate limits saved' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}

export function useDeleteVMNic() {
  const invalidate = useInvalidateNics();
  return useMutation({
    mutationFn: ({ vmId, nicId }: { vmId: string; nicId: string }) => nicsApi.remove(vmId, nicId),
    meta: { action: 'Remove NIC', success: () => 'Network interface removed' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}
