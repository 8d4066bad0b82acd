// Drive hooks of one VM: list, add, edit (rate limits, path), remove.
import type { CreateDriveReq, UpdateDriveReq } from '@nqvm/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function useVMDrives(vmId: string) {
  return useQuery({
    queryKey: queryKeys.vms.drives(vmId),
    queryFn: () => api().drives.list(vmId),
    enabled: !!vmId,
  });
}

function useInvalidateDrives() {
  const qc = useQueryClient();
  return (vmId: string) => qc.invalidateQueries({ queryKey: queryKeys.vms.drives(vmId) });
}

export function useCreateVMDrive() {
  const invalidate = useInvalidateDrives();
  return useMutation({
    mutationFn: ({ vmId, drive }: { vmId: string; drive: CreateDriveReq }) =>
      api().drives.create(vmId, drive),
    meta: { action: 'Add drive', success: () => 'Drive added' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}

export function useUpdateVMDrive() {
  const invalidate = useInvalidateDrives();
  return useMutation({
    mutationFn: ({ vmId, driveId, drive }: { vmId: string; driveId: string; drive: UpdateDriveReq }) =>
      api().drives.update(vmId, driveId, drive),
    meta: { action: 'Update drive', success: () => 'Drive updated' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}

export function useDeleteVMDrive() {
  const invalidate = useInvalidateDrives();
  return useMutation({
    mutationFn: ({ vmId, driveId }: { vmId: string; driveId: string }) => api().drives.delete(vmId, driveId),
    meta: { action: 'Remove drive', success: () => 'Drive removed' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}
