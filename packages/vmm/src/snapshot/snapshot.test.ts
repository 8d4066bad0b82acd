// Snapshots of real TCG guests: Full restored into new backends (twice, as clones) and Diff chains.
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
