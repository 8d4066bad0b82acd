// Routes each action: state-independent ones here, pre-boot ones to the PrebootController, the rest to the runtime.
import type { Logger, Metrics } from '@nqvm/fc-api';
import { EMPTY, json, type VmmAction, VmmActionError, type VmmActionKind, type VmmData } from '../actions.js';
import type { RuntimeController, VmBackend, VmExit, VmmContext, VmmLog } from '../backend.js';
import { FIRECRACKER_VERSION } from '../firecracker-version.js';
import type { MmdsStore } from '../mmds-store.js';
import type { HotUnplugRequest } from '../parsers/parsed-request.js';
import { fullVmConfig, machineConfigView } from './full-vm-config.js';
import { FatalVmmError, NOT_SUPPORTED_BEFORE_START, PrebootController } from './preboot-controller.js';

export const NOT_SUPPORTED_AFTER_START =
  'The requested operation is not supported after starting the microVM.';

/**
 * Actions Firecracker's RuntimeApiController answers with OperationNotSupportedPostBoot. We refuse
 * them here so the wording does not depend on the backend; PUT on drives, pmem and network
 * interfaces after boot is Firecracker's PCI hotplug, which it refuses the same way without PCI.
 */
export const REFUSED_AFTER_BOOT: ReadonlySet<VmmActionKind> = new Set<VmmActionKind>([
  'ConfigureBootSource',
  'ConfigureLogger',
  'ConfigureMetrics',
  'ConfigureSerial',
  'InsertBlockDevice',
  'InsertPmemDevice',
  'InsertNetworkDevice',
  'LoadSnapshot',
  'PutCpuConfiguration',
  'SetBalloonDevice',
  'SetVsockDevice',
  'SetMmdsConfiguration',
  'SetEntropyDevice',
  'SetMemoryHotplugDevice',
  'StartMicroVm',
  'SetVmConfiguration',
  'UpdateMachineConfiguration',
]);

export type VmState = 'Not started' | 'Running' | 'Paused';

/** Process-owned services the actions reach: logger and metrics configuration, metrics flushing. */
export interface VmmServices {
  configureLogger(config: Logger): void;
  configureMetrics(config: Metrics): void;
  /** Writes one metrics line now (FlushMetrics); a no-op when metrics are not configured. */
  flushMetrics(runtime: RuntimeController): Promise<void>;
}

export interface VmmDispatcherOptions {
  instanceId: string;
  mmds: MmdsStore;
  loadBackend: () => Promise<VmBackend>;
  createContext: () => Promise<VmmContext>;
  services: VmmServices;
  log: VmmLog;
  /** Called once when a VM has booted or been restored. */
  onRuntime?: (runtime: RuntimeController) => void;
  /** Called after the response to an action that leaves the process unusable (a failed restore). */
  onFatal?: (error: Error) => void;
}

export class VmmDispatcher {
  readonly preboot: PrebootController;
  private runtimeController: RuntimeController | undefined;
  /** Firecracker handles one action at a time; so do we, so a boot in flight can't interleave with setters. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: VmmDispatcherOptions) {
    this.preboot = new PrebootController({
      loadBackend: options.loadBackend,
      createContext: options.createContext,
      services: options.services,
    });
  }

  get runtime(): RuntimeController | undefined {
    return this.runtimeController;
  }

  get state(): VmState {
    return this.runtimeController?.state ?? 'Not started';
  }

  /** Resolves when the VM is gone; never resolves before a boot. */
  get exited(): Promise<VmExit> | undefined {
    return this.runtimeController?.exited;
  }

  handle(action: VmmAction): Promise<VmmData> {
    const run = this.queue.then(() => this.dispatch(action));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** DELETE on a device. fc-vmm's devices are virtio-mmio, which cannot be unplugged (Firecracker needs PCI too). */
  refuseHotUnplug(_request: HotUnplugRequest): VmmActionError {
    if (this.runtimeController === undefined) return new VmmActionError(NOT_SUPPORTED_BEFORE_START);
    return new VmmActionError(
      'The requested operation is not supported: hot-unplug needs PCI (firecracker --enable-pci); fc-vmm runs virtio devices on virtio-mmio.',
    );
  }

  private async dispatch(action: VmmAction): Promise<VmmData> {
    switch (action.kind) {
      case 'GetVmInstanceInfo':
        return json({
          app_name: 'Firecracker',
          id: this.options.instanceId,
          state: this.state,
          vmm_version: FIRECRACKER_VERSION,
        });
      case 'GetVmmVersion':
        return json({ firecracker_version: FIRECRACKER_VERSION });
      case 'GetMmds':
        // Firecracker answers `{}` for a store nothing was ever put into.
        return json(this.options.mmds.get() ?? {});
      case 'PutMmds':
        mmdsOp(() => this.options.mmds.put(action.data));
        return EMPTY;
      case 'PatchMmds':
        mmdsOp(() => this.options.mmds.patch(action.data));
        return EMPTY;
      default:
        return this.runtimeController
          ? this.afterBoot(action, this.runtimeController)
          : this.beforeBoot(action);
    }
  }

  private async beforeBoot(action: VmmAction): Promise<VmmData> {
    try {
      const { data, runtime } = await this.preboot.handle(action);
      if (runtime) {
        this.runtimeController = runtime;
        this.options.log.info(
          action.kind === 'LoadSnapshot'
            ? 'Successfully restored microVM from snapshot.'
            : 'Successfully started microvm.',
        );
        this.options.onRuntime?.(runtime);
      }
      return data;
    } catch (err) {
      if (err instanceof FatalVmmError) queueMicrotask(() => this.options.onFatal?.(err));
      throw err;
    }
  }

  private async afterBoot(action: VmmAction, runtime: RuntimeController): Promise<VmmData> {
    if (REFUSED_AFTER_BOOT.has(action.kind)) throw new VmmActionError(NOT_SUPPORTED_AFTER_START);
    switch (action.kind) {
      case 'FlushMetrics':
        await this.options.services.flushMetrics(runtime);
        return EMPTY;
      case 'GetFullVmConfig':
        return json(fullVmConfig(runtime.resources));
      case 'GetVmMachineConfig':
        return json(machineConfigView(runtime.resources));
      default:
        return runtime.handle(action);
    }
  }
}

/** Firecracker prefixes data-store errors by kind: `MMDS limit exceeded error: ` (413) or `MMDS error: `. */
function mmdsOp(op: () => void): void {
  try {
    op();
  } catch (err) {
    if (!(err instanceof VmmActionError)) throw err;
    const prefix = err.status === 413 ? 'MMDS limit exceeded error' : 'MMDS error';
    throw new VmmActionError(`${prefix}: ${err.message}`, err.status);
  }
}
