'use client';
// The four-step create-VM wizard: Basics, Boot, Advanced, Review. Each step validates like the server does
// before the next opens; Create posts the VM (booting it unless told not to), attaches extra drives and NICs.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useCreateVMDrive } from '@/hooks/use-drives';
import { useRegistryImages } from '@/hooks/use-images';
import { useCreateVMNic } from '@/hooks/use-nics';
import { useSettings } from '@/hooks/use-settings';
import { useCreateVM, useVmStatePatch } from '@/hooks/use-vms';
import { cn } from '@/lib/cn';
import { formatMib } from '@/lib/format';
import {
  isValid,
  toCreateVmReq,
  validateStep,
  WIZARD_STEPS,
  type WizardErrors,
  type WizardValues,
} from '@/lib/vm-validation';
import { validateExtras } from '@/lib/wizard-extras';
import { AdvancedStep, type ExtraDrive, type ExtraNic } from './AdvancedStep';
import { BootSourcePicker } from './BootSourcePicker';

function Stepper({ step }: { step: number }) {
  return (
    <ol className="mb-6 flex flex-wrap gap-2 text-sm" aria-label="Wizard steps">
      {WIZARD_STEPS.map((label, i) => (
        <li
          key={label}
          aria-current={i === step ? 'step' : undefined}
          className={cn(
            'flex items-center gap-2 rounded-full border px-3 py-1',
            i === step ? 'border-primary text-foreground' : 'text-muted-foreground',
            i < step && 'bg-muted',
          )}
        >
          <span className="font-semibold">{i + 1}</span> {label}
        </li>
      ))}
    </ol>
  );
}

