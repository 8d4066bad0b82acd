// Create an empty data volume of a given size in GiB.
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Input } from '@/components/ui/input';
import { useCreateRegistryVolume } from '@/hooks/use-images';

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;
const GIB = 1024 ** 3;

export function CreateVolumeDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const create = useCreateRegistryVolume();
  const [name, setName] = useState('');
  const [gib, setGib] = useState('1');
  const [errors, setErrors] = useState<{ name?: string; size?: string }>({});
  useEffect(() => {
    if (open) {
      setName('');
      setGib('1');
      setErrors({});
    }
  }, [open]);

  const submit = () => {
    const size = Number(gib);
    const next: typeof errors = {};
    if (!LABEL.test(name)) next.name = '3–64 characters: letters, digits, ".", "_" or "-"';
    if (!Number.isFinite(size) || size <= 0) next.size = 'Enter a size greater than 0';
    setErrors(next);
    if (Object.keys(next).length) return;
    create.mutate({ name, size_bytes: Math.round(size * GIB) }, { onSuccess: () => onOpenChange(false) });
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create data volume"
      description="An empty disk you can attach to VMs as an extra drive."
      submitLabel="Create volume"
      pending={create.isPending}
      onSubmit={submit}
    >
      <Field label="Volume name" error={errors.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="db-vol-1" />
      </Field>
      <Field label="Size (GiB)" error={errors.size}>
        <Input type="number" min={0.001} step="any" value={gib} onChange={(e) => setGib(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
