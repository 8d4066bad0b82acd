// VM endpoints: list, get, create, lifecycle actions, delete, metrics history.
import { http } from './http';
import type { CreateVmReq, Item, Items, MetricSample, Ok, Vm, VmAction } from './types';

/** The spec's action names (`ctrl_alt_del`) mapped onto the manager's routes (`ctrl-alt-del`). */
const ACTION_PATHS: Record<VmAction, string> = {
  start: 'start',
  stop: 'stop',
  pause: 'pause',
  resume: 'resume',
  ctrl_alt_del: 'ctrl-alt-del',
  flush_metrics: 'flush-metrics',
};

const vm = (id: string) => `/vms/${encodeURIComponent(id)}`;

export const vmsApi = {
  list: async () => (await http.get<Items<Vm>>('/vms')).items,
  get: async (id: string) => (await http.get<Item<Vm>>(vm(id))).item,
  create: (req: CreateVmReq) => http.post<{ id: string }>('/vms', req),
  action: (id: string, action: VmAction) => http.post<Ok>(`${vm(id)}/${ACTION_PATHS[action]}`, {}),
  remove: (id: string) => http.del<Ok>(vm(id)),
  metrics: async (id: string, limit = 120) =>
    (await http.get<Items<MetricSample>>(`${vm(id)}/metrics?limit=${limit}`)).items,
};
