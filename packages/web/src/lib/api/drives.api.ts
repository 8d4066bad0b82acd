// Drive endpoints of one VM.
import { http } from './http';
import type { CreateDriveReq, Drive, Items, UpdateDriveReq } from './types';

const base = (vmId: string) => `/vms/${encodeURIComponent(vmId)}/drives`;

export const drivesApi = {
  list: async (vmId: string) => (await http.get<Items<Drive>>(base(vmId))).items,
  create: (vmId: string, drive: CreateDriveReq) => http.post<Drive>(base(vmId), drive),
  update: (vmId: string, driveId: string, drive: UpdateDriveReq) =>
    http.patch<Drive>(`${base(vmId)}/${encodeURIComponent(driveId)}`, drive),
  remove: (vmId: string, driveId: string) =>
    http.del<{ ok: boolean; applied?: string }>(`${base(vmId)}/${encodeURIComponent(driveId)}`),
};
