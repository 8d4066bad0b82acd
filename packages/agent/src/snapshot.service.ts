// Snapshots with their disks, and restore of a snapshot as a new VM in a fresh VMM.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AgentRestoreRequest, AgentSnapshotRequest } from '@nqvm/core';
import type { AgentContext } from './agent-context.js';
import { agentErrors } from './agent-errors.js';
import { allocatedBytes, copyDisk, linkOrCopy } from './disk-files.js';
import { writeJsonFile } from './json-file.js';
import type { VmService } from './vm.service.js';
import { allocateNic } from './vm-files.js';
import type { SnapshotRecord, VmRecord } from './vm-types.js';
import { instanceMetadata } from './vmm-driver.js';

export type SnapshotService = ReturnType<typeof createSnapshotService>;

export function createSnapshotService(ctx: AgentContext, vms: VmService) {
  function describe(vmId: string, snap: SnapshotRecord) {
    const files = ctx.paths.vm(vmId).snapshot(snap.snapshot_id);
    return {
      snapshot_id: snap.snapshot_id,
      snapshot_type: snap.snapshot_type,
      ...(snap.parent_id ? { parent_id: snap.parent_id } : {}),
      created_at: snap.created_at,
      dir: files.dir,
      size_bytes: snap.size_bytes,
      mem_file: files.mem,
      state_file: files.state,
      disks: snap.disks.map((d) => ({ drive_id: d.drive_id, path: join(files.dir, d.path) })),
    };
  }

  function findSnapshot(record: VmRecord, snapshotId: string): SnapshotRecord {
    const snap = record.snapshots.find((s) => s.snapshot_id === snapshotId);
    if (!snap) throw agentErrors.SNAPSHOT_NOT_FOUND({ id: record.id, snapshot_id: snapshotId });
    return snap;
  }

  return {
    /** Pause → VMM snapshot → copy disks → resume: memory and disks are from the same instant. */
    create: (id: string, req: AgentSnapshotRequest) =>
      vms.withVm(id, async (record) => {
        vms.requireState(record, 'snapshot', ['running', 'paused']);
        if (record.snapshots.some((s) => s.snapshot_id === req.snapshot_id)) {
          throw agentErrors.SNAPSHOT_EXISTS({ id, snapshot_id: req.snapshot_id });
        }
        if (req.parent_id) findSnapshot(record, req.parent_id);
        const client = vms.runner.client(id, record.state, 'snapshot');
        const files = ctx.paths.vm(id).snapshot(req.snapshot_id);
        const vmDir = ctx.paths.vm(id).dir;
        await mkdir(files.disksDir, { recursive: true });
        const wasRunning = record.state === 'running';
        try {
          if (wasRunning) await client.patchVm('Paused');
          await client.createSnapshot({
            snapshot_type: req.snapshot_type,
            snapshot_path: files.state,
            mem_file_path: files.mem,
          });
          const disks: SnapshotRecord['disks'] = [];
          for (const drive of record.drives) {
            const rel = join('disks', basename(drive.path));
            await copyDisk(join(vmDir, drive.path), join(files.dir, rel));
            disks.push({ drive_id: drive.drive_id, path: rel });
          }
          let size = (await allocatedBytes(files.state)) + (await allocatedBytes(files.mem));
          for (const d of disks) size += await allocatedBytes(join(files.dir, d.path));
          const snap: SnapshotRecord = {
            snapshot_id: req.snapshot_id,
            snapshot_type: req.snapshot_type,
            ...(req.parent_id ? { parent_id: req.parent_id } : {}),
            created_at: new Date().toISOString(),
            size_bytes: size,
            drives: record.spec.drives ?? [],
            disks,
          };
          await writeJsonFile(files.meta, { ...snap, vm_spec: record.spec, nics: record.nics });
          record.snapshots.push(snap);
          await vms.save(record);
          return { item: describe(id, snap) };
        } catch (err) {
          await rm(files.dir, { recursive: true, force: true });
          throw err;
        } finally {
          if (wasRunning) await client.patchVm('Resumed');
        }
      }),

    remove: (id: string, snapshotId: string) =>
      vms.withVm(id, async (record) => {
        findSnapshot(record, snapshotId);
        await rm(ctx.paths.vm(id).snapshot(snapshotId).dir, { recursive: true, force: true });
        record.snapshots = record.snapshots.filter((s) => s.snapshot_id !== snapshotId);
        await vms.save(record);
        return { ok: true as const };
      }),

    /**
     * A new VM from a snapshot: its own copies of the disks and of the VM state and memory
     * (the source may delete the snapshot later), new TAPs through network_overrides, and a
     * fresh VMM that loads it. Disk paths in the snapshot are relative to the VMM's cwd, so the
     * clone opens its own copies.
     */
    restore: (newId: string, req: AgentRestoreRequest) =>
      vms.locks.run(newId, async () => {
        const existing = await ctx.store.load(newId);
        if (existing && !existing.deleting) throw agentErrors.VM_EXISTS({ id: newId });
        const source = await vms.load(req.source_vm_id);
        const snap = findSnapshot(source, req.snapshot_id);
        const from = ctx.paths.vm(source.id).snapshot(snap.snapshot_id);
        const to = ctx.paths.vm(newId);
        if (existing) await ctx.store.removeDir(newId);
        const record: VmRecord = {
          id: newId,
          spec: { ...req.spec, drives: snap.drives, start: true },
          state: 'stopped',
          nics: [],
          drives: [],
          snapshots: [],
        };
        const restoreDir = join(to.dir, 'restore');
        try {
          await ctx.store.ensureDir(newId);
          await mkdir(to.disksDir, { recursive: true });
          await mkdir(restoreDir, { recursive: true });
          for (const disk of snap.disks) {
            const alloc = source.drives.find((d) => d.drive_id === disk.drive_id);
            if (!alloc) continue;
            await copyDisk(join(from.dir, disk.path), join(to.dir, alloc.path));
            record.drives.push({ ...alloc });
          }
          await copyFile(from.state, join(restoreDir, 'vmstate'));
          await linkOrCopy(from.mem, join(restoreDir, 'memory'));
          // The snapshot's devices fix the iface ids; the clone gets its own TAP/MAC/IP for each.
          for (const nic of source.nics) {
            const spec = req.spec.nics?.find((n) => n.iface_id === nic.iface_id) ?? {
              iface_id: nic.iface_id,
            };
            record.nics.push(await allocateNic(ctx, newId, spec));
          }
          record.spec.nics = record.nics.map((n) => ({
            ...(req.spec.nics?.find((x) => x.iface_id === n.iface_id) ?? {}),
            iface_id: n.iface_id,
          }));
          await vms.save(record);
        } catch (err) {
          await ctx.store.removeDir(newId);
          await ctx.leases.release(newId);
          throw err;
        }
        await vms.boot(record, async (client) => {
          await client.loadSnapshot({
            snapshot_path: join(restoreDir, 'vmstate'),
            mem_backend: { backend_type: 'File', backend_path: join(restoreDir, 'memory') },
            resume_vm: false,
            network_overrides: record.nics.map((n) => ({ iface_id: n.iface_id, host_dev_name: n.tap })),
          });
          // The guest's memory holds the source's identity; with a new generation in MMDS before
          // it runs, its first poll after resuming takes the clone's own (guest-image README).
          await client.putMmds(instanceMetadata(record, ctx.subnet));
          await client.patchVm('Resumed');
        });
        return { item: vms.view(record) };
      }),
  };
}
