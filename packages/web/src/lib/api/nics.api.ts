// Network interface endpoints of one VM.
import { http } from './http';
import type { CreateNicReq, Items, Nic, UpdateNicReq } from './types';

const base = (vmId: string) => `/vms/${encodeURIComponent(vmId)}/nics`;

export const nicsApi = {
  list: async (vmId: string) => (await http.get<Items<Nic>>(base(vmId))).items,
  create: (vmId: string, nic: CreateNicReq) => http.post<Nic>(base(vmId), nic),
  update: (vmId: string, nicId: string, nic: UpdateNicReq) =>
    http.patch<Nic>(`${base(vmId)}/${encodeURIComponent(nicId)}`, nic),
  remove: (vmId: string, nicId: string) =>
    http.del<{ ok: boolean; applied?: string }>(`${base(vmId)}/${encodeURIComponent(nicId)}`),
};
