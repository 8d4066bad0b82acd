// Create a VM from a template: only a name is needed; opens the new VM afterwards.

import type { Template } from '@nqvm/client';
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
import { useInstantiateTemplate } from '@/hooks/use-templates';
import { validateName } from '@/lib/vm-validation';

export function InstantiateTemplateDialog({
  template,
  onClose,
}: {
  template: Template | undefined;
  onClose: () => void;
}) {
  const router = useRouter();
  const instantiate = useInstantiateTemplate();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form whenever another item is chosen
  useEffect(() => {
    setName('');
    setError(undefined);
  }, [template]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!template) return;
    const problem = validateName(name);
    if (problem) return setError(problem);
    instantiate.mutate(
      { id: template.id, params: { name } },
      { onSuccess: (res) => router.push(`/vms/${res.id}`) },
    );
  };

  return (
    <Dialog open={!!template} onOpenChange={(o) => !o && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New VM from {template?.name}</DialogTitle>
          <DialogDescription>
            {template ? `${template.spec.vcpu} vCPU · ${template.spec.mem_mib} MiB` : ''}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4">
          <Field label="VM name" error={error}>
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="web-01" />
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={instantiate.isPending}>
              Create VM
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
