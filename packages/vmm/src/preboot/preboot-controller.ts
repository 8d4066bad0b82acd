// The pre-boot controller: fills the resources builder, refuses post-boot-only actions, hands off to a backend.
import type { Logger, Metrics } from '@nqvm/fc-api';
import {
  assertNever,
  EMPTY,
  json,
  type VmmAction,
  VmmActionError,
  type VmmActionKind,
  type VmmData,
} from '../actions.js';
import type { RuntimeController, VmBackend, VmmContext } from '../backend.js';
import { fullVmConfig, machineConfigView } from './full-vm-config.js';
import { ResourceError, toActionError } from './resource-error.js';
import { ResourcesBuilder } from './resources-builder.js';

export const NOT_SUPPORTED_BEFORE_START =
  'The requested operation is not supported before starting the microVM.';

/** Actions Firecracker's PrebootApiController answers with OperationNotSupportedPreBoot. */
export const REFUSED_BEFORE_BOOT: ReadonlySet<VmmActionKind> = new Set<VmmActionKind>([
  'CreateSnapshot',
  'FlushMetrics',
  'Pause',
  'Resume',
  'GetBalloonStats',
  'GetMemoryHotplugStatus',
  'UpdateBalloon',
  'UpdateBalloonStatistics',
  'UpdateBlockDevice',
  'UpdateMemoryHotplugSize',
  'UpdateNetworkInterface',
  'UpdatePmemDevice',
  'StartFreePageHinting',
  'GetBalloonHintingStatus',
  'StopFreePageHinting',
  'SendCtrlAltDel',
]);

/** A failure after which Firecracker considers the process too dirty to go on (a failed restore). */
export class FatalVmmError extends VmmActionError {}

/** What the process behind the controller does for logger and metrics configuration. */
export interface PrebootServices {
  configureLogger(config: Logger): void;
  configureMetrics(config: Metrics): void;
}

export interface PrebootControllerOptions {
  loadBackend: () => Promise<VmBackend>;
  createContext: () => Promise<VmmContext>;
  services: PrebootServices;
}

export type PrebootResult = { data: VmmData; runtime?: RuntimeController };

export class PrebootController {
  readonly builder = new ResourcesBuilder();
  /** Set once a boot-specific resource is configured: a snapshot may no longer be loaded (Firecracker's rule). */
  private bootPath = false;

  constructor(private readonly options: PrebootControllerOptions) {}

  async handle(action: VmmAction): Promise<PrebootResult> {
    if (REFUSED_BEFORE_BOOT.has(action.kind)) throw new VmmActionError(NOT_SUPPORTED_BEFORE_START);
    try {
      return await this.apply(action);
    } catch (err) {
      if (err instanceof ResourceError) throw toActionError(err);
      throw err;
    }
  }

  private async apply(action: VmmAction): Promise<PrebootResult> {
    const b = this.builder;
    const done = (): PrebootResult => ({ data: EMPTY });
    switch (action.kind) {
      case 'ConfigureBootSource':
        this.bootPath = true;
        b.setBootSource(action.config);
        return done();
      case 'ConfigureLogger':
        this.options.services.configureLogger(action.config);
        b.setLogger(action.config);
        return done();
      case 'ConfigureMetrics':
        this.options.services.configureMetrics(action.config);
        b.setMetrics(action.config);
        return done();
      case 'ConfigureSerial':
        b.setSerial(action.config);
        return done();
      case 'PutCpuConfiguration':
        b.setCpuConfig(action.config);
        return done();
      case 'GetBalloonConfig':
        if (b.balloon === undefined)
          throw new VmmActionError('Balloon config error: No balloon device found.');
        return { data: json(b.balloon) };
      case 'GetFullVmConfig':
        return { data: json(fullVmConfig(b.snapshot())) };
      case 'GetVmMachineConfig':
        return { data: json(machineConfigView(b.snapshot())) };
      case 'InsertBlockDevice':
        this.bootPath = true;
        b.insertBlockDevice(action.config);
        return done();
      case 'InsertPmemDevice':
        this.bootPath = true;
        b.insertPmem(action.config);
        return done();
      case 'InsertNetworkDevice':
        this.bootPath = true;
        b.insertNetworkInterface(action.config);
        return done();
      case 'SetBalloonDevice':
        this.bootPath = true;
        b.setBalloon(action.config);
        return done();
      case 'SetVsockDevice':
        this.bootPath = true;
        b.setVsock(action.config);
        return done();
      case 'SetMmdsConfiguration':
        this.bootPath = true;
        b.setMmdsConfig(action.config);
        return done();
      case 'SetVmConfiguration':
        this.bootPath = true;
        b.setMachineConfig(action.config);
        return done();
      case 'UpdateMachineConfiguration':
        this.bootPath = true;
        b.updateMachineConfig(action.update);
        return done();
      case 'SetEntropyDevice':
        this.bootPath = true;
        b.setEntropy(action.config);
        return done();
      case 'SetMemoryHotplugDevice':
        this.bootPath = true;
        b.setMemoryHotplug(action.config);
        return done();
      case 'StartMicroVm':
        return { data: EMPTY, runtime: await this.boot() };
      case 'LoadSnapshot':
        return { data: EMPTY, runtime: await this.loadSnapshot(action.params) };
      case 'GetVmInstanceInfo':
      case 'GetVmmVersion':
      case 'GetMmds':
      case 'PutMmds':
      case 'PatchMmds':
        // State-independent: the dispatcher answers these before the controller sees them.
        throw new Error(`${action.kind} is handled by the dispatcher`);
      case 'CreateSnapshot':
      case 'FlushMetrics':
      case 'Pause':
      case 'Resume':
      case 'GetBalloonStats':
      case 'GetMemoryHotplugStatus':
      case 'UpdateBalloon':
      case 'UpdateBalloonStatistics':
      case 'UpdateBlockDevice':
      case 'UpdateMemoryHotplugSize':
      case 'UpdateNetworkInterface':
      case 'UpdatePmemDevice':
      case 'StartFreePageHinting':
      case 'GetBalloonHintingStatus':
      case 'StopFreePageHinting':
      case 'SendCtrlAltDel':
        throw new VmmActionError(NOT_SUPPORTED_BEFORE_START);
      default:
        return assertNever(action);
    }
  }

  private async boot(): Promise<RuntimeController> {
    if (!this.builder.hasBootSource) {
      throw new VmmActionError('Start microvm error: Cannot start microvm without kernel configuration.');
    }
    try {
      const backend = await this.options.loadBackend();
      return await backend.boot(this.builder.snapshot(), await this.options.createContext());
    } catch (err) {
      if (err instanceof VmmActionError) throw err;
      throw new VmmActionError(`Start microvm error: ${(err as Error).message}`);
    }
  }

  private async loadSnapshot(params: Extract<VmmAction, { kind: 'LoadSnapshot' }>['params']) {
    if (this.bootPath) {
      throw new VmmActionError(
        'Load snapshot error: Loading a microVM snapshot not allowed after configuring boot-specific resources.',
      );
    }
    try {
      const backend = await this.options.loadBackend();
      return await backend.loadSnapshot(params, await this.options.createContext());
    } catch (err) {
      const message = (err as Error).message;
      // A backend may already speak Firecracker's wording; don't prefix it twice.
      throw new FatalVmmError(
        message.startsWith('Load snapshot error:')
          ? message
          : `Load snapshot error: Failed to restore from snapshot: ${message}`,
      );
    }
  }
}
