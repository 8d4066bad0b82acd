// The create-VM wizard's validation, matching the manager's schema: name 3–64 letters/digits/hyphens,
// vcpu 1–64, mem_mib ≥ 256, and a kernel and rootfs from the registry or (if allowed) raw paths.
import type { CreateVmReq } from '@nqvm/client';

export const VM_NAME_PATTERN = /^[A-Za-z0-9-]{3,64}$/;
export const MIN_MEM_MIB = 256;
export const MAX_VCPU = 64;

export type BootSource = 'image' | 'path';

export interface WizardValues {
  name: string;
  vcpu: number;
  mem_mib: number;
  kernelSource: BootSource;
  kernel_image_id: string;
  kernel_path: string;
  rootfsSource: BootSource;
  rootfs_image_id: string;
  rootfs_path: string;
}

export type WizardErrors = Partial<Record<keyof WizardValues, string>>;

export function validateName(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Name is required';
  if (trimmed.length < 3 || trimmed.length > 64) return 'Name must be 3–64 characters';
  if (!VM_NAME_PATTERN.test(trimmed)) return 'Use only letters, digits and hyphens';
  return undefined;
}

export function validateBasics(v: Pick<WizardValues, 'name' | 'vcpu' | 'mem_mib'>): WizardErrors {
  const errors: WizardErrors = {};
  const name = validateName(v.name);
  if (name) errors.name = name;
  if (!Number.isInteger(v.vcpu) || v.vcpu < 1) errors.vcpu = 'vCPU count must be a whole number ≥ 1';
  else if (v.vcpu > MAX_VCPU) errors.vcpu = `vCPU count must be ≤ ${MAX_VCPU}`;
  if (!Number.isInteger(v.mem_mib) || v.mem_mib < MIN_MEM_MIB)
    errors.mem_mib = `Memory must be a whole number ≥ ${MIN_MEM_MIB} MiB`;
  return errors;
}

export function validateBoot(v: WizardValues): WizardErrors {
  const errors: WizardErrors = {};
  if (v.kernelSource === 'image' && !v.kernel_image_id) errors.kernel_image_id = 'Choose a kernel image';
  if (v.kernelSource === 'path' && !v.kernel_path.trim().startsWith('/'))
    errors.kernel_path = 'Enter an absolute kernel path';
  if (v.rootfsSource === 'image' && !v.rootfs_image_id) errors.rootfs_image_id = 'Choose a rootfs image';
  if (v.rootfsSource === 'path' && !v.rootfs_path.trim().startsWith('/'))
    errors.rootfs_path = 'Enter an absolute rootfs path';
  return errors;
}

export const WIZARD_STEPS = ['Basics', 'Boot', 'Advanced', 'Review'] as const;

/** Errors that block leaving a step; Advanced and Review add none of their own. */
export function validateStep(step: number, v: WizardValues): WizardErrors {
  if (step === 0) return validateBasics(v);
  if (step === 1) return validateBoot(v);
  return {};
}

export function isValid(errors: WizardErrors): boolean {
  return Object.keys(errors).length === 0;
}

/** The POST /v1/vms body: only the chosen source of each boot artefact is sent. */
export function toCreateVmReq(v: WizardValues): CreateVmReq {
  const req: CreateVmReq = { name: v.name.trim(), vcpu: v.vcpu, mem_mib: v.mem_mib };
  if (v.kernelSource === 'image') req.kernel_image_id = v.kernel_image_id;
  else req.kernel_path = v.kernel_path.trim();
  if (v.rootfsSource === 'image') req.rootfs_image_id = v.rootfs_image_id;
  else req.rootfs_path = v.rootfs_path.trim();
  return req;
}
