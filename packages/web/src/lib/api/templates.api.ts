// Template endpoints: list, get, create, instantiate, delete.
import { http } from './http';
import type { Item, Items, Ok, Template, TemplateSpec } from './types';

export const templatesApi = {
  list: async () => (await http.get<Items<Template>>('/templates')).items,
  get: async (id: string) => (await http.get<Item<Template>>(`/templates/${encodeURIComponent(id)}`)).item,
  create: (name: string, spec: TemplateSpec) => http.post<{ id: string }>('/templates', { name, spec }),
  instantiate: (id: string, name: string) =>
    http.post<{ id: string }>(`/templates/${encodeURIComponent(id)}/instantiate`, { name }),
  remove: (id: string) => http.del<Ok>(`/templates/${encodeURIComponent(id)}`),
};
