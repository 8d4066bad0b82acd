// Restore a snapshot into a new VM, optionally naming it; then open the new VM.

import type { Snapshot } from '@nqvm/client';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useRestoreSnapshot } from '@/hooks/use-snapshots';
import { validateName } from '@/lib/vm-validation';

interface Props {
  snapshot: Snapshot | undefined;
  onOpenChange: (open: boolean) => void;
}

export function RestoreSnapshotDialog({ snapshot, onOpenChange }: Props) {
  const router = useRouter();
  const restore = useRestoreSnapshot();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form whenever another item is chosen
  useEffect(() => {
    setName('');
    setError(undefined);
  }, [snapshot]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!snapshot) return;
    const problem = name ? validateName(name) : undefined;
    if (problem) return setError(problem);
    restore.mutate(
      { vmId: snapshot.vm_id, snapshotId: snapshot.id, ...(name ? { name } : {}) },
      { onSuccess: (res) => router.push(`/vms/${res.id}`) },
    );
  };

  return (
    <Dialog open={!!snapshot} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Restore {snapshot?.name}</DialogTitle>
          <DialogDescription>
            A new VM is created from this snapshot, with its own MAC, address and hostname.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4">
          <Field label="New VM name (optional)" error={error}>
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="restored-vm" />
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={restore.isPending}>
              {restore.isPending ? 'Restoring…' : 'Restore to new VM'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
