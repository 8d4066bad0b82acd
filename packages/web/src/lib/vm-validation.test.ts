// The wizard validates like the manager: names 3–64 letters/digits/hyphens, vcpu ≥ 1, mem_mib ≥ 256, boot sources.
import { describe, expect, it } from 'vitest';
import {
  isValid,
  toCreateVmReq,
  validateBasics,
  validateBoot,
  validateName,
  validateStep,
  type WizardValues,
} from './vm-validation';

const base: WizardValues = {
  name: 'web-01',
  vcpu: 2,
  mem_mib: 512,
  kernelSource: 'image',
  kernel_image_id: 'k-1',
  kernel_path: '',
  rootfsSource: 'image',
  rootfs_image_id: 'r-1',
  rootfs_path: '',
};

describe('validateName', () => {
  it.each(['abc', 'web-server-01', 'A1-b2', 'x'.repeat(64)])('accepts %s', (name) => {
    expect(validateName(name)).toBeUndefined();
  });

  it.each([
    ['', 'Name is required'],
    ['ab', 'Name must be 3–64 characters'],
    ['x'.repeat(65), 'Name must be 3–64 characters'],
    ['web_01', 'Use only letters, digits and hyphens'],
    ['web.01', 'Use only letters, digits and hyphens'],
    ['my vm', 'Use only letters, digits and hyphens'],
  ])('rejects %j', (name, message) => {
    expect(validateName(name)).toBe(message);
  });
});

describe('validateBasics', () => {
  it('passes the spec example', () => {
    expect(validateBasics({ name: 'my-vm-prod', vcpu: 2, mem_mib: 512 })).toEqual({});
  });

  it('requires at least one whole vCPU and at most 64', () => {
    expect(validateBasics({ ...base, vcpu: 0 }).vcpu).toMatch(/≥ 1/);
    expect(validateBasics({ ...base, vcpu: 1.5 }).vcpu).toMatch(/whole/);
    expect(validateBasics({ ...base, vcpu: 65 }).vcpu).toMatch(/≤ 64/);
    expect(validateBasics({ ...base, vcpu: 1 }).vcpu).toBeUndefined();
  });

  it('requires at least 256 MiB', () => {
    expect(validateBasics({ ...base, mem_mib: 255 }).mem_mib).toMatch(/256/);
    expect(validateBasics({ ...base, mem_mib: Number.NaN }).mem_mib).toMatch(/256/);
    expect(validateBasics({ ...base, mem_mib: 256 }).mem_mib).toBeUndefined();
  });
});

describe('validateBoot', () => {
  it('needs a chosen image or an absolute path for each artefact', () => {
    expect(validateBoot(base)).toEqual({});
    expect(validateBoot({ ...base, kernel_image_id: '' })).toEqual({
      kernel_image_id: 'Choose a kernel image',
    });
    expect(validateBoot({ ...base, rootfsSource: 'path', rootfs_path: 'rel/path' })).toEqual({
      rootfs_path: 'Enter an absolute rootfs path',
    });
    expect(validateBoot({ ...base, kernelSource: 'path', kernel_path: '/srv/images/vmlinux' })).toEqual({});
  });
});

describe('validateStep and toCreateVmReq', () => {
  it('blocks only the step that has the error', () => {
    const bad = { ...base, name: 'x', kernel_image_id: '' };
    expect(Object.keys(validateStep(0, bad))).toEqual(['name']);
    expect(Object.keys(validateStep(1, bad))).toEqual(['kernel_image_id']);
    expect(isValid(validateStep(2, bad))).toBe(true);
    expect(isValid(validateStep(3, bad))).toBe(true);
  });

  it('sends only the chosen source of each artefact, trimmed', () => {
    expect(toCreateVmReq(base)).toEqual({
      name: 'web-01',
      vcpu: 2,
      mem_mib: 512,
      kernel_image_id: 'k-1',
      rootfs_image_id: 'r-1',
    });
    expect(
      toCreateVmReq({
        ...base,
        name: ' web-01 ',
        kernelSource: 'path',
        kernel_path: ' /k ',
        rootfsSource: 'path',
        rootfs_path: '/r',
      }),
    ).toEqual({ name: 'web-01', vcpu: 2, mem_mib: 512, kernel_path: '/k', rootfs_path: '/r' });
  });
});
