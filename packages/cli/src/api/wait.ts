// Waiting on conditions the manager reports (VM states, the guest's readiness line), with a spinner.
import type { ManagerClient, Vm } from '@nqvm/client';
import { cliErrors } from './cli-errors.js';
import { startSpinner } from './progress.js';

/** The default guest image prints this once its shell is ready (packages/guest-image README). */
export const GUEST_READY_LINE = 'nqvm-guest: ready';
export const DEFAULT_WAIT_MS = 300_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value; fails with WAIT_TIMEOUT after `timeoutMs`. */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = DEFAULT_WAIT_MS,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw cliErrors.WAIT_TIMEOUT({ seconds: Math.round(timeoutMs / 1000), what });
    await pause(intervalMs);
  }
}

/** Waits until the VM is in one of `states`; an `error` state ends the wait with the VM's error. */
export async function waitForState(
  api: ManagerClient,
  vm: Vm,
  states: string[],
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<Vm> {
  const spinner = startSpinner(`waiting for ${vm.name} to be ${states.join(' or ')}`);
  try {
    return await pollUntil(
      `${vm.name} to be ${states.join(' or ')}`,
      async () => {
        const now = await api.vms.get(vm.id);
        spinner.update(`waiting for ${vm.name} to be ${states.join(' or ')} (now ${now.state})`);
        if (states.includes(now.state)) return now;
        if (now.state === 'error' && !states.includes('error'))
          throw cliErrors.WAIT_FAILED({
            what: `${vm.name} failed: ${now.error ?? 'error state'}`,
            vm: vm.name,
          });
        return undefined;
      },
      timeoutMs,
    );
  } finally {
    spinner.stop();
  }
}

/** How many readiness lines the console log holds now (it is appended across boots). */
export async function readyLineCount(api: ManagerClient, vmId: string): Promise<number> {
  try {
    const { text } = await api.logs.tail({ vm_id: vmId, lines: 5000, kind: 'console' });
    return text.split(GUEST_READY_LINE).length - 1;
  } catch {
    // No log yet (never started): nothing printed.
    return 0;
  }
}

/** Whether the VM boots the default guest, the one image we know announces readiness. */
export async function bootsDefaultGuest(api: ManagerClient, vm: Vm): Promise<boolean> {
  if (!vm.rootfs_image_id) return false;
  try {
    return (await api.images.get(vm.rootfs_image_id)).origin === 'manifest';
  } catch {
    return false;
  }
}

/** Waits for one more readiness line than `before`: the guest of this boot has its shell up. */
export async function waitGuestReady(
  api: ManagerClient,
  vm: Vm,
  before: number,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<void> {
  const spinner = startSpinner(`waiting for ${vm.name}'s guest to boot`);
  try {
    await pollUntil(
      `${vm.name}'s guest to print '${GUEST_READY_LINE}'`,
      async () => {
        const now = await api.vms.get(vm.id);
        if (now.state === 'error' || now.state === 'stopped')
          throw cliErrors.WAIT_FAILED({
            what: `${vm.name} is ${now.state}${now.error ? `: ${now.error}` : ''}`,
            vm: vm.name,
          });
        return (await readyLineCount(api, vm.id)) > before ? true : undefined;
      },
      timeoutMs,
      1000,
    );
  } finally {
    spinner.stop();
  }
}
