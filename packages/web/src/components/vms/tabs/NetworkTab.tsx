// Network tab: NICs with MAC, TAP device, address and RX/TX limits; add, change limits, remove.
import type { Nic } from '@nqvm/client';
import { Gauge, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { type Column, DataTable } from '@/components/ui/data-table';
import { QueryView } from '@/components/ui/query-view';
import { useCan } from '@/hooks/use-auth';
import { useDeleteVMNic, useVMNics } from '@/hooks/use-nics';
import { describeLimiter } from '@/lib/rate-limit';
import { NicDialog } from '../NicDialog';

const COLUMNS: Column<Nic>[] = [
  {
    header: 'Interface',
    className: 'font-medium',
    cell: (n) => (
      <>
        {n.iface_id} {n.applied === 'next_start' && <Badge tone="warning">on next start</Badge>}
      </>
    ),
  },
  { header: 'MAC', cell: (n) => n.guest_mac, className: 'font-mono text-xs' },
  { header: 'TAP', cell: (n) => n.host_dev_name ?? '—' },
  { header: 'Guest IP', cell: (n) => n.guest_ip ?? '—' },
  { header: 'RX limit', cell: (n) => describeLimiter(n.rx_rate_limiter) },
  { header: 'TX limit', cell: (n) => describeLimiter(n.tx_rate_limiter) },
];

export function NetworkTab({ vmId }: { vmId: string }) {
  const nics = useVMNics(vmId);
  const del = useDeleteVMNic();
  const [editing, setEditing] = useState<Nic>();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [removing, setRemoving] = useState<Nic>();
  const canEdit = useCan('vm.devices');

  const openDialog = (nic?: Nic) => {
    setEditing(nic);
    setDialogOpen(true);
  };

  return (
    <div className="flex flex-col gap-3">
      {canEdit && (
        <div className="flex justify-end">
          <Button size="sm" onClick={() => openDialog()}>
            <Plus aria-hidden /> Add interface
          </Button>
        </div>
      )}
      <QueryView query={nics} rows={2} empty={{ title: 'No network interfaces' }}>
        {(rows) => (
          <DataTable
            label="Network interfaces"
            rows={rows}
            columns={COLUMNS}
            rowKey={(n) => n.id}
            actions={
              canEdit
                ? (n) => (
                    <>
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`Edit limits of ${n.iface_id}`}
                        onClick={() => openDialog(n)}
                      >
                        <Gauge aria-hidden /> Limits
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Remove ${n.iface_id}`}
                        onClick={() => setRemoving(n)}
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
      <NicDialog vmId={vmId} nic={editing} open={dialogOpen} onOpenChange={setDialogOpen} />
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(undefined)}
        title={`Remove ${removing?.iface_id ?? ''}?`}
        description="The interface is detached and its TAP device removed."
        confirmLabel="Remove interface"
        onConfirm={() => removing && del.mutate({ vmId, nicId: removing.id })}
      />
    </div>
  );
}
