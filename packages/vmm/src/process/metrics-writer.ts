// The metrics writer: one JSON line in Firecracker's format on FlushMetrics, every 60 s, and at exit.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { Metrics } from '@nqvm/fc-api';
import type { ApiCounters } from '../api/api-counters.js';
import type { MetricGroups, RuntimeController, VmmLog } from '../backend.js';
import { osError, ResourceError } from '../preboot/resource-error.js';

/** Firecracker writes periodic metrics once a minute. */
export const METRICS_PERIOD_MS = 60_000;

const zeros = (...names: string[]) => Object.fromEntries(names.map((n) => [n, 0]));

/** The API-side groups, zero-filled so every line has the same shape as Firecracker's. */
function apiDefaults(): MetricGroups {
  return {
    get_api_requests: zeros(
      'instance_info_count',
      'machine_cfg_count',
      'mmds_count',
      'vmm_version_count',
      'hotplug_memory_count',
    ),
    put_api_requests: zeros(
      ...[
        'actions',
        'boot_source',
        'drive',
        'logger',
        'machine_cfg',
        'cpu_cfg',
        'metrics',
        'network',
        'mmds',
        'vsock',
        'pmem',
        'serial',
        'hotplug_memory',
      ].flatMap((n) => [`${n}_count`, `${n}_fails`]),
    ),
    patch_api_requests: zeros(
      ...['drive', 'network', 'machine_cfg', 'mmds', 'pmem', 'hotplug_memory'].flatMap((n) => [
        `${n}_count`,
        `${n}_fails`,
      ]),
    ),
    deprecated_api: zeros('deprecated_http_api_calls', 'deprecated_cmd_line_api_calls'),
    logger: zeros('missed_metrics_count', 'metrics_fails', 'missed_log_count', 'log_fails'),
  };
}

/** Device groups the backend fills; present (empty of activity) before boot too. */
const BACKEND_GROUPS = [
  'balloon',
  'block',
  'net',
  'vcpu',
  'vmm',
  'vsock',
  'entropy',
  'mmds',
  'uart',
  'signals',
];

export interface MetricsWriterOptions {
  counters: ApiCounters;
  log: VmmLog;
  /** The api_server group: how long the process took to accept API connections. */
  startup: { processStartupTimeUs: number; processStartupTimeCpuUs: number };
}

export class MetricsWriter {
  private fd: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: MetricsWriterOptions) {}

  get configured(): boolean {
    return this.fd !== undefined;
  }

  /** PUT /metrics or --metrics-path. Throws ResourceError('metrics') with Firecracker's wording. */
  configure(config: Metrics): void {
    if (this.fd !== undefined) throw new ResourceError('metrics', 'Reinitialization of metrics not allowed.');
    try {
      this.fd = openSync(config.metrics_path, constants.O_RDWR | constants.O_APPEND | constants.O_NONBLOCK);
    } catch (err) {
      throw new ResourceError(
        'metrics',
        `Cannot initialize the metrics system due to bad user input: ${osError(err)}`,
      );
    }
  }

  /** Writes periodically until stopped; the timer never keeps the process alive on its own. */
  startPeriodic(runtime: () => RuntimeController | undefined): void {
    this.timer ??= setInterval(() => {
      this.flush(runtime()).catch((err: unknown) =>
        this.options.log.warn('metrics flush failed', { error: String(err) }),
      );
    }, METRICS_PERIOD_MS);
    this.timer.unref();
  }

  /** Writes one line now; a no-op when no metrics target is configured (as Firecracker's). */
  async flush(runtime?: RuntimeController): Promise<void> {
    if (this.fd === undefined) return;
    const line = await this.line(runtime);
    try {
      writeSync(this.fd, `${JSON.stringify(line)}\n`);
    } catch (err) {
      this.options.counters.inc('logger.metrics_fails');
      this.options.log.warn('Failed to write metrics', { error: osError(err) });
    }
  }

  async line(runtime?: RuntimeController): Promise<Record<string, unknown>> {
    const merged: MetricGroups = {};
    for (const g of BACKEND_GROUPS) merged[g] = {};
    for (const [group, values] of Object.entries(apiDefaults())) merged[group] = { ...values };
    if (runtime) {
      for (const [group, values] of Object.entries(await runtime.metrics())) {
        merged[group] = { ...(merged[group] ?? {}), ...values };
      }
    }
    for (const [group, values] of Object.entries(this.options.counters.drain())) {
      merged[group] = { ...(merged[group] ?? {}), ...values };
    }
    const { processStartupTimeUs, processStartupTimeCpuUs } = this.options.startup;
    return {
      utc_timestamp_ms: Date.now(),
      api_server: {
        process_startup_time_us: processStartupTimeUs,
        process_startup_time_cpu_us: processStartupTimeCpuUs,
      },
      ...merged,
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
