// Image registry hooks: list (optionally by kind), import (path or URL), upload, create volume, delete.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { imagesApi, type UploadImageReq } from '@/lib/api/images.api';
import type { CreateVolumeReq, Image, ImageKind, ImportImageReq } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export function useRegistryImages(kind?: ImageKind) {
  return useQuery({
    queryKey: queryKeys.images.list(kind),
    queryFn: () => imagesApi.list(kind),
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
    mutationFn: (req: ImportImageReq) => imagesApi.importImage(req),
    meta: { action: 'Import image', success: () => 'Image import started' },
    onSuccess: invalidate,
  });
}

export function useUploadRegistryImage(onProgress: (fraction: number) => void) {
  const invalidate = useInvalidateImages();
  return useMutation({
    mutationFn: (req: UploadImageReq) => imagesApi.upload(req, onProgress),
    meta: { action: 'Upload image', success: () => 'Image uploaded' },
    onSuccess: invalidate,
  });
}

export function useCreateRegistryVolume() {
  const invalidate = useInvalidateImages();
  return useMutation({
    mutationFn: (req: CreateVolumeReq) => imagesApi.createVolume(req),
    meta: { action: 'Create volume', success: () => 'Data volume created' },
    onSuccess: invalidate,
  });
}

export function useDeleteRegistryItem() {
  const invalidate = useInvalidateImages();
  return useMutation({
    mutationFn: (id: string) => imagesApi.remove(id),
    meta: { action: 'Delete image', success: () => 'Image deleted' },
    onSuccess: invalidate,
  });
}
