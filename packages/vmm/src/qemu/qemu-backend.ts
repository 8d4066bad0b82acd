// The QEMU microvm backend: boots and restores VMs for the pre-boot layer (being built).
import type { VmBackend } from '../backend.js';

export interface QemuBackendOptions {
  /** 'auto' proves KVM by booting before choosing it; see NQVM_ACCEL. */
  accel?: 'auto' | 'kvm' | 'tcg';
  qemuBinary?: string;
}

export function createQemuBackend(_options: QemuBackendOptions = {}): VmBackend {
  return {
    boot: async () => {
      throw new Error('QEMU backend not implemented yet');
    },
    loadSnapshot: async () => {
      throw new Error('QEMU backend not implemented yet');
    },
  };
}
