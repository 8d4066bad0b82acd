// Create an empty data volume of a given size in GiB.
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

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const size = Number(gib);
    const next: typeof errors = {};
    if (!LABEL.test(name)) next.name = '3–64 characters: letters, digits, ".", "_" or "-"';
    if (!Number.isFinite(size) || size <= 0) next.size = 'Enter a size greater than 0';
    setErrors(next);
    if (Object.keys(next).length) return;
    create.mutate({ name, size_bytes: Math.round(size * GIB) }, { onSuccess: () => onOpenChange(false) });
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create data volume</DialogTitle>
          <DialogDescription>An empty disk you can attach to VMs as an extra drive.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4">
          <Field label="Volume name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="db-vol-1" />
          </Field>
          <Field label="Size (GiB)" error={errors.size}>
            <Input
              type="number"
              min={0.001}
              step="any"
              value={gib}
              onChange={(e) => setGib(e.target.value)}
            />
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              Create volume
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