export function CreateVmWizard() {
  const router = useRouter();
  const [settings] = useSettings();
  const kernels = useRegistryImages('kernel');
  const rootfs = useRegistryImages('rootfs');
  const volumes = useRegistryImages('data');
  const createVm = useCreateVM();
  const createDrive = useCreateVMDrive();
  const createNic = useCreateVMNic();
  const patch = useVmStatePatch();

  const [step, setStep] = useState(0);
  const [values, setValues] = useState<WizardValues>({
    name: '',
    vcpu: settings.defaultVcpu,
    mem_mib: settings.defaultMemMib,
    kernelSource: 'image',
    kernel_image_id: '',
    kernel_path: '',
    rootfsSource: 'image',
    rootfs_image_id: '',
    rootfs_path: '',
  });
  const [drives, setDrives] = useState<ExtraDrive[]>([]);
  const [nics, setNics] = useState<ExtraNic[]>([]);
  const [startAfter, setStartAfter] = useState(true);
  const [errors, setErrors] = useState<WizardErrors>({});
  const [extraProblems, setExtraProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (patchValues: Partial<WizardValues>) => setValues((v) => ({ ...v, ...patchValues }));

  const next = () => {
    const found = validateStep(step, values);
    setErrors(found);
    if (!isValid(found)) return;
    if (step === 2) {
      const problems = validateExtras(drives, nics);
      setExtraProblems(problems);
      if (problems.length) return;
    }
    setStep((s) => s + 1);
  };

  const create = async () => {
    setBusy(true);
    try {
      // POST /v1/vms boots the VM unless told `start: false`; extra devices must be attached before that
      // boot, so then it is created stopped and started once they are in (a second start is refused: 400
      // MVM_ERR_VM_WRONG_STATE, the VM is no longer stopped).
      const attachesDevices = drives.length > 0 || nics.length > 0;
      const { id } = await createVm.mutateAsync({
        ...toCreateVmReq(values),
        start: startAfter && !attachesDevices,
      });
      for (const d of drives) {
        await createDrive.mutateAsync({
          vmId: id,
          drive: {
            drive_id: d.drive_id,
            image_id: d.image_id,
            is_root_device: false,
            is_read_only: d.read_only,
          },
        });
      }
      for (const n of nics) await createNic.mutateAsync({ vmId: id, nic: { iface_id: n.iface_id } });
      if (startAfter && attachesDevices) await patch.mutateAsync({ id, action: 'start' });
      router.push(`/vms/${id}`);
    } catch {
      // Each mutation already showed its error toast; stay on Review so the user can fix and retry.
    } finally {
      setBusy(false);
    }
  };

  const kernelName = kernels.data?.find((i) => i.id === values.kernel_image_id)?.name;
  const rootfsName = rootfs.data?.find((i) => i.id === values.rootfs_image_id)?.name;

  return (
    <div className="max-w-3xl">
      <Stepper step={step} />
      <Card>
        <CardContent className="grid gap-4 pt-4">
          <h2 className="text-lg font-semibold">
            Step {step + 1}: {WIZARD_STEPS[step]}
          </h2>
          {step === 0 && (
            <div className="grid gap-4 sm:grid-cols-3">
              <div className="sm:col-span-3">
                <Field
                  label="VM name"
                  error={errors.name}
                  hint="3–64 letters, digits and hyphens; becomes the guest hostname"
                >
                  <Input value={values.name} autoFocus onChange={(e) => set({ name: e.target.value })} />
                </Field>
              </div>
              <Field label="vCPU count" error={errors.vcpu}>
                <Input
                  type="number"
                  min={1}
                  value={values.vcpu}
                  onChange={(e) => set({ vcpu: Number(e.target.value) })}
                />
              </Field>
              <Field label="Memory (MiB)" error={errors.mem_mib}>
                <Input
                  type="number"
                  min={256}
                  step={128}
                  value={values.mem_mib}
                  onChange={(e) => set({ mem_mib: Number(e.target.value) })}
                />
              </Field>
            </div>
          )}
          {step === 1 && (
            <div className="grid gap-4">
              <BootSourcePicker
                label="Kernel"
                source={values.kernelSource}
                imageId={values.kernel_image_id}
                path={values.kernel_path}
                images={kernels.data}
                imageError={errors.kernel_image_id}
                pathError={errors.kernel_path}
                onChange={(p) =>
                  set({
                    kernelSource: p.source ?? values.kernelSource,
                    kernel_image_id: p.imageId ?? values.kernel_image_id,
                    kernel_path: p.path ?? values.kernel_path,
                  })
                }
              />
              <BootSourcePicker
                label="Rootfs"
                source={values.rootfsSource}
                imageId={values.rootfs_image_id}
                path={values.rootfs_path}
                images={rootfs.data}
                imageError={errors.rootfs_image_id}
                pathError={errors.rootfs_path}
                onChange={(p) =>
                  set({
                    rootfsSource: p.source ?? values.rootfsSource,
                    rootfs_image_id: p.imageId ?? values.rootfs_image_id,
                    rootfs_path: p.path ?? values.rootfs_path,
                  })
                }
              />
            </div>
          )}
          {step === 2 && (
            <>
              <AdvancedStep
                drives={drives}
                nics={nics}
                volumes={volumes.data}
                onDrives={setDrives}
                onNics={setNics}
              />
              {extraProblems.length > 0 && (
                <ul role="alert" className="list-disc pl-5 text-sm text-destructive">
                  {extraProblems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              )}
            </>
          )}
          {step === 3 && (
            <div className="grid gap-3 text-sm">
              <dl className="grid grid-cols-[8rem_1fr] gap-y-1.5">
                <dt className="text-muted-foreground">Name</dt>
                <dd>{values.name}</dd>
                <dt className="text-muted-foreground">Size</dt>
                <dd>
                  {values.vcpu} vCPU · {formatMib(values.mem_mib)}
                </dd>
                <dt className="text-muted-foreground">Kernel</dt>
                <dd className="break-all">
                  {values.kernelSource === 'image' ? kernelName : values.kernel_path}
                </dd>
                <dt className="text-muted-foreground">Rootfs</dt>
                <dd className="break-all">
                  {values.rootfsSource === 'image' ? rootfsName : values.rootfs_path}
                </dd>
                <dt className="text-muted-foreground">Extra drives</dt>
                <dd>{drives.map((d) => d.drive_id).join(', ') || 'none'}</dd>
                <dt className="text-muted-foreground">Extra NICs</dt>
                <dd>{nics.map((n) => n.iface_id).join(', ') || 'none'}</dd>
              </dl>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={startAfter}
                  onChange={(e) => setStartAfter(e.target.checked)}
                />{' '}
                Start the VM after creating it
              </label>
            </div>
          )}
          <div className="flex justify-between gap-2 pt-2">
            <Button variant="outline" disabled={step === 0 || busy} onClick={() => setStep((s) => s - 1)}>
              Back
            </Button>
            {step < WIZARD_STEPS.length - 1 ? (
              <Button onClick={next}>Next</Button>
            ) : (
              <Button onClick={create} disabled={busy}>
                {busy ? 'Creating…' : 'Create VM'}
              </Button>
            )}
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
