// Snapshot endpoints: per VM list/create, and by id get/instantiate/delete.
import { http } from './http';
import type { CreateSnapshotReq, Item, Items, Ok, Snapshot } from './types';

export const snapshotsApi = {
  list: async (vmId: string) =>
    (await http.get<Items<Snapshot>>(`/vms/${encodeURIComponent(vmId)}/snapshots`)).items,
  get: async (id: string) => (await http.get<Item<Snapshot>>(`/snapshots/${encodeURIComponent(id)}`)).item,
  create: (vmId: string, req: CreateSnapshotReq) =>
    http.post<{ id: string; name: string }>(`/vms/${encodeURIComponent(vmId)}/snapshots`, req),
  instantiate: (id: string, name?: string) =>
    http.post<{ id: string; name: string }>(
      `/snapshots/${encodeURIComponent(id)}/instantiate`,
      name ? { name } : {},
    ),
  remove: (id: string) => http.del<Ok>(`/snapshots/${encodeURIComponent(id)}`),
};
