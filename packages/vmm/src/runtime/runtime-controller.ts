// The runtime controller: every post-boot action mapped onto QMP, the rest refused as Firecracker does.
import {
  type Balloon,
  FIRECRACKER_API_VERSION,
  type FullVmConfiguration,
  type PartialDrive,
  type PartialNetworkInterface,
} from '@nqvm/fc-api';
import { assertNever, EMPTY, json, type VmmAction, type VmmData } from '../actions.js';
import type { MetricGroups, RuntimeController, VmExit } from '../backend.js';
import type { NetRelays } from '../net/net-relays.js';
import { driveThrottle } from '../qemu/drive-throttle.js';
import { ids } from '../qemu/qemu-args.js';
import type { QemuVm } from '../qemu/qemu-vm.js';
import type { QmpClient } from '../qemu/qmp-client.js';
import { createSnapshot, type MemoryHistory } from '../snapshot/create-snapshot.js';
import type { VmResources } from '../vm-resources.js';
import type { DriveBursts } from './drive-bursts.js';
import { swapDriveFile } from './drive-swap.js';
import { runtimeErrors } from './runtime-errors.js';
import { collectMetrics } from './vm-metrics.js';

export interface QemuRuntimeController extends RuntimeController {
  /** QEMU's pid (tests kill it to prove a crash is reported). */
  readonly qemuPid: number;
  /** The VM's QMP connection, for tests and diagnostics that look at what QEMU was told. */
  readonly qmp: QmpClient;
}

export interface ControllerInit {
  vm: QemuVm;
  resources: VmResources;
  relays: NetRelays;
  /** Takes each drive's one_time_burst away once spent (QEMU would refill it). */
  bursts: DriveBursts;
  state: 'Running' | 'Paused';
  memory: MemoryHistory;
  netns?: string;
}

