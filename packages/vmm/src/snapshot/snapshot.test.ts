// Snapshots of real TCG guests: Full restored into new backends (twice, as clones) and Diff chains.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeController } from '../backend.js';
import {
  GUEST_READY_LINE,
  type GuestCtx,
  guestContext,
  guestResources,
} from '../qemu/guest-harness.test-support.js';
import { createQemuBackend } from '../qemu/qemu-backend.js';
import { readHeader } from './snapshot-file.js';

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');
const qemuRamArg = (pid: number) =>
  readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    .split('\0')
    .find((a) => a.startsWith('memory-backend-file'));

describe('snapshots', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });
  async function ctx(name: string): Promise<GuestCtx> {
    const g = await guestContext(name);
    cleanups.push(() => g.cleanup());
    return g;
  }
  const track = (vm: RuntimeController) => {
    cleanups.push(() => vm.kill());
    return vm;
  };

  it('restores a Full snapshot into two new backends that keep the shell state', async () => {
    const src = await ctx('full-src');
    // 1. Boot, set shell state the clones must still have.
    const vm = track(await createQemuBackend({ accel: 'tcg' }).boot(await guestResources(src.dir), src.ctx));
    await src.console.waitFor(GUEST_READY_LINE);
    await src.console.check('MARK=before-snapshot-42');
    // 2. Pause and snapshot.
    await vm.handle({ kind: 'Pause' });
    const snap = { snapshot_path: join(src.dir, 'vm.snap'), mem_file_path: join(src.dir, 'vm.mem') };
    const t0 = Date.now();
    await vm.handle({ kind: 'CreateSnapshot', params: snap });
    src.ctx.log.info('snapshot', { ms: Date.now() - t0 });
    await vm.kill();
    // 3. Two clones from the same files, each in a fresh backend.
    for (const name of ['clone-a', 'clone-b']) {
      const c = await ctx(name);
      const t1 = Date.now();
      const clone = track(
        await createQemuBackend({ accel: 'tcg' }).loadSnapshot({ ...snap, resume_vm: true }, c.ctx),
      );
      c.ctx.log.info('restore', { ms: Date.now() - t1 });
      expect(clone.state).toBe('Running');
      expect(await c.console.check('echo $MARK')).toBe('before-snapshot-42');
      await c.console.check(`MARK=${name}`);
      expect(await c.console.check('echo $MARK')).toBe(name);
    }
  });

  it('restores a Diff snapshot layered on the Full one before it', async () => {
    const src = await ctx('diff-src');
    const r = await guestResources(src.dir);
    r.machineConfig.track_dirty_pages = true;
    const vm = track(await createQemuBackend({ accel: 'tcg' }).boot(r, src.ctx));
    await src.console.waitFor(GUEST_READY_LINE);
    await src.console.check('A=full-state');
    // 1. Full snapshot, then change state and take a Diff.
    await vm.handle({ kind: 'Pause' });
    const full = { snapshot_path: join(src.dir, 'full.snap'), mem_file_path: join(src.dir, 'full.mem') };
    await vm.handle({ kind: 'CreateSnapshot', params: full });
    await vm.handle({ kind: 'Resume' });
    await src.console.check('B=diff-state');
    await vm.handle({ kind: 'Pause' });
    const diff = { snapshot_path: join(src.dir, 'diff.snap'), mem_file_path: join(src.dir, 'diff.mem') };
    await vm.handle({ kind: 'CreateSnapshot', params: { ...diff, snapshot_type: 'Diff' } });
    await vm.kill();
    // 2. The Diff restores with both the Full state and the later change.
    const c = await ctx('diff-load');
    const clone = track(await createQemuBackend({ accel: 'tcg' }).loadSnapshot(diff, c.ctx));
    expect(clone.state).toBe('Paused');
    await clone.handle({ kind: 'Resume' });
    expect(await c.console.check('echo $A-$B')).toBe('full-state-diff-state');
  });

  it('maps a Full snapshot copy-on-write: the file stays as written, clones stay apart, a clone snapshots again', async () => {
    const src = await ctx('cow-src');
    const vm = track(await createQemuBackend({ accel: 'tcg' }).boot(await guestResources(src.dir), src.ctx));
    await src.console.waitFor(GUEST_READY_LINE);
    await src.console.check('MARK=template');
    await vm.handle({ kind: 'Pause' });
    const snap = { snapshot_path: join(src.dir, 'vm.snap'), mem_file_path: join(src.dir, 'vm.mem') };
    await vm.handle({ kind: 'CreateSnapshot', params: snap });
    await vm.kill();
    const memBefore = md5(snap.mem_file_path);

    // 1. Two clones map the same memory file privately (share=off), and write plenty of RAM.
    const a = await ctx('cow-a');
    const cloneA = track(
      await createQemuBackend({ accel: 'tcg' }).loadSnapshot({ ...snap, resume_vm: true }, a.ctx),
    );
    expect(qemuRamArg(cloneA.qemuPid)).toContain(`mem-path=${snap.mem_file_path},share=off`);
    const b = await ctx('cow-b');
    const cloneB = track(
      await createQemuBackend({ accel: 'tcg' }).loadSnapshot({ ...snap, resume_vm: true }, b.ctx),
    );
    expect(qemuRamArg(cloneB.qemuPid)).toContain('share=off');
    await a.console.check('MARK=clone-a; dd if=/dev/urandom of=/dev/shm/fill bs=1M count=16 2>/dev/null');
    // 2. Clone B does not see clone A's writes, and the memory file is byte for byte unchanged.
    expect(await b.console.check('echo $MARK')).toBe('template');
    expect(md5(snap.mem_file_path)).toBe(memBefore);

    // 3. Clone A snapshots again: its RAM is private, so the stream carries it (x-ignore-shared
    //    skips only shared RAM); the snapshot restores with clone A's state.
    await cloneA.handle({ kind: 'Pause' });
    const again = { snapshot_path: join(a.dir, 'a.snap'), mem_file_path: join(a.dir, 'a.mem') };
    await cloneA.handle({ kind: 'CreateSnapshot', params: again });
    expect(readHeader(again.snapshot_path).header.stateHasRam).toBe(true);
    await cloneA.kill();
    const c = await ctx('cow-c');
    track(await createQemuBackend({ accel: 'tcg' }).loadSnapshot({ ...again, resume_vm: true }, c.ctx));
    expect(await c.console.check('echo $MARK; ls /dev/shm')).toBe('clone-a\nfill');
    expect(md5(snap.mem_file_path)).toBe(memBefore);

    // 4. A restore that tracks dirty pages (it will snapshot again) gets a shared private copy,
    //    and its snapshots hold device state only.
    const d = await ctx('cow-d');
    const tracked = track(
      await createQemuBackend({ accel: 'tcg' }).loadSnapshot({ ...snap, track_dirty_pages: true }, d.ctx),
    );
    expect(qemuRamArg(tracked.qemuPid)).toContain('share=on');
    const third = { snapshot_path: join(d.dir, 'd.snap'), mem_file_path: join(d.dir, 'd.mem') };
    await tracked.handle({ kind: 'CreateSnapshot', params: third });
    expect(readHeader(third.snapshot_path).header.stateHasRam).toBeUndefined();
  });

  it('refuses Diff snapshots without dirty page tracking, like Firecracker', async () => {
    const src = await ctx('diff-refused');
    const vm = track(await createQemuBackend({ accel: 'tcg' }).boot(await guestResources(src.dir), src.ctx));
    await src.console.waitFor(GUEST_READY_LINE);
    await vm.handle({ kind: 'Pause' });
    await expect(
      vm.handle({
        kind: 'CreateSnapshot',
        params: {
          snapshot_path: join(src.dir, 's'),
          mem_file_path: join(src.dir, 'm'),
          snapshot_type: 'Diff',
        },
      }),
    ).rejects.toThrow('dirty page tracking disabled');
  });
});
