// CreateSnapshot: device state through QEMU migration, memory copied from the VM's RAM (shared file or QEMU's memory).
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { SnapshotCreateParams } from '@nqvm/fc-api';
import type { BurstLeft } from '../qemu/drive-throttle.js';
import type { QemuVm } from '../qemu/qemu-vm.js';
import { runtimeErrors } from '../runtime/runtime-errors.js';
import type { VmResources } from '../vm-resources.js';
import { type MemoryLayer, pageFingerprints, sparseCopy, writeDiff } from './memory-image.js';
import { ignoreSharedRam, waitMigration } from './migration.js';
import { encodeHeader, SNAPSHOT_VERSION, shellQuote } from './snapshot-file.js';

/** What the VM's RAM equalled at its last snapshot (or load): the base for the next Diff. */
export interface MemoryHistory {
  trackDirtyPages: boolean;
  layers?: MemoryLayer[];
  fingerprints?: Buffer;
}

export interface CreateSnapshotInput {
  vm: QemuVm;
  resources: VmResources;
  params: SnapshotCreateParams;
  memory: MemoryHistory;
  driveBurstsLeft?: Record<string, BurstLeft>;
}

export async function createSnapshot(input: CreateSnapshotInput): Promise<void> {
  const { vm, resources, params, memory } = input;
  const type = params.snapshot_type ?? 'Full';
  if (type === 'Diff' && !memory.trackDirtyPages) throw runtimeErrors.diffWithoutDirtyTracking();
  const started = performance.now();
  const statePath = `${params.snapshot_path}.state-tmp`;
  await ignoreSharedRam(vm.qmp);
  await vm.qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(statePath)}` });
  await waitMigration(vm.qmp, statePath);
  const stateMs = performance.now() - started;

  let layers: MemoryLayer[];
  if (type === 'Diff' && memory.fingerprints && memory.layers) {
    const diff = writeDiff(vm.ram(), params.mem_file_path, memory.fingerprints);
    layers = [...memory.layers, { path: params.mem_file_path, ranges: diff.ranges }];
    memory.fingerprints = diff.fingerprints;
  } else {
    // A Diff with no earlier snapshot holds every page written since boot: a sparse full copy.
    sparseCopy(vm.ram(), params.mem_file_path);
    layers = [{ path: params.mem_file_path }];
    if (memory.trackDirtyPages) memory.fingerprints = pageFingerprints(vm.ram());
  }
  memory.layers = layers;

  await writeFile(
    params.snapshot_path,
    encodeHeader({
      version: SNAPSHOT_VERSION,
      type,
      createdAt: new Date().toISOString(),
      qemuVersion:
        spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '',
      accel: vm.accel,
      resources,
      memory: layers,
      memSizeBytes: resources.machineConfig.mem_size_mib * 1024 * 1024,
      plainNics: [...vm.plainNics],
      driveBurstsLeft: input.driveBurstsLeft,
      ...(vm.privateMem ? { stateHasRam: true } : {}),
    }),
  );
  await pipeline(createReadStream(statePath), createWriteStream(params.snapshot_path, { flags: 'a' }));
  await rm(statePath, { force: true });
  vm.ctx.log.info('snapshot created', {
    type,
    stateMs: Math.round(stateMs),
    totalMs: Math.round(performance.now() - started),
  });
}
