// The contract between the pre-boot layer and a hypervisor backend (QEMU microvm today).
import type { Readable, Writable } from 'node:stream';
import type { SnapshotLoadParams } from '@nqvm/fc-api';
import type { VmmAction, VmmData } from './actions.js';
import type { MmdsStore } from './mmds-store.js';
import type { VmResources } from './vm-resources.js';

/** Minimal structured logger the VMM writes to (the `--log-path`/`PUT /logger` target). */
export interface VmmLog {
  error(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

/** Why a running VM ended: the guest shut down, QEMU died, or we were asked to stop. */
export interface VmExit {
  /** The process exit code fc-vmm should use: 0 for a clean guest shutdown. */
  code: number;
  reason: string;
}

/** What the process gives a backend: identity, console streams, log and the MMDS store. */
export interface VmmContext {
  instanceId: string;
  /** Directory for the backend's private files (QMP socket, memory file, ...); removed on exit. */
  runDir: string;
  /** The guest serial console is wired to these (fc-vmm's own stdin/stdout). */
  consoleIn: Readable;
  consoleOut: Writable;
  log: VmmLog;
  mmds: MmdsStore;
}

/** Counters in Firecracker's metrics groups (`block`, `net`, `vcpu`, `vmm`, `balloon`, ...). */
export type MetricGroups = Record<string, Record<string, number>>;

/**
 * A booted (or restored) VM. It handles every action that is valid after boot and refuses
 * the rest with Firecracker's "not supported after starting the microVM" wording.
 */
export interface RuntimeController {
  handle(action: VmmAction): Promise<VmmData>;
  /** 'Running' or 'Paused', as `GET /` reports it. */
  readonly state: 'Running' | 'Paused';
  /** The configuration as it is now (rate limiters patched live are reflected). */
  readonly resources: VmResources;
  /** Current counters for FlushMetrics and the periodic metrics flush. */
  metrics(): Promise<MetricGroups>;
  /** Resolves once when the VM is gone for any reason. */
  readonly exited: Promise<VmExit>;
  /** Stops the VM and frees everything it holds (QEMU, TAP setup, temp files). Idempotent. */
  kill(): Promise<void>;
}

export interface VmBackend {
  /** InstanceStart: boot a VM from the configured resources. */
  boot(resources: VmResources, ctx: VmmContext): Promise<RuntimeController>;
  /** PUT /snapshot/load on a fresh process. */
  loadSnapshot(params: SnapshotLoadParams, ctx: VmmContext): Promise<RuntimeController>;
}
