// Template hooks: list, create, instantiate, delete.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { templatesApi } from '@/lib/api/templates.api';
import type { TemplateSpec } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export function useTemplates() {
  return useQuery({ queryKey: queryKeys.templates.list(), queryFn: templatesApi.list });
}

export function useCreateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, spec }: { name: string; spec: TemplateSpec }) => templatesApi.create(name, spec),
    meta: { action: 'Create template', success: () => 'Template created' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.templates.all }),
  });
}

export function useInstantiateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, params }: { id: string; params: { name: string } }) =>
      templatesApi.instantiate(id, params.name),
    meta: { action: 'Instantiate template', success: () => 'VM created from template' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.vms.list() }),
  });
}

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => templatesApi.remove(id),
    meta: { action: 'Delete template', success: () => 'Template deleted' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.templates.all }),
  });
}
