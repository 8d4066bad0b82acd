// The coded errors of the QEMU backend (internal failures; user refusals are VmmActionError).
import { defineErrors } from '@nqvm/core';

export const qemuErrors = defineErrors('FCVMM_ERR', {
  QMP_CONNECT: { status: 500, message: 'Cannot connect to QMP at {path}' },
  QMP_CLOSED: { status: 500, message: 'QMP connection closed while running {command}' },
  QMP_COMMAND: { status: 400, message: 'QEMU refused {command}: {desc}' },
  QMP_EVENT_TIMEOUT: { status: 500, message: 'No {event} event from QEMU within {ms} ms' },
  QEMU_START: {
    status: 500,
    message: 'QEMU failed to start: {reason}',
    suggestion: 'Install qemu-system-x86 (QEMU 7.2 or newer) and check the paths in the configuration',
  },
  QEMU_NOT_FOUND: {
    status: 500,
    message: 'QEMU binary {binary} not found',
    suggestion: 'apt-get install qemu-system-x86, or set the qemuBinary option',
  },
  MIGRATION_FAILED: { status: 400, message: 'Migration to {target} failed: {reason}' },
  SNAPSHOT_FORMAT: { status: 400, message: 'Cannot load snapshot file {path}: {reason}' },
});
