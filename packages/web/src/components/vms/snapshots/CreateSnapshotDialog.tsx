// Create a snapshot: optional name, Full or Diff (a Diff needs a parent snapshot).

import type { SnapshotType } from '@nqvm/client';
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Input, Select } from '@/components/ui/input';
import { useCreateSnapshot, useSnapshots } from '@/hooks/use-snapshots';

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

interface Props {
  vmId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function CreateSnapshotDialog({ vmId, open, onOpenChange }: Props) {
  const create = useCreateSnapshot();
  const snapshots = useSnapshots(open ? vmId : '');
  const [name, setName] = useState('');
  const [type, setType] = useState<SnapshotType>('Full');
  const [parent, setParent] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (open) {
      setName('');
      setType('Full');
      setParent('');
      setError(undefined);
    }
  }, [open]);

  const submit = () => {
    if (name && !LABEL.test(name)) return setError('3–64 characters: letters, digits, ".", "_" or "-"');
    create.mutate(
      {
        vmId,
        snapshot_type: type,
        ...(name ? { name } : {}),
        ...(type === 'Diff' ? { track_dirty_pages: true, ...(parent ? { parent_id: parent } : {}) } : {}),
      },
      { onSuccess: () => onOpenChange(false) },
    );
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create snapshot"
      description="The VM must be running or paused. A Full snapshot stores all memory; a Diff only what changed since its parent."
      submitLabel="Create snapshot"
      pending={create.isPending}
      pendingLabel="Creating…"
      onSubmit={submit}
    >
      <Field label="Snapshot name (optional)" error={error}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="before-upgrade" />
      </Field>
      <Field label="Snapshot type">
        <Select value={type} onChange={(e) => setType(e.target.value as SnapshotType)}>
          <option value="Full">Full</option>
          <option value="Diff">Diff</option>
        </Select>
      </Field>
      {type === 'Diff' && (
        <Field label="Parent snapshot">
          <Select value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">Latest</option>
            {snapshots.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.snapshot_type})
              </option>
            ))}
          </Select>
        </Field>
      )}
    </FormDialog>
  );
}
