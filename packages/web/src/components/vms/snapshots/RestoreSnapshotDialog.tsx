// Restore a snapshot into a new VM, optionally naming it; then open the new VM.

import type { Snapshot } from '@nqvm/client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
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

  const submit = () => {
    if (!snapshot) return;
    const problem = name ? validateName(name) : undefined;
    if (problem) return setError(problem);
    restore.mutate(
      { vmId: snapshot.vm_id, snapshotId: snapshot.id, ...(name ? { name } : {}) },
      { onSuccess: (res) => router.push(`/vms/${res.id}`) },
    );
  };

  return (
    <FormDialog
      open={!!snapshot}
      onOpenChange={onOpenChange}
      title={`Restore ${snapshot?.name ?? ''}`}
      description="A new VM is created from this snapshot, with its own MAC, address and hostname."
      submitLabel="Restore to new VM"
      pending={restore.isPending}
      pendingLabel="Restoring…"
      onSubmit={submit}
    >
      <Field label="New VM name (optional)" error={error}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="restored-vm" />
      </Field>
    </FormDialog>
  );
}
