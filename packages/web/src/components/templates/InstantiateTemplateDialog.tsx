// Create a VM from a template: only a name is needed; opens the new VM afterwards.

import type { Template } from '@nqvm/client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
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

  const submit = () => {
    if (!template) return;
    const problem = validateName(name);
    if (problem) return setError(problem);
    instantiate.mutate(
      { id: template.id, params: { name } },
      { onSuccess: (res) => router.push(`/vms/${res.id}`) },
    );
  };

  return (
    <FormDialog
      open={!!template}
      onOpenChange={(o) => !o && onClose()}
      title={`New VM from ${template?.name ?? ''}`}
      description={template ? `${template.spec.vcpu} vCPU · ${template.spec.mem_mib} MiB` : ''}
      submitLabel="Create VM"
      pending={instantiate.isPending}
      onSubmit={submit}
    >
      <Field label="VM name" error={error}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="web-01" />
      </Field>
    </FormDialog>
  );
}
