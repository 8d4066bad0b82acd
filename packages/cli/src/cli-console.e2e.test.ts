// bin/nqvm on a real pty against the real stack and a real guest: the interactive console, templates, hosts.
import type { Host, Template, Vm } from '@nqvm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson as json, nqvmBin, expectOk as ok, runNqvm } from './cli.test-support.js';
import { type CliStack, startCliStack } from './cli-stack.test-support.js';
import { startPty } from './pty.test-support.js';

let cli: CliStack;
let env: NodeJS.ProcessEnv;
const nqvm = (...args: string[]) => runNqvm(args, env);
/** `bin/nqvm ARGS` on the pty, then its exit status and the terminal's settings before and after. */
const consoleOnPty = (args: string) =>
  `before=$(stty -g); '${process.execPath}' '${nqvmBin}' ${args}; echo "exit=$?"; ` +
  `[ "$(stty -g)" = "$before" ] && echo restored=yes || echo restored=no`;

beforeAll(async () => {
  cli = await startCliStack();
  env = cli.env;
  json<Vm>(await nqvm('vm', 'create', 'term', '--wait', '--timeout', '10m', '--json'));
}, 900_000);
afterAll(async () => {
  await cli?.stop();
});

describe('nqvm vm console on a terminal', () => {
  it('runs raw, types commands, keeps the guest shell at the window size with --stty, leaves on Ctrl-]', {
    timeout: 600_000,
  }, async () => {
    const pty = await startPty(consoleOnPty('vm console term --stty'), env, { rows: 30, cols: 100 });
    try {
      // 1. Attached: the banner; --stty typed the window size into the guest's shell at attach.
      await pty.waitFor(/Connected to term\. Escape character is '\^\]'/);
      await pty.waitFor(/stty rows 30 cols 100/);
      let from = pty.mark();
      pty.type('stty size\r');
      await pty.waitFor(/^30 100\r?$/m, from);

      // 2. Meanwhile the CLI holds the terminal in raw mode: no line editing, no local echo.
      const raw = pty.settings();
      expect(raw).toMatch(/(^|\s)-icanon(\s|$)/m);
      expect(raw).toMatch(/(^|\s)-echo(\s|$)/m);

      // 3. A command typed key by key runs in the guest and its output comes back.
      from = pty.mark();
      pty.type('echo hi-$((6*7))\r');
      await pty.waitFor(/^hi-42\r?$/m, from);

      // 4. The window grows: SIGWINCH → the CLI types the new size → the guest's shell has it.
      from = pty.mark();
      pty.resize(40, 120);
      await pty.waitFor(/stty rows 40 cols 120/, from);
      from = pty.mark();
      pty.type('stty size\r');
      await pty.waitFor(/^40 120\r?$/m, from);

      // 5. Ctrl-] leaves: exit 0, and the terminal is back to the settings it had before.
      pty.type('\x1d');
      await pty.waitFor(/Connection closed\./);
      await pty.waitFor(/^exit=0\r?$/m);
      await pty.waitFor(/^restored=yes\r?$/m);
      expect(await pty.exited).toBe(0);
    } finally {
      pty.kill();
    }
  });

  it('without --stty says how to give the guest the size, and types nothing on a resize', {
    timeout: 300_000,
  }, async () => {
    const pty = await startPty(consoleOnPty('vm console term'), env, { rows: 25, cols: 90 });
    try {
      // 1. The banner names the exact command for this window; typing it is what tells the guest.
      await pty.waitFor(/run 'stty rows 25 cols 90' in the guest, or attach with --stty/);
      let from = pty.mark();
      pty.type('stty rows 25 cols 90; stty size\r');
      await pty.waitFor(/^25 90\r?$/m, from);

      // 2. A resize only goes out as the protocol's resize message, which a serial console drops:
      //    nothing is typed, and the guest's shell keeps the size it had.
      pty.resize(35, 110);
      from = pty.mark();
      pty.type('stty size\r');
      await pty.waitFor(/^25 90\r?$/m, from);
      expect(pty.output()).not.toContain('stty rows 35 cols 110');

      // 3. Ctrl-] in the middle of other keys: what came before it is sent, the rest is not.
      from = pty.mark();
      pty.type('echo before-$((1+1))\r\x1decho after-$((1+2))\r');
      await pty.waitFor(/^exit=0\r?$/m, from);
      await pty.waitFor(/^restored=yes\r?$/m, from);
      expect(await pty.exited).toBe(0);
    } finally {
      pty.kill();
    }
    // 4. The guest's console history (replayed on attach) has the first command and not the second.
    const probe = ok(await runNqvm(['vm', 'console', 'term', '--idle', '3s'], env, 'echo probe-$((3*3))\n'));
    expect(probe.stdout).toContain('probe-9');
    expect(probe.stdout).toMatch(/^before-2\r?$/m);
    expect(probe.stdout).not.toContain('after-');
  });
});

describe('nqvm template and host on the real stack', () => {
  it('makes a template from a running VM and instantiates it into a booted guest', {
    timeout: 1_200_000,
  }, async () => {
    // 1. host get by name, as a table and as JSON.
    const [host] = json<Host[]>(await nqvm('host', 'ls', '--json'));
    expect(host?.status).toBe('online');
    const name = host?.hostname as string;
    expect(json<Host>(await nqvm('host', 'get', name, '--json')).id).toBe(host?.id);
    expect(ok(await nqvm('host', 'get', name)).stdout).toMatch(/online/);

    // 2. A template from the running VM carries its shape and images.
    const vm = json<Vm>(await nqvm('vm', 'get', 'term', '--json'));
    const tpl = json<Template>(await nqvm('template', 'create', 'term-shape', '--from-vm', 'term', '--json'));
    expect(tpl.spec).toMatchObject({ vcpu: vm.vcpu, mem_mib: vm.mem_mib });

    // 3. Instantiate boots a new guest; its piped console answers.
    const copy = json<Vm>(
      await nqvm(
        'template',
        'instantiate',
        'term-shape',
        'term-copy',
        '--wait',
        '--timeout',
        '10m',
        '--json',
      ),
    );
    expect(copy).toMatchObject({ name: 'term-copy', state: 'running', template_id: tpl.id });
    const shell = ok(
      await runNqvm(['vm', 'console', 'term-copy', '--idle', '5s'], env, 'echo copy-$((2+3))\n'),
    );
    expect(shell.stdout).toContain('copy-5');

    // 4. Clean up; the template outlives nothing it made.
    expect(ok(await nqvm('vm', 'rm', 'term-copy', '--yes')).stdout).toBe('deleted term-copy\n');
    expect(ok(await nqvm('template', 'rm', 'term-shape', '--yes')).stdout).toBe(
      'deleted template term-shape\n',
    );
    const gone = await nqvm('template', 'get', 'term-shape');
    expect(gone.status).toBe(3);
    expect(gone.stderr.trim().split('\n')).toHaveLength(1);
  });
});
