// Image registry hooks: list (optionally by kind), import (path or URL), upload, create volume, delete.
import type { CreateVolumeReq, Image, ImageKind } from '@nqvm/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** What the import dialog collects: a host path is registered in place, a URL downloaded by the manager. */
export type RegistryImport = { kind: ImageKind; name: string; project?: string } & (
  | { path: string }
  | { url: string }
);

export interface RegistryUpload {
  kind: ImageKind;
  name: string;
  file: Blob;
  project?: string;
}

export function useRegistryImages(kind?: ImageKind) {
  return useQuery({
    queryKey: queryKeys.images.list(kind),
    queryFn: () => api().images.list(kind ? { kind } : undefined),
    // URL imports report progress on the image itself: poll only while one is running.
    refetchInterval: (q) =>
      (q.state.data as Image[] | undefined)?.some((i) => i.status === 'importing') ? 2_000 : false,
  });
}

function useInvalidateImages() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queryKeys.images.all });
}

export function useImportRegistryImage() {
  const invalidate = useInvalidateImages();
  return useMutation({
    mutationFn: ({ kind, name, project, ...source }: RegistryImport) =>
      'url' in source
        ? api().images.importFromUrl({ kind, name, project, url: source.url })
        : api().images.register({ kind, name, project, host_path: source.path }),
    meta: { action: 'Import image', success: () => 'Image import started' },
    onSuccess: invalidate,
  });
}

export function useUploadRegistryImage(onProgress: (fraction: number) => void) {
  const invalidate = useInvalidateImages();
  return useMutation({
    mutationFn: ({ file, ...meta }: RegistryUpload) => api().images.upload(meta, file, { onProgress }),
    meta: { action: 'Upload image', success: () => 'Image uploaded' },
    onSuccess: invalidate,
  });
}

export function useCreateRegistryVolume() {
  const invalidate = useInvalidateImages();
  return useMutation({
    mutationFn: (req: CreateVolumeReq) => api().images.createVolume(req),
    meta: { action: 'Create volume', success: () => 'Data volume created' },
    onSuccess: invalidate,
  });
}

export function useDeleteRegistryItem() {
  const invalidate = useInvalidateImages();
  return useMutation({
    mutationFn: (id: string) => api().images.delete(id),
    meta: { action: 'Delete image', success: () => 'Image deleted' },
    onSuccess: invalidate,
  });
}
