'use client';
import type { Image, ImageKind } from '@nqvm/client';
// /registry: images by type with size, sha256 and dates; import, create a data volume, delete (confirmed).
import { Download, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { CreateVolumeDialog } from '@/components/registry/CreateVolumeDialog';
import { ImportImageDialog } from '@/components/registry/ImportImageDialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Label, Select } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { Progress } from '@/components/ui/progress';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useCan } from '@/hooks/use-auth';
import { useDeleteRegistryItem, useRegistryImages } from '@/hooks/use-images';
import { formatBytes, formatDate } from '@/lib/format';

function Status({ image }: { image: Image }) {
  if (image.status === 'importing') {
    const total = image.progress?.bytes_total;
    return (
      <div className="w-28">
        <Progress
          value={total ? (image.progress?.bytes_done ?? 0) / total : 0}
          label={`Import of ${image.name}`}
        />
      </div>
    );
  }
  if (image.status === 'failed')
    return (
      <Badge tone="danger" title={image.error ?? ''}>
        failed
      </Badge>
    );
  return <Badge tone="success">ready</Badge>;
}

export default function RegistryPage() {
  const [kind, setKind] = useState<ImageKind | ''>('');
  const images = useRegistryImages(kind || undefined);
  const del = useDeleteRegistryItem();
  const [importOpen, setImportOpen] = useState(false);
  const [volumeOpen, setVolumeOpen] = useState(false);
  const [deleting, setDeleting] = useState<Image>();
  // Images are the manager's admin area: others browse the registry only.
  const canManage = useCan('image.manage');

  return (
    <>
      <PageHeader
        title="Image registry"
        description="Kernels, root filesystems and data volumes."
        actions={
          canManage && (
            <>
              <Button onClick={() => setImportOpen(true)}>
                <Download aria-hidden /> Import image
              </Button>
              <Button variant="outline" onClick={() => setVolumeOpen(true)}>
                <Plus aria-hidden /> Create volume
              </Button>
            </>
          )
        }
      />
      <div className="mb-4 flex items-center gap-2">
        <Label htmlFor="kind-filter">Type</Label>
        <Select
          id="kind-filter"
          className="w-40"
          value={kind}
          onChange={(e) => setKind(e.target.value as ImageKind | '')}
        >
          <option value="">All types</option>
          <option value="kernel">kernel</option>
          <option value="initrd">initrd</option>
          <option value="rootfs">rootfs</option>
          <option value="data">data</option>
        </Select>
      </div>
      {images.isPending ? (
        <TableSkeleton rows={4} />
      ) : images.error ? (
        <ErrorState error={images.error} onRetry={() => images.refetch()} />
      ) : images.data.length === 0 ? (
        <EmptyState title="No images" description="Import a kernel and a rootfs to create VMs from them." />
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
              <tr>
                <th className="p-2">Type</th>
                <th className="p-2">Name</th>
                <th className="p-2">Size</th>
                <th className="p-2">Status</th>
                <th className="hidden p-2 md:table-cell">SHA-256</th>
                <th className="p-2">Created</th>
                {canManage && <th className="p-2 text-right">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {images.data.map((img) => (
                <tr key={img.id} className="border-t">
                  <td className="p-2">
                    <Badge>{img.kind}</Badge>
                  </td>
                  <td className="p-2 font-medium" title={img.host_path}>
                    {img.name}
                  </td>
                  <td className="p-2">{formatBytes(img.size)}</td>
                  <td className="p-2">
                    <Status image={img} />
                  </td>
                  <td
                    className="hidden max-w-[12rem] truncate p-2 font-mono text-xs md:table-cell"
                    title={img.sha256 ?? ''}
                  >
                    {img.sha256 ?? '—'}
                  </td>
                  <td className="p-2" title={`Updated ${formatDate(img.updated_at)}`}>
                    {formatDate(img.created_at)}
                  </td>
                  {canManage && (
                    <td className="p-2 text-right">
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Delete ${img.name}`}
                        onClick={() => setDeleting(img)}
                      >
                        <Trash2 className="text-destructive" />
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ImportImageDialog open={importOpen} onOpenChange={setImportOpen} />
      <CreateVolumeDialog open={volumeOpen} onOpenChange={setVolumeOpen} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(undefined)}
        title={`Delete ${deleting?.name ?? ''}?`}
        description="The registry entry is removed; the file stays on disk. Images used by VMs or templates can't be deleted."
        confirmLabel="Delete image"
        onConfirm={() => deleting && del.mutate(deleting.id)}
      />
    </>
  );
}
