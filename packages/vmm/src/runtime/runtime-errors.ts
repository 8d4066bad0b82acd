// Firecracker's wording for actions a running VM refuses, and our own refusals of what QEMU can't do.
import { VmmActionError } from '../actions.js';

export const runtimeErrors = {
  notSupportedPostBoot: () =>
    new VmmActionError('The requested operation is not supported after starting the microVM.'),
  notSupported: (what: string) => new VmmActionError(`The requested operation is not supported: ${what}`),
  noBalloon: () => new VmmActionError('Balloon device error: No balloon device found.'),
  balloonStatsDisabled: () =>
    new VmmActionError('Balloon device error: Statistics for the balloon device are not enabled'),
  balloonStatsStateChange: () =>
    new VmmActionError('Balloon device error: Cannot enable/disable the statistics after boot.'),
  balloonTooBig: (amount: number, mem: number) =>
    new VmmActionError(
      `Balloon device error: Amount of memory requested (${amount} MiB) exceeds guest memory (${mem} MiB).`,
    ),
  driveNotFound: (id: string) => new VmmActionError(`Invalid drive ID: ${id}`),
  ifaceNotFound: (id: string) => new VmmActionError(`Invalid interface ID: ${id}`),
  mustBePaused: () =>
    new VmmActionError('Create snapshot error: the microVM must be paused before creating a snapshot.'),
  diffWithoutDirtyTracking: () =>
    new VmmActionError(
      'Create snapshot error: Diff snapshots are not allowed on uVMs with dirty page tracking disabled.',
    ),
  vmExited: () => new VmmActionError('The microVM is not running (it has exited).'),
};
