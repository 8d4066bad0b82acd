// Drives tab: the VM's drives with root/read-only flags and limits; add, edit, remove (with confirmation).
import type { Drive } from '@nqvm/client';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { type Column, DataTable } from '@/components/ui/data-table';
import { QueryView } from '@/components/ui/query-view';
import { useCan } from '@/hooks/use-auth';
import { useDeleteVMDrive, useVMDrives } from '@/hooks/use-drives';
import { formatBytes } from '@/lib/format';
import { describeLimiter } from '@/lib/rate-limit';
import { DriveDialog } from '../DriveDialog';

const COLUMNS: Column<Drive>[] = [
  { header: 'Drive', cell: (d) => d.drive_id, className: 'font-medium' },
  {
    header: 'Path on host',
    cell: (d) => <span title={d.path_on_host ?? ''}>{d.path_on_host ?? '—'}</span>,
    className: 'max-w-[16rem] truncate text-muted-foreground',
  },
  { header: 'Size', cell: (d) => formatBytes(d.size_bytes) },
  {
    header: 'Flags',
    className: 'space-x-1',
    cell: (d) => (
      <>
        {d.is_root_device && <Badge tone="info">root</Badge>}
        {d.is_read_only && <Badge>read-only</Badge>}
        {d.applied === 'next_start' && <Badge tone="warning">on next start</Badge>}
      </>
    ),
  },
  { header: 'Bandwidth', cell: (d) => describeLimiter(d.rate_limiter) },
];

export function DrivesTab({ vmId }: { vmId: string }) {
  const drives = useVMDrives(vmId);
  const del = useDeleteVMDrive();
  const [editing, setEditing] = useState<Drive | undefined>();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [removing, setRemoving] = useState<Drive>();
  const canEdit = useCan('vm.devices');

  const openDialog = (drive?: Drive) => {
    setEditing(drive);
    setDialogOpen(true);
  };

  return (
    <div className="flex flex-col gap-3">
      {canEdit && (
        <div className="flex justify-end">
          <Button size="sm" onClick={() => openDialog()}>
            <Plus aria-hidden /> Add drive
          </Button>
        </div>
      )}
      <QueryView query={drives} rows={2} empty={{ title: 'No drives' }}>
        {(rows) => (
          <DataTable
            label="Drives"
            rows={rows}
            columns={COLUMNS}
            rowKey={(d) => d.id}
            actions={
              canEdit
                ? (d) => (
                    <>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Edit drive ${d.drive_id}`}
                        onClick={() => openDialog(d)}
                      >
                        <Pencil />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Remove drive ${d.drive_id}`}
                        disabled={d.is_root_device}
                        onClick={() => setRemoving(d)}
                      >
                        <Trash2 className="text-destructive" />
                      </Button>
                    </>
                  )
                : undefined
            }
          />
        )}
      </QueryView>
      <DriveDialog vmId={vmId} drive={editing} open={dialogOpen} onOpenChange={setDialogOpen} />
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(undefined)}
        title={`Remove drive ${removing?.drive_id ?? ''}?`}
        description="The drive is detached from the VM. The file on the host is kept."
        confirmLabel="Remove drive"
        onConfirm={() => removing && del.mutate({ vmId, driveId: removing.id })}
      />
    </div>
  );
}