export function createRuntimeController(init: ControllerInit): QemuRuntimeController {
  const { vm, relays, bursts } = init;
  const qmp = vm.qmp;
  const resources = structuredClone(init.resources);
  let state = init.state;
  let gone = false;
  const driveGenerations = new Map<string, number>();
  const exited: Promise<VmExit> = vm.exited.then(async (exit) => {
    gone = true;
    bursts.close();
    await relays.close();
    return exit;
  });

  async function handle(action: VmmAction): Promise<VmmData> {
    if (gone) throw runtimeErrors.vmExited();
    switch (action.kind) {
      case 'Pause':
        await qmp.execute('stop');
        state = 'Paused';
        return EMPTY;
      case 'Resume':
        await qmp.execute('cont');
        state = 'Running';
        return EMPTY;
      case 'SendCtrlAltDel':
        await sendCtrlAltDel();
        return EMPTY;
      case 'FlushMetrics':
        // The process writes the metrics file from metrics(); nothing to do on the VM side.
        return EMPTY;
      case 'GetFullVmConfig':
        return json(fullConfig(resources));
      case 'GetVmMachineConfig':
        return json(resources.machineConfig);
      case 'GetVmInstanceInfo':
        return json({
          app_name: 'Firecracker',
          id: vm.ctx.instanceId,
          state,
          vmm_version: FIRECRACKER_API_VERSION,
        });
      case 'GetVmmVersion':
        return json({ firecracker_version: FIRECRACKER_API_VERSION });
      case 'GetMmds':
        return json(vm.ctx.mmds.get() ?? {});
      case 'PutMmds':
        vm.ctx.mmds.put(action.data);
        return EMPTY;
      case 'PatchMmds':
        vm.ctx.mmds.patch(action.data);
        return EMPTY;
      case 'GetBalloonConfig':
        return json(balloon());
      case 'GetBalloonStats':
        return json(await balloonStats());
      case 'UpdateBalloon':
        await setBalloonTarget(action.update.amount_mib);
        return EMPTY;
      case 'UpdateBalloonStatistics':
        await setBalloonInterval(action.update.stats_polling_interval_s);
        return EMPTY;
      case 'GetBalloonHintingStatus':
      case 'StartFreePageHinting':
      case 'StopFreePageHinting':
        balloon();
        throw runtimeErrors.notSupported('free page hinting (QEMU uses it only during migration).');
      case 'UpdateBlockDevice':
        await updateDrive(action.update);
        return EMPTY;
      case 'UpdateNetworkInterface':
        await updateIface(action.update);
        return EMPTY;
      case 'CreateSnapshot':
        if (state !== 'Paused') throw runtimeErrors.mustBePaused();
        await createSnapshot({
          vm,
          resources,
          params: action.params,
          memory: init.memory,
          driveBurstsLeft: bursts.left(),
        });
        return EMPTY;
      case 'GetMemoryHotplugStatus':
      case 'UpdateMemoryHotplugSize':
        throw runtimeErrors.notSupported(
          'memory hotplug (QEMU 7.2 microvm has no device-memory region for virtio-mem).',
        );
      case 'UpdatePmemDevice':
        throw runtimeErrors.notSupported(
          'pmem devices (QEMU 7.2 microvm has no device-memory region for virtio-pmem).',
        );
      case 'ConfigureBootSource':
      case 'ConfigureLogger':
      case 'ConfigureMetrics':
      case 'ConfigureSerial':
      case 'InsertBlockDevice':
      case 'InsertPmemDevice':
      case 'InsertNetworkDevice':
      case 'LoadSnapshot':
      case 'PutCpuConfiguration':
      case 'SetBalloonDevice':
      case 'SetEntropyDevice':
      case 'SetMmdsConfiguration':
      case 'SetVsockDevice':
      case 'SetMemoryHotplugDevice':
      case 'SetVmConfiguration':
      case 'UpdateMachineConfiguration':
      case 'StartMicroVm':
        throw runtimeErrors.notSupportedPostBoot();
      default:
        return assertNever(action);
    }
  }

  async function sendCtrlAltDel(): Promise<void> {
    // Firecracker presses Ctrl+Alt+Del on an emulated i8042. On microvm with ACPI the guest
    // can't route the i8042's legacy IRQ 1 (its probe fails with -EINVAL), so the ACPI power
    // button (microvm's GED) is the key press that reaches it; a guest running acpid powers off.
    await qmp.execute('system_powerdown');
  }

  function balloon(): Balloon {
    if (!resources.balloon) throw runtimeErrors.noBalloon();
    return resources.balloon;
  }

  async function setBalloonTarget(amountMib: number): Promise<void> {
    const b = balloon();
    const mem = resources.machineConfig.mem_size_mib;
    if (amountMib > mem) throw runtimeErrors.balloonTooBig(amountMib, mem);
    await qmp.execute('balloon', { value: (mem - amountMib) * 1024 * 1024 });
    b.amount_mib = amountMib;
  }

  async function setBalloonInterval(seconds: number): Promise<void> {
    const b = balloon();
    if (!b.stats_polling_interval_s || seconds === 0) throw runtimeErrors.balloonStatsStateChange();
    await qmp.execute('qom-set', {
      path: balloonPath,
      property: 'guest-stats-polling-interval',
      value: seconds,
    });
    b.stats_polling_interval_s = seconds;
  }

  async function balloonStats(): Promise<Record<string, number>> {
    const b = balloon();
    if (!b.stats_polling_interval_s) throw runtimeErrors.balloonStatsDisabled();
    const info = await qmp.execute<{ actual: number }>('query-balloon');
    const raw = await qmp.execute<{ stats: Record<string, number> }>('qom-get', {
      path: balloonPath,
      property: 'guest-stats',
    });
    const mem = resources.machineConfig.mem_size_mib;
    const actualMib = mem - Math.round(info.actual / (1024 * 1024));
    const s = raw.stats;
    const out: Record<string, number> = {
      target_pages: b.amount_mib * 256,
      actual_pages: actualMib * 256,
      target_mib: b.amount_mib,
      actual_mib: actualMib,
    };
    const map: Record<string, string> = {
      'stat-swap-in': 'swap_in',
      'stat-swap-out': 'swap_out',
      'stat-major-faults': 'major_faults',
      'stat-minor-faults': 'minor_faults',
      'stat-free-memory': 'free_memory',
      'stat-total-memory': 'total_memory',
      'stat-available-memory': 'available_memory',
      'stat-disk-caches': 'disk_caches',
      'stat-htlb-pgalloc': 'hugetlb_allocations',
      'stat-htlb-pgfail': 'hugetlb_failures',
    };
    for (const [q, f] of Object.entries(map)) {
      const v = s[q];
      if (v !== undefined && v >= 0) out[f] = v;
    }
    return out;
  }

  async function updateDrive(update: PartialDrive): Promise<void> {
    const drive = resources.drives.find((d) => d.drive_id === update.drive_id);
    if (!drive) throw runtimeErrors.driveNotFound(update.drive_id);
    if (update.path_on_host !== undefined && update.path_on_host !== drive.path_on_host) {
      const gen = (driveGenerations.get(drive.drive_id) ?? 0) + 1;
      await swapDriveFile(qmp, drive, update.path_on_host, gen);
      driveGenerations.set(drive.drive_id, gen);
      drive.path_on_host = update.path_on_host;
    }
    if (update.rate_limiter !== undefined) {
      const merged = { ...drive.rate_limiter, ...update.rate_limiter };
      // As in Firecracker, a bucket in the PATCH starts afresh (with its one_time_burst); a bucket
      // left out keeps its state, including what is left of its burst.
      const before = bursts.left()[drive.drive_id];
      const left = {
        bandwidth: update.rate_limiter.bandwidth ? undefined : before?.bandwidth,
        ops: update.rate_limiter.ops ? undefined : before?.ops,
      };
      await qmp.execute('block_set_io_throttle', {
        id: ids.blk(drive.drive_id),
        ...driveThrottle(merged, left),
      });
      drive.rate_limiter = merged;
      await bursts.track(drive, left);
    }
  }

  async function updateIface(update: PartialNetworkInterface): Promise<void> {
    const iface = resources.networkInterfaces.find((n) => n.iface_id === update.iface_id);
    if (!iface) throw runtimeErrors.ifaceNotFound(update.iface_id);
    const rx = update.rx_rate_limiter
      ? { ...iface.rx_rate_limiter, ...update.rx_rate_limiter }
      : iface.rx_rate_limiter;
    const tx = update.tx_rate_limiter
      ? { ...iface.tx_rate_limiter, ...update.tx_rate_limiter }
      : iface.tx_rate_limiter;
    await relays.setLimits(iface.iface_id, rx, tx);
    iface.rx_rate_limiter = rx;
    iface.tx_rate_limiter = tx;
  }

  return {
    handle,
    get state() {
      return state;
    },
    get resources() {
      return resources;
    },
    qemuPid: vm.proc.pid,
    qmp,
    metrics: (): Promise<MetricGroups> => collectMetrics(qmp, resources, relays, init.netns),
    exited,
    async kill() {
      if (!gone) {
        vm.proc.expectExit();
        await qmp.execute('quit').catch(() => {});
        const timer = setTimeout(() => vm.proc.child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
      await exited;
    },
  };
}

const balloonPath = `/machine/peripheral/${ids.balloon}`;

export function fullConfig(r: VmResources): FullVmConfiguration {
  const out: FullVmConfiguration = {
    'machine-config': r.machineConfig,
    drives: r.drives,
    'network-interfaces': r.networkInterfaces,
    pmem: r.pmem,
  };
  if (r.bootSource) out['boot-source'] = r.bootSource;
  if (r.cpuConfig) out['cpu-config'] = r.cpuConfig;
  if (r.balloon) out.balloon = r.balloon;
  if (r.vsock) out.vsock = r.vsock;
  if (r.entropy) out.entropy = r.entropy;
  if (r.mmdsConfig) out['mmds-config'] = r.mmdsConfig;
  if (r.memoryHotplug) out['memory-hotplug'] = r.memoryHotplug;
  if (r.logger) out.logger = r.logger;
  if (r.metrics) out.metrics = r.metrics;
  return out;
}
