// startVmm: one fc-vmm instance as a library (API server + controllers); the process is a thin shell over it.

import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Logger, Metrics } from '@nqvm/fc-api';
import { ApiCounters } from './api/api-counters.js';
import { type ApiServer, DEFAULT_MAX_PAYLOAD_SIZE, startApiServer } from './api/api-server.js';
import type { RuntimeController, VmBackend, VmExit, VmmContext } from './backend.js';
import { DEFAULT_MMDS_SIZE_LIMIT, MmdsStore } from './mmds-store.js';
import { applyConfigFile, ConfigFileError, parseConfigFile } from './preboot/config-file.js';
import { VmmDispatcher, type VmmServices } from './preboot/vmm-dispatcher.js';
import { MetricsWriter } from './process/metrics-writer.js';
import { VmmLogger } from './process/vmm-logger.js';

export interface StartVmmOptions {
  /** Where to serve the API; omit (or null) for `--no-api`, which then needs `config`. */
  apiSock?: string | null;
  instanceId?: string;
  /** The hypervisor backend, or a loader so its code is only imported when a VM starts. */
  backend: VmBackend | (() => Promise<VmBackend>);
  /** `--http-api-max-payload-size` (default 51200). */
  maxPayloadSize?: number;
  /** `--mmds-size-limit` (default: the payload limit, as in Firecracker). */
  mmdsSizeLimit?: number;
  /** The text of a `--config-file`: applied after the API is up, then the VM boots. */
  config?: string;
  /** The text of a `--metadata` file: the initial MMDS contents. */
  metadata?: string;
  /** Logger to use; one writing to stderr is made if omitted. */
  logger?: VmmLogger;
  /** Logger settings from flags (`--log-path`, `--level`, ...). */
  loggerConfig?: Logger;
  /** `--metrics-path`. */
  metrics?: Metrics;
  /** The guest serial console (default: this process's stdin/stdout, opened only at boot). */
  consoleIn?: Readable;
  consoleOut?: Writable;
  /** Parent directory for the backend's private run directory (default: the OS temp dir). */
  runDirParent?: string;
  /** When this process started, for api_server.process_startup_time_us (ms since process start, as `process.uptime()`). */
  processStartMs?: number;
}

export interface VmmHandle {
  readonly instanceId: string;
  readonly dispatcher: VmmDispatcher;
  /** Undefined with `--no-api`. */
  readonly api: ApiServer | undefined;
  readonly logger: VmmLogger;
  readonly metrics: MetricsWriter;
  /** How long it took from process start until the API socket accepted connections (ms). */
  readonly startupMs: number;
  /** Resolves when the VM is gone (guest shutdown, QEMU death) or the process can't go on. */
  readonly done: Promise<VmExit>;
  /** Kills the VM, writes a last metrics line, closes the API and removes the socket and run dir. Idempotent. */
  shutdown(): Promise<void>;
}

export async function startVmm(options: StartVmmOptions): Promise<VmmHandle> {
  const instanceId = options.instanceId ?? 'anonymous-instance';
  const logger = options.logger ?? new VmmLogger({ instanceId });
  if (options.loggerConfig) logger.configure(options.loggerConfig);
  const counters = new ApiCounters();
  const startup = { processStartupTimeUs: 0, processStartupTimeCpuUs: 0 };
  const metrics = new MetricsWriter({ counters, log: logger, startup });
  if (options.metrics) metrics.configure(options.metrics);

  const maxPayloadSize = options.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE;
  const mmds = new MmdsStore(options.mmdsSizeLimit ?? maxPayloadSize ?? DEFAULT_MMDS_SIZE_LIMIT);
  if (options.metadata !== undefined) mmds.put(JSON.parse(options.metadata));

  let runDir: string | undefined;
  const createContext = async (): Promise<VmmContext> => {
    runDir ??= await mkdtemp(join(options.runDirParent ?? tmpdir(), `fc-vmm-${instanceId}-`));
    return {
      instanceId,
      runDir,
      consoleIn: options.consoleIn ?? process.stdin,
      consoleOut: options.consoleOut ?? process.stdout,
      log: logger,
      mmds,
    };
  };
  const backend = options.backend;
  let loadingBackend: Promise<VmBackend> | undefined;
  const loadBackend = (): Promise<VmBackend> => {
    loadingBackend ??= typeof backend === 'function' ? backend() : Promise.resolve(backend);
    return loadingBackend;
  };

  let settle: (exit: VmExit) => void = () => {};
  const done = new Promise<VmExit>((resolve) => {
    settle = resolve;
  });
  const services: VmmServices = {
    configureLogger: (config) => logger.configure(config),
    configureMetrics: (config) => metrics.configure(config),
    flushMetrics: (runtime) => metrics.flush(runtime),
  };
  const dispatcher = new VmmDispatcher({
    instanceId,
    mmds,
    loadBackend,
    createContext,
    services,
    log: logger,
    onRuntime: (runtime: RuntimeController) => {
      metrics.startPeriodic(() => dispatcher.runtime);
      runtime.exited.then(settle, (err: unknown) => settle({ code: 1, reason: String(err) }));
    },
    onFatal: (err) => settle({ code: 1, reason: err.message }),
  });

  let api: ApiServer | undefined;
  if (options.apiSock) {
    api = await startApiServer({
      socketPath: options.apiSock,
      handler: dispatcher,
      log: logger,
      maxPayloadSize,
      counters,
    });
  }
  // process.uptime(), not performance.now(): the `performance` global loads perf_hooks (~2 ms).
  const startupMs = process.uptime() * 1000 - (options.processStartMs ?? 0);
  startup.processStartupTimeUs = Math.round(startupMs * 1000);
  const cpu = process.cpuUsage();
  startup.processStartupTimeCpuUs = cpu.user + cpu.system;
  if (api) logger.info('API server started.');
  // Once the first request is answered (the client saw the socket ready: loading earlier would
  // delay that answer), load the backend's code while the client is still configuring the VM, or
  // while a pooled VMM waits to be used, instead of at InstanceStart. A failure is not reported
  // here: InstanceStart loads again and answers with the error.
  if (api && typeof backend === 'function') {
    api.server.once('request', (_req: IncomingMessage, res: ServerResponse) => {
      res.once('finish', () =>
        setImmediate(() => {
          loadBackend().catch(() => {
            loadingBackend = undefined;
          });
        }),
      );
    });
  }

  let shuttingDown: Promise<void> | undefined;
  const handle: VmmHandle = {
    instanceId,
    dispatcher,
    api,
    logger,
    metrics,
    startupMs,
    done,
    shutdown() {
      shuttingDown ??= (async () => {
        const runtime = dispatcher.runtime;
        await runtime
          ?.kill()
          .catch((err: unknown) => logger.error('Failed to stop the VM', { error: String(err) }));
        await metrics.flush(runtime).catch(() => undefined);
        metrics.stop();
        await api?.close();
        if (runDir) await rm(runDir, { recursive: true, force: true });
        logger.close();
      })();
      return shuttingDown;
    },
  };

  if (options.config !== undefined) {
    try {
      await bootFromConfig(options.config, dispatcher, services);
    } catch (err) {
      await handle.shutdown();
      throw err;
    }
  }
  return handle;
}

async function bootFromConfig(text: string, dispatcher: VmmDispatcher, services: VmmServices): Promise<void> {
  applyConfigFile(parseConfigFile(text), dispatcher.preboot.builder, services);
  try {
    await dispatcher.handle({ kind: 'StartMicroVm' });
  } catch (err) {
    throw new ConfigFileError(`Could not start the microVM: ${(err as Error).message}`);
  }
}
