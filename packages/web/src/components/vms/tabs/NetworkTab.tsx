// Network tab: NICs with MAC, TAP device, address and RX/TX limits; add, change limits, remove.

import type { Nic } from '@nqvm/client';
import { Gauge, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useCan } from '@/hooks/use-auth';
import { useDeleteVMNic, useVMNics } from '@/hooks/use-nics';
import { describeLimiter } from '@/lib/rate-limit';
import { NicDialog } from '../NicDialog';

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
      {nics.isPending ? (
        <TableSkeleton rows={2} />
      ) : nics.error ? (
        <ErrorState error={nics.error} onRetry={() => nics.refetch()} />
      ) : nics.data.length === 0 ? (
        <EmptyState title="No network interfaces" />
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
              <tr>
                <th className="p-2">Interface</th>
                <th className="p-2">MAC</th>
                <th className="p-2">TAP</th>
                <th className="p-2">Guest IP</th>
                <th className="p-2">RX limit</th>
                <th className="p-2">TX limit</th>
                {canEdit && <th className="p-2 text-right">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {nics.data.map((n) => (
                <tr key={n.id} className="border-t">
                  <td className="p-2 font-medium">
                    {n.iface_id} {n.applied === 'next_start' && <Badge tone="warning">on next start</Badge>}
                  </td>
                  <td className="p-2 font-mono text-xs">{n.guest_mac}</td>
                  <td className="p-2">{n.host_dev_name ?? '—'}</td>
                  <td className="p-2">{n.guest_ip ?? '—'}</td>
                  <td className="p-2">{describeLimiter(n.rx_rate_limiter)}</td>
                  <td className="p-2">{describeLimiter(n.tx_rate_limiter)}</td>
                  {canEdit && (
                    <td className="whitespace-nowrap p-2 text-right">
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
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
