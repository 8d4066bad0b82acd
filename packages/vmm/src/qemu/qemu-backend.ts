// The QEMU microvm backend: boots and restores VMs for the pre-boot layer.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { SnapshotLoadParams } from '@nqvm/fc-api';
import { VmmActionError } from '../actions.js';
import type { VmBackend, VmmContext } from '../backend.js';
import { setupNetRelays } from '../net/net-relays.js';
import { createDriveBursts } from '../runtime/drive-bursts.js';
import { createRuntimeController, type QemuRuntimeController } from '../runtime/runtime-controller.js';
import type { MemoryHistory } from '../snapshot/create-snapshot.js';
import { composeLayers, type MemoryLayer, pageFingerprints } from '../snapshot/memory-image.js';
import { ignoreSharedRam, waitIncoming } from '../snapshot/migration.js';
import { readHeader, shellQuote } from '../snapshot/snapshot-file.js';
import type { VmResources } from '../vm-resources.js';
import { type AccelSetting, resolveAccel } from './accel.js';
import { type BurstLeft, driveThrottle, isUnthrottled } from './drive-throttle.js';
import { ids } from './qemu-args.js';
import { launchQemu, type QemuVm, ramFilePath } from './qemu-vm.js';

export interface QemuBackendOptions {
  /** 'auto' proves KVM by booting before choosing it; see NQVM_ACCEL. */
  accel?: AccelSetting;
  qemuBinary?: string;
  /** Run QEMU inside this network namespace (tests make TAPs in their own namespace). */
  netns?: string;
}

export function createQemuBackend(options: QemuBackendOptions = {}): VmBackend & {
  boot(resources: VmResources, ctx: VmmContext): Promise<QemuRuntimeController>;
  loadSnapshot(params: SnapshotLoadParams, ctx: VmmContext): Promise<QemuRuntimeController>;
} {
  const qemuBinary = options.qemuBinary ?? 'qemu-system-x86_64';

  async function accelFor(resources: VmResources, ctx: VmmContext) {
    const choice = await resolveAccel({
      accel: options.accel,
      qemuBinary,
      kernelPath: resources.bootSource?.kernel_image_path,
      log: ctx.log,
    });
    return choice.accel;
  }

  return {
    async boot(resources, ctx) {
      checkSupported(resources, options.netns);
      const accel = await accelFor(resources, ctx);
      const vm = await launchQemu({ resources, ctx, accel, qemuBinary, netns: options.netns });
      return start(vm, resources, {
        resume: true,
        memory: { trackDirtyPages: !!resources.machineConfig.track_dirty_pages },
        netns: options.netns,
      });
    },

    async loadSnapshot(params, ctx) {
      if (params.mem_backend?.backend_type === 'Uffd') {
        throw new VmmActionError(
          'Load snapshot error: the Uffd memory backend is not supported by fc-vmm (QEMU restores guest memory from a File backend only).',
        );
      }
      const memFile = params.mem_backend?.backend_path ?? params.mem_file_path;
      const { header, stateOffset } = readHeader(params.snapshot_path);
      const resources = structuredClone(header.resources);
      for (const o of params.network_overrides ?? []) {
        const nic = resources.networkInterfaces.find((n) => n.iface_id === o.iface_id);
        if (!nic)
          throw new VmmActionError(`Load snapshot error: Invalid network interface ID: ${o.iface_id}`);
        nic.host_dev_name = o.host_dev_name;
      }
      if (params.vsock_override && resources.vsock) resources.vsock.uds_path = params.vsock_override.uds_path;
      checkSupported(resources, options.netns);
      // The header lists the layers as written; a caller may have moved the last (full or diff) file.
      const layers = header.memory.map((l, i) =>
        i === header.memory.length - 1 && memFile ? { ...l, path: memFile } : l,
      );
      const trackDirtyPages = !!(
        params.track_dirty_pages ??
        params.enable_diff_snapshots ??
        resources.machineConfig.track_dirty_pages
      );
      // A Full snapshot's memory file is mapped copy-on-write as it is (share=off: no copy, clones
      // share its page cache), unless the restored VM tracks dirty pages: that VM is meant to be
      // snapshotted again, which is only cheap on shared RAM, so it gets a private copy (share=on)
      // like a Diff chain, which is always composed into one. See README "Snapshots".
      const single = layers.length === 1 && !layers[0]?.ranges && !trackDirtyPages;
      const memPath = single ? (layers[0] as MemoryLayer).path : ramFilePath(ctx);
      if (!single) composeLayers(layers, memPath, header.memSizeBytes);
      // A stream that carries RAM (taken from a private-RAM VM) can only load into private RAM.
      const privateMem = single || !!header.stateHasRam;
      const memory: MemoryHistory = {
        trackDirtyPages,
        layers,
        fingerprints: trackDirtyPages ? pageFingerprints(memPath) : undefined,
      };
      const accel = await accelFor(resources, ctx);
      const vm = await launchQemu({
        resources,
        ctx,
        accel,
        qemuBinary,
        memPath,
        privateMem,
        keepMemFile: single,
        incoming: true,
        plainNics: header.plainNics ?? resources.networkInterfaces.map((n) => n.iface_id),
        netns: options.netns,
      });
      try {
        await ignoreSharedRam(vm.qmp);
        const source = `exec:tail -c +${stateOffset + 1} ${shellQuote(params.snapshot_path)}`;
        await vm.qmp.execute('migrate-incoming', { uri: source });
        await waitIncoming(vm.qmp, params.snapshot_path);
      } catch (err) {
        vm.proc.expectExit();
        vm.proc.child.kill('SIGKILL');
        await vm.exited;
        throw err;
      }
      return start(vm, resources, {
        resume: !!params.resume_vm,
        memory,
        netns: options.netns,
        burstsLeft: header.driveBurstsLeft,
      });
    },
  };
}

