// The KVM row of `nqvm doctor`: KVM counts only if the default guest's kernel really boots on it.
import { readManifest } from '@nqvm/guest-image';
import { resolveAccel } from '@nqvm/vmm';
import type { Check } from './check.js';

export const kvmCheck: Check = {
  name: 'KVM',
  required: false,
  async run() {
    const manifest = await readManifest().catch(() => null);
    const kernel = manifest?.items.find((i) => i.kind === 'kernel');
    if (!kernel) {
      return { status: 'warn', detail: 'no guest kernel to prove KVM with', fix: 'bin/nqvm images prepare' };
    }
    const choice = await resolveAccel({ accel: 'auto', kernelPath: kernel.path, proveNow: true });
    return choice.accel === 'kvm'
      ? { status: 'ok', detail: `usable: ${choice.why}` }
      : {
          status: 'warn',
          detail: `not usable, guests run under TCG: ${choice.why}`,
          fix: 'use a host with hardware virtualization (VT-x/AMD-V) and the kvm_intel/kvm_amd module',
        };
  },
};
