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
import { type Column, DataTable } from '@/components/ui/data-table';
import { Label, Select } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { Progress } from '@/components/ui/progress';
import { QueryView } from '@/components/ui/query-view';
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

const COLUMNS: Column<Image>[] = [
  { header: 'Type', cell: (img) => <Badge>{img.kind}</Badge> },
  { header: 'Name', cell: (img) => <span title={img.host_path}>{img.name}</span>, className: 'font-medium' },
  { header: 'Size', cell: (img) => formatBytes(img.size) },
  { header: 'Status', cell: (img) => <Status image={img} /> },
  {
    header: 'SHA-256',
    cell: (img) => <span title={img.sha256 ?? ''}>{img.sha256 ?? '—'}</span>,
    className: 'max-w-[12rem] truncate font-mono text-xs',
    wideOnly: true,
  },
  {
    header: 'Created',
    cell: (img) => <span title={`Updated ${formatDate(img.updated_at)}`}>{formatDate(img.created_at)}</span>,
  },
];

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
      <QueryView
        query={images}
        rows={4}
        empty={{ title: 'No images', description: 'Import a kernel and a rootfs to create VMs from them.' }}
      >
        {(rows) => (
          <DataTable
            label="Images"
            rows={rows}
            columns={COLUMNS}
            rowKey={(img) => img.id}
            actions={
              canManage
                ? (img) => (
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Delete ${img.name}`}
                      onClick={() => setDeleting(img)}
                    >
                      <Trash2 className="text-destructive" />
                    </Button>
                  )
                : undefined
            }
          />
        )}
      </QueryView>
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
