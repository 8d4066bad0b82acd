// bin/nqvm against the real stack (manager + agent in a test netns, a real guest): VM commands end to end.
import type { Drive, Host, Nic, Snapshot, Vm } from '@nqvm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson as json, expectOk as ok, runNqvm } from './cli.test-support.js';
import { type CliStack, startCliStack } from './cli-stack.test-support.js';

let cli: CliStack;
const nqvm = (...args: string[]) => runNqvm(args, cli.env);
const nqvmIn = (input: string, ...args: string[]) => runNqvm(args, cli.env, input);

beforeAll(async () => {
  cli = await startCliStack();
}, 300_000);
afterAll(async () => {
  await cli?.stop();
});

describe('nqvm vm on a real guest', () => {
  it('creates, consoles, configures, snapshots, restores, stops and deletes a VM', {
    timeout: 1_200_000,
  }, async () => {
    // 1. The host the stack started is online.
    const hosts = json<Host[]>(await nqvm('host', 'ls', '--json'));
    expect(hosts.map((h) => h.status)).toEqual(['online']);

    // 2. Create with the default images; --wait returns once the guest's shell is up.
    const created = json<Vm>(await nqvm('vm', 'create', 'demo', '--wait', '--timeout', '10m', '--json'));
    expect(created).toMatchObject({ name: 'demo', state: 'running' });
    expect(json<Vm[]>(await nqvm('vm', 'ls', '--json')).map((v) => v.name)).toEqual(['demo']);
    expect(ok(await nqvm('vm', 'ls')).stdout).toMatch(/^demo\s+[0-9a-f]{8}\s+running\s+1\s+256 MiB/m);
    expect(ok(await nqvm('vm', 'get', created.id.slice(0, 8))).stdout).toMatch(/^name:\s+demo$/m);

    // 3. Piped console: the command runs in the guest and the CLI leaves once output goes quiet.
    const shell = ok(await nqvmIn('echo hi-$((40+2))\n', 'vm', 'console', 'demo', '--idle', '5s'));
    expect(shell.stdout).toContain('hi-42');

    // 4. NICs and drives, rate limits in human units.
    expect(json<Nic[]>(await nqvm('vm', 'nics', 'ls', 'demo', '--json')).map((n) => n.iface_id)).toEqual([
      'eth0',
    ]);
    const nic = json<Nic>(await nqvm('vm', 'nics', 'set', 'demo', 'eth0', '--rx', '10Mbps', '--json'));
    expect(nic.rx_rate_limiter).toEqual({ bandwidth: { size: 125_000, refill_time: 100 } });
    expect(ok(await nqvm('vm', 'nics', 'ls', 'demo')).stdout).toMatch(/^eth0\s.*10Mbps\s+-$/m);
    json<Drive>(await nqvm('vm', 'drives', 'add', 'demo', 'scratch', '--size', '16M', '--json'));
    expect(
      json<Drive[]>(await nqvm('vm', 'drives', 'ls', 'demo', '--json'))
        .map((d) => d.drive_id)
        .sort(),
    ).toEqual(['rootfs', 'scratch']);
    const rootRm = await nqvm('vm', 'drives', 'rm', 'demo', 'rootfs', '--yes');
    expect(rootRm.status).toBe(4);
    expect(rootRm.stderr).toContain('Cannot delete root device');

    // 5. Pause and resume; a start of a running VM is a wrong-state error (exit 4).
    expect(ok(await nqvm('vm', 'pause', 'demo', '--wait')).stdout).toBe('demo: paused\n');
    expect(ok(await nqvm('vm', 'resume', 'demo', '--wait')).stdout).toBe('demo: running\n');
    const again = await nqvm('vm', 'start', 'demo');
    expect(again.status).toBe(4);
    expect(again.stderr).toMatch(/^nqvm: Cannot perform action .* — VM already running\n$/);
    json<unknown[]>(await nqvm('vm', 'metrics', 'demo', '--json'));

    // 6. Snapshot, restore into a new VM, and clean both up.
    const snap = json<Snapshot>(await nqvm('snapshot', 'create', 'demo', '--name', 'snap-one', '--json'));
    expect(snap).toMatchObject({ name: 'snap-one', state: 'completed', snapshot_type: 'Full' });
    expect(json<Snapshot[]>(await nqvm('snapshot', 'ls', 'demo', '--json')).map((s) => s.name)).toEqual([
      'snap-one',
    ]);
    expect(json<Snapshot>(await nqvm('snapshot', 'get', 'demo/snap-one', '--json')).id).toBe(snap.id);
    const clone = json<Vm>(
      await nqvm('snapshot', 'restore', 'snap-one', '--name', 'demo-two', '--wait', '--json'),
    );
    expect(clone).toMatchObject({ name: 'demo-two', source_snapshot_id: snap.id });
    expect(['running', 'paused']).toContain(clone.state);
    expect(ok(await nqvm('vm', 'rm', 'demo-two', '--yes')).stdout).toBe('deleted demo-two\n');
    expect(ok(await nqvm('snapshot', 'rm', 'snap-one', '--yes')).stdout).toBe('deleted snapshot snap-one\n');

    // 7. Stop; a stopped VM has no console (exit 4); delete; then it is not found (exit 3).
    expect(ok(await nqvm('vm', 'stop', 'demo', '--wait')).stdout).toBe('demo: stopped\n');
    const noConsole = await nqvmIn('', 'vm', 'console', 'demo');
    expect(noConsole.status).toBe(4);
    expect(noConsole.stderr).toContain('VM demo is stopped, so it has no console');
    expect((await nqvm('vm', 'rm', 'demo')).status).toBe(2);
    expect(ok(await nqvm('vm', 'rm', 'demo', '--yes')).stdout).toBe('deleted demo\n');
    const gone = await nqvm('vm', 'get', 'demo');
    expect(gone.status).toBe(3);
    expect(gone.stderr).toContain("No VM named 'demo'");
    expect((await nqvm('vm', 'get', '00000000-0000-4000-8000-000000000000')).status).toBe(3);
  });
});
