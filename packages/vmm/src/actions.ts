// The VMM's whole interface: one closed union of actions (after Firecracker's VmmAction).
// HTTP parsers and --config-file produce these; the pre-boot and runtime controllers consume them.
import type {
  Balloon,
  BalloonStartCmd,
  BalloonStatsUpdate,
  BalloonUpdate,
  BootSource,
  CpuConfig,
  Drive,
  EntropyDevice,
  Logger,
  MachineConfiguration,
  MemoryHotplugConfig,
  MemoryHotplugSizeUpdate,
  Metrics,
  MmdsConfig,
  NetworkInterface,
  PartialDrive,
  PartialNetworkInterface,
  PartialPmem,
  Pmem,
  SerialDevice,
  SnapshotCreateParams,
  SnapshotLoadParams,
  Vsock,
} from '@nqvm/fc-api';

/** Every action the VMM understands. Adding one forces every `switch` over it to handle it. */
export type VmmAction =
  | { kind: 'ConfigureBootSource'; config: BootSource }
  | { kind: 'ConfigureLogger'; config: Logger }
  | { kind: 'ConfigureMetrics'; config: Metrics }
  | { kind: 'ConfigureSerial'; config: SerialDevice }
  | { kind: 'CreateSnapshot'; params: SnapshotCreateParams }
  | { kind: 'FlushMetrics' }
  | { kind: 'GetBalloonConfig' }
  | { kind: 'GetBalloonStats' }
  | { kind: 'GetBalloonHintingStatus' }
  | { kind: 'GetFullVmConfig' }
  | { kind: 'GetMmds' }
  | { kind: 'GetVmMachineConfig' }
  | { kind: 'GetVmInstanceInfo' }
  | { kind: 'GetVmmVersion' }
  | { kind: 'GetMemoryHotplugStatus' }
  | { kind: 'InsertBlockDevice'; config: Drive }
  | { kind: 'InsertPmemDevice'; config: Pmem }
  | { kind: 'InsertNetworkDevice'; config: NetworkInterface }
  | { kind: 'LoadSnapshot'; params: SnapshotLoadParams }
  | { kind: 'PatchMmds'; data: unknown }
  | { kind: 'PutMmds'; data: unknown }
  | { kind: 'Pause' }
  | { kind: 'Resume' }
  | { kind: 'PutCpuConfiguration'; config: CpuConfig }
  | { kind: 'SetBalloonDevice'; config: Balloon }
  | { kind: 'SetEntropyDevice'; config: EntropyDevice }
  | { kind: 'SetMmdsConfiguration'; config: MmdsConfig }
  | { kind: 'SetVsockDevice'; config: Vsock }
  | { kind: 'SetMemoryHotplugDevice'; config: MemoryHotplugConfig }
  | { kind: 'UpdateMemoryHotplugSize'; update: MemoryHotplugSizeUpdate }
  /** PUT /machine-config: replaces the whole configuration (unset fields take defaults). */
  | { kind: 'SetVmConfiguration'; config: MachineConfiguration }
  /** PATCH /machine-config: changes only the fields given. */
  | { kind: 'UpdateMachineConfiguration'; update: Partial<MachineConfiguration> }
  | { kind: 'SendCtrlAltDel' }
  | { kind: 'StartMicroVm' }
  | { kind: 'StartFreePageHinting'; cmd: BalloonStartCmd }
  | { kind: 'StopFreePageHinting' }
  | { kind: 'UpdateBalloon'; update: BalloonUpdate }
  | { kind: 'UpdateBalloonStatistics'; update: BalloonStatsUpdate }
  | { kind: 'UpdateBlockDevice'; update: PartialDrive }
  | { kind: 'UpdateNetworkInterface'; update: PartialNetworkInterface }
  | { kind: 'UpdatePmemDevice'; update: PartialPmem };

export type VmmActionKind = VmmAction['kind'];

/** What an action returns: nothing (HTTP 204) or a JSON body (HTTP 200). */
export type VmmData = { kind: 'Empty' } | { kind: 'Json'; body: unknown };

export const EMPTY: VmmData = { kind: 'Empty' };
export const json = (body: unknown): VmmData => ({ kind: 'Json', body });

/**
 * A refused or failed action. `status` is 400 except where Firecracker answers otherwise
 * (413 for an MMDS store over its size limit). `message` is the `fault_message`, in
 * Firecracker's wording where Firecracker has one.
 */
export class VmmActionError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'VmmActionError';
  }
}

/** Compile-time proof that a switch over actions handled every kind. */
export function assertNever(value: never): never {
  throw new Error(`unhandled action: ${JSON.stringify(value)}`);
}
