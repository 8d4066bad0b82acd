// Drive hooks of one VM: list, add, edit (rate limits, path), remove.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { drivesApi } from '@/lib/api/drives.api';
import type { CreateDriveReq, UpdateDriveReq } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export function useVMDrives(vmId: string) {
  return useQuery({
    queryKey: queryKeys.vms.drives(vmId),
    queryFn: () => drivesApi.list(vmId),
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
    mutationFn: ({ vmId, drive }: { vmId: string; drive: CreateDriveReq }) => drivesApi.create(vmId, drive),
    meta: { action: 'Add drive', success: () => 'Drive added' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}

export function useUpdateVMDrive() {
  const invalidate = useInvalidateDrives();
  return useMutation({
    mutationFn: ({ vmId, driveId, drive }: { vmId: string; driveId: string; drive: UpdateDriveReq }) =>
      drivesApi.update(vmId, driveId, drive),
    meta: { action: 'Update drive', success: () => 'Drive updated' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}

export function useDeleteVMDrive() {
  const invalidate = useInvalidateDrives();
  return useMutation({
    mutationFn: ({ vmId, driveId }: { vmId: string; driveId: string }) => drivesApi.remove(vmId, driveId),
    meta: { action: 'Remove drive', success: () => 'Drive removed' },
    onSuccess: (_d, { vmId }) => invalidate(vmId),
  });
}
