// Inline lifecycle buttons for a VM row: StartVmButton, StopVmButton, DeleteVmButton.

import type { Vm } from '@nqvm/client';
import { Play, Square, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useDeleteVM, useVmStatePatch } from '@/hooks/use-vms';
import { canDo } from './vm-actions';

export function StartVmButton({ vm }: { vm: Vm }) {
  const patch = useVmStatePatch();
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={`Start ${vm.name}`}
      title="Start"
      disabled={!canDo('start', vm.state) || patch.isPending}
      onClick={() => patch.mutate({ id: vm.id, action: 'start' })}
    >
      <Play />
    </Button>
  );
}

export function StopVmButton({ vm }: { vm: Vm }) {
  const patch = useVmStatePatch();
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={`Stop ${vm.name}`}
      title="Stop"
      disabled={!canDo('stop', vm.state) || patch.isPending}
      onClick={() => patch.mutate({ id: vm.id, action: 'stop' })}
    >
      <Square />
    </Button>
  );
}

export function DeleteVmButton({ vm, onDeleted }: { vm: Vm; onDeleted?: () => void }) {
  const del = useDeleteVM();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="ghost"
        size="icon"
        aria-label={`Delete ${vm.name}`}
        title="Delete"
        disabled={del.isPending || vm.state === 'deleting'}
        onClick={() => setOpen(true)}
      >
        <Trash2 className="text-destructive" />
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${vm.name}?`}
        description="The VM is stopped if it runs, and its disks, sockets and logs are removed. This cannot be undone."
        confirmLabel="Delete VM"
        onConfirm={() => del.mutate(vm.id, { onSuccess: onDeleted })}
      />
    </>
  );
}
