// Snapshots tab: list with type, size and state; create, restore into a new VM, delete (confirmed).

import type { Snapshot } from '@nqvm/client';
import { Camera, RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useCan } from '@/hooks/use-auth';
import { useDeleteSnapshot, useSnapshots } from '@/hooks/use-snapshots';
import { formatBytes, formatDate } from '@/lib/format';
import { CreateSnapshotDialog } from '../snapshots/CreateSnapshotDialog';
import { RestoreSnapshotDialog } from '../snapshots/RestoreSnapshotDialog';
import { canSnapshot } from '../vm-actions';

export function SnapshotsTab({ vmId, state }: { vmId: string; state: string }) {
  const snapshots = useSnapshots(vmId);
  const del = useDeleteSnapshot();
  const [createOpen, setCreateOpen] = useState(false);
  const [restoring, setRestoring] = useState<Snapshot>();
  const [deleting, setDeleting] = useState<Snapshot>();
  const canManage = useCan('snapshot.manage');
  const canRestore = useCan('vm.create');

  return (
    <div className="flex flex-col gap-3">
      {canManage && (
        <div className="flex items-center justify-end gap-2">
          {!canSnapshot(state) && (
            <span className="text-xs text-muted-foreground">Start the VM to snapshot it.</span>
          )}
          <Button size="sm" disabled={!canSnapshot(state)} onClick={() => setCreateOpen(true)}>
            <Camera aria-hidden /> Create snapshot
          </Button>
        </div>
      )}
      {snapshots.isPending ? (
        <TableSkeleton rows={2} />
      ) : snapshots.error ? (
        <ErrorState error={snapshots.error} onRetry={() => snapshots.refetch()} />
      ) : snapshots.data.length === 0 ? (
        <EmptyState
          title="No snapshots"
          description="Snapshots capture memory and device state for fast restores."
        />
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
              <tr>
                <th className="p-2">Name</th>
                <th className="p-2">Type</th>
                <th className="p-2">State</th>
                <th className="p-2">Size</th>
                <th className="p-2">Created</th>
                {(canRestore || canManage) && <th className="p-2 text-right">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {snapshots.data.map((s) => (
                <tr key={s.id} className="border-t">
                  <td className="p-2 font-medium">{s.name}</td>
                  <td className="p-2">
                    <Badge tone={s.snapshot_type === 'Full' ? 'info' : 'neutral'}>{s.snapshot_type}</Badge>
                  </td>
                  <td className="p-2">{s.state}</td>
                  <td className="p-2">{formatBytes(s.size_bytes)}</td>
                  <td className="p-2">{formatDate(s.created_at)}</td>
                  {(canRestore || canManage) && (
                    <td className="whitespace-nowrap p-2 text-right">
                      {canRestore && (
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Restore ${s.name}`}
                          onClick={() => setRestoring(s)}
                        >
                          <RotateCcw aria-hidden /> Restore
                        </Button>
                      )}
                      {canManage && (
                        <Button
                          variant="ghost"
                          size="icon"
                          aria-label={`Delete snapshot ${s.name}`}
                          onClick={() => setDeleting(s)}
                        >
                          <Trash2 className="text-destructive" />
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateSnapshotDialog vmId={vmId} open={createOpen} onOpenChange={setCreateOpen} />
      <RestoreSnapshotDialog snapshot={restoring} onOpenChange={(o) => !o && setRestoring(undefined)} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(undefined)}
        title={`Delete snapshot ${deleting?.name ?? ''}?`}
        description="Its memory and state files are removed. VMs already restored from it keep running."
        confirmLabel="Delete snapshot"
        onConfirm={() => deleting && del.mutate({ vmId, snapshotId: deleting.id })}
      />
    </div>
  );
}
