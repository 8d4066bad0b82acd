// Snapshots tab: list with type, size and state; create, restore into a new VM, delete (confirmed).
import type { Snapshot } from '@nqvm/client';
import { Camera, RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { type Column, DataTable } from '@/components/ui/data-table';
import { QueryView } from '@/components/ui/query-view';
import { useCan } from '@/hooks/use-auth';
import { useDeleteSnapshot, useSnapshots } from '@/hooks/use-snapshots';
import { formatBytes, formatDate } from '@/lib/format';
import { CreateSnapshotDialog } from '../snapshots/CreateSnapshotDialog';
import { RestoreSnapshotDialog } from '../snapshots/RestoreSnapshotDialog';
import { canSnapshot } from '../vm-actions';

const COLUMNS: Column<Snapshot>[] = [
  { header: 'Name', cell: (s) => s.name, className: 'font-medium' },
  {
    header: 'Type',
    cell: (s) => <Badge tone={s.snapshot_type === 'Full' ? 'info' : 'neutral'}>{s.snapshot_type}</Badge>,
  },
  { header: 'State', cell: (s) => s.state },
  { header: 'Size', cell: (s) => formatBytes(s.size_bytes) },
  { header: 'Created', cell: (s) => formatDate(s.created_at) },
];

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
      <QueryView
        query={snapshots}
        rows={2}
        empty={{
          title: 'No snapshots',
          description: 'Snapshots capture memory and device state for fast restores.',
        }}
      >
        {(rows) => (
          <DataTable
            label="Snapshots"
            rows={rows}
            columns={COLUMNS}
            rowKey={(s) => s.id}
            actions={
              canRestore || canManage
                ? (s) => (
                    <>
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
                    </>
                  )
                : undefined
            }
          />
        )}
      </QueryView>
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
