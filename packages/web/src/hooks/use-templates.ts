// Template hooks: list, create, instantiate, delete.
import type { TemplateSpec } from '@nqvm/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function useTemplates() {
  return useQuery({ queryKey: queryKeys.templates.list(), queryFn: () => api().templates.list() });
}

export function useCreateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, spec }: { name: string; spec: TemplateSpec }) =>
      api().templates.create({ name, spec }),
    meta: { action: 'Create template', success: () => 'Template created' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.templates.all }),
  });
}

export function useInstantiateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, params }: { id: string; params: { name: string } }) =>
      api().templates.instantiate(id, { name: params.name }),
    meta: { action: 'Instantiate template', success: () => 'VM created from template' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.vms.list() }),
  });
}

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api().templates.delete(id),
    meta: { action: 'Delete template', success: () => 'Template deleted' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.templates.all }),
  });
}
