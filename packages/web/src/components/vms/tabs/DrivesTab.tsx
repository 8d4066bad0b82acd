// Drives tab: the VM's drives with root/read-only flags and limits; add, edit, remove (with confirmation).

import type { Drive } from '@nqvm/client';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useCan } from '@/hooks/use-auth';
import { useDeleteVMDrive, useVMDrives } from '@/hooks/use-drives';
import { formatBytes } from '@/lib/format';
import { describeLimiter } from '@/lib/rate-limit';
import { DriveDialog } from '../DriveDialog';

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
      {drives.isPending ? (
        <TableSkeleton rows={2} />
      ) : drives.error ? (
        <ErrorState error={drives.error} onRetry={() => drives.refetch()} />
      ) : drives.data.length === 0 ? (
        <EmptyState title="No drives" />
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
              <tr>
                <th className="p-2">Drive</th>
                <th className="p-2">Path on host</th>
                <th className="p-2">Size</th>
                <th className="p-2">Flags</th>
                <th className="p-2">Bandwidth</th>
                {canEdit && <th className="p-2 text-right">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {drives.data.map((d) => (
                <tr key={d.id} className="border-t">
                  <td className="p-2 font-medium">{d.drive_id}</td>
                  <td
                    className="max-w-[16rem] truncate p-2 text-muted-foreground"
                    title={d.path_on_host ?? ''}
                  >
                    {d.path_on_host ?? '—'}
                  </td>
                  <td className="p-2">{formatBytes(d.size_bytes)}</td>
                  <td className="space-x-1 p-2">
                    {d.is_root_device && <Badge tone="info">root</Badge>}
                    {d.is_read_only && <Badge>read-only</Badge>}
                    {d.applied === 'next_start' && <Badge tone="warning">on next start</Badge>}
                  </td>
                  <td className="p-2">{describeLimiter(d.rate_limiter)}</td>
                  {canEdit && (
                    <td className="p-2 text-right">
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
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
