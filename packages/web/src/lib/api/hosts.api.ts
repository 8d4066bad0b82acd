// Host endpoints: capacity and usage per agent host.
import { http } from './http';
import type { Host, Item, Items } from './types';

export const hostsApi = {
  list: async () => (await http.get<Items<Host>>('/hosts')).items,
  get: async (id: string) => (await http.get<Item<Host>>(`/hosts/${encodeURIComponent(id)}`)).item,
};