/** Applies what the command line can't carry (throttles, balloon, relays), then runs the guest. */
async function start(
  vm: QemuVm,
  resources: VmResources,
  opts: { resume: boolean; memory: MemoryHistory; netns?: string; burstsLeft?: Record<string, BurstLeft> },
): Promise<QemuRuntimeController> {
  const bursts = createDriveBursts(vm.qmp, (err) =>
    vm.ctx.log.warn('could not update a drive throttle after its one-time burst', { error: String(err) }),
  );
  try {
    for (const d of resources.drives) {
      // A restored VM continues with what its snapshot had left of each burst, as Firecracker does.
      const left = opts.burstsLeft?.[d.drive_id];
      const t = driveThrottle(d.rate_limiter, left);
      if (isUnthrottled(t)) continue;
      await vm.qmp.execute('block_set_io_throttle', { id: ids.blk(d.drive_id), ...t });
      await bursts.track(d, left);
    }
    const b = resources.balloon;
    if (b) {
      if (b.stats_polling_interval_s) {
        await vm.qmp.execute('qom-set', {
          path: `/machine/peripheral/${ids.balloon}`,
          property: 'guest-stats-polling-interval',
          value: b.stats_polling_interval_s,
        });
      }
    }
    const relays = await setupNetRelays(vm.qmp, vm.ctx, resources);
    if (opts.resume) await vm.qmp.execute('cont');
    if (b && b.amount_mib > 0) {
      await vm.qmp.execute('balloon', {
        value: (resources.machineConfig.mem_size_mib - b.amount_mib) * 1024 * 1024,
      });
    }
    return createRuntimeController({
      vm,
      resources,
      relays,
      bursts,
      state: opts.resume ? 'Running' : 'Paused',
      memory: opts.memory,
      netns: opts.netns,
    });
  } catch (err) {
    bursts.close();
    vm.proc.expectExit();
    vm.proc.child.kill('SIGKILL');
    await vm.exited;
    throw err;
  }
}

/** Refuses, before QEMU starts, what this host or QEMU microvm cannot provide. */
function checkSupported(resources: VmResources, netns?: string): void {
  if (!resources.bootSource) {
    throw new VmmActionError('Start microvm error: Cannot start microvm without kernel configuration.');
  }
  if (resources.vsock && !existsSync('/dev/vhost-vsock')) {
    throw new VmmActionError(
      'Start microvm error: vsock needs /dev/vhost-vsock (the vhost_vsock kernel module), which this host lacks; QEMU 7.2 has no vsock device without vhost.',
    );
  }
  if (resources.vsock) {
    throw new VmmActionError(
      'Start microvm error: vsock is not supported by fc-vmm yet (no bridge from the host side of vhost-vsock to the uds_path protocol).',
    );
  }
  if (resources.pmem.length > 0) {
    throw new VmmActionError(
      'Start microvm error: pmem devices are not supported by fc-vmm: QEMU 7.2 microvm has no device-memory region, so virtio-pmem is never mapped into the guest (even as virtio-pmem-pci with pcie=on).',
    );
  }
  if (resources.memoryHotplug) {
    throw new VmmActionError(
      'Start microvm error: memory hotplug is not supported by fc-vmm: QEMU 7.2 microvm has no device-memory region, so virtio-mem is never mapped into the guest (even as virtio-mem-pci with pcie=on).',
    );
  }
  for (const nic of resources.networkInterfaces) {
    if (!tapExists(nic.host_dev_name, netns)) {
      throw new VmmActionError(
        `Start microvm error: Open tap device failed: ${nic.host_dev_name} does not exist (create the TAP first, as Firecracker requires).`,
      );
    }
  }
}

function tapExists(name: string, netns?: string): boolean {
  // /proc/net/dev lists the devices of *our* network namespace; /sys/class/net shows the namespace
  // /sys was mounted in, which differs when fc-vmm was moved into a netns with nsenter.
  if (!netns) return netDevices().includes(name);
  try {
    execFileSync('ip', ['-n', netns, 'link', 'show', 'dev', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function netDevices(): string[] {
  try {
    return readFileSync('/proc/net/dev', 'utf8')
      .split('\n')
      .slice(2)
      .map((line) => line.split(':')[0]?.trim() ?? '')
      .filter(Boolean);
  } catch {
    return [];
  }
}
