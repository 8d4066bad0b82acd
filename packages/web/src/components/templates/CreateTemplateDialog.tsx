// Create a template from scratch (size + registry images) or from an existing VM's configuration.

import type { TemplateSpec, Vm } from '@nqvm/client';
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Input, Select } from '@/components/ui/input';
import { useRegistryImages } from '@/hooks/use-images';
import { useCreateTemplate } from '@/hooks/use-templates';
import { useVMs } from '@/hooks/use-vms';
import { validateBasics } from '@/lib/vm-validation';

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

/** A VM's boot configuration as a template spec: image ids when it has them, raw paths otherwise. */
export function specFromVm(vm: Vm): TemplateSpec {
  return {
    vcpu: vm.vcpu,
    mem_mib: vm.mem_mib,
    ...(vm.kernel_image_id
      ? { kernel_image_id: vm.kernel_image_id }
      : vm.kernel_path
        ? { kernel_path: vm.kernel_path }
        : {}),
    ...(vm.rootfs_image_id
      ? { rootfs_image_id: vm.rootfs_image_id }
      : vm.rootfs_path
        ? { rootfs_path: vm.rootfs_path }
        : {}),
  };
}

export function CreateTemplateDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const create = useCreateTemplate();
  const vms = useVMs();
  const kernels = useRegistryImages('kernel');
  const rootfs = useRegistryImages('rootfs');
  const [from, setFrom] = useState<'scratch' | 'vm'>('scratch');
  const [name, setName] = useState('');
  const [vmId, setVmId] = useState('');
  const [vcpu, setVcpu] = useState(1);
  const [mem, setMem] = useState(256);
  const [kernel, setKernel] = useState('');
  const [root, setRoot] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (open) {
      setName('');
      setVmId('');
      setError(undefined);
    }
  }, [open]);

  const submit = () => {
    if (!LABEL.test(name)) return setError('3–64 characters: letters, digits, ".", "_" or "-"');
    let spec: TemplateSpec;
    if (from === 'vm') {
      const vm = vms.data?.find((v) => v.id === vmId);
      if (!vm) return setError('Choose a VM');
      spec = specFromVm(vm);
    } else {
      const problems = validateBasics({ name: 'template', vcpu, mem_mib: mem });
      const first = problems.vcpu ?? problems.mem_mib;
      if (first) return setError(first);
      spec = {
        vcpu,
        mem_mib: mem,
        ...(kernel ? { kernel_image_id: kernel } : {}),
        ...(root ? { rootfs_image_id: root } : {}),
      };
    }
    create.mutate({ name, spec }, { onSuccess: () => onOpenChange(false) });
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create template"
      description="A golden configuration to stamp out identical VMs."
      submitLabel="Create template"
      pending={create.isPending}
      onSubmit={submit}
    >
      <Field label="Template name" error={error}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="web-server" />
      </Field>
      <Field label="Start from">
        <Select value={from} onChange={(e) => setFrom(e.target.value as 'scratch' | 'vm')}>
          <option value="scratch">Scratch</option>
          <option value="vm">An existing VM</option>
        </Select>
      </Field>
      {from === 'vm' ? (
        <Field label="VM">
          <Select value={vmId} onChange={(e) => setVmId(e.target.value)}>
            <option value="">Choose a VM…</option>
            {vms.data?.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="vCPU count">
              <Input type="number" min={1} value={vcpu} onChange={(e) => setVcpu(Number(e.target.value))} />
            </Field>
            <Field label="Memory (MiB)">
              <Input
                type="number"
                min={256}
                step={128}
                value={mem}
                onChange={(e) => setMem(Number(e.target.value))}
              />
            </Field>
          </div>
          <Field label="Kernel image">
            <Select value={kernel} onChange={(e) => setKernel(e.target.value)}>
              <option value="">Manager default</option>
              {kernels.data?.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Rootfs image">
            <Select value={root} onChange={(e) => setRoot(e.target.value)}>
              <option value="">Manager default</option>
              {rootfs.data?.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </Select>
          </Field>
        </>
      )}
    </FormDialog>
  );
}
