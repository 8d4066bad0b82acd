// `nqvm vm console VM`: attach this terminal (or a pipe) to the VM's serial console.

import { cliErrors } from '../api/cli-errors.js';
import { leaf } from '../api/command.js';
import { resolveVm } from '../api/resolve.js';
import { parseDuration } from '../api/units.js';
import { runConsole } from './console-session.js';

export const vmConsole = leaf({
  name: 'console',
  summary: 'interactive serial console (leave with Ctrl-]); piped input is sent and the output printed',
  args: ['VM'],
  completes: ['vm'],
  options: {
    idle: {
      type: 'string',
      value: 'DURATION',
      help: 'with piped input: leave once the input has ended and nothing arrived for this long (default 2s)',
    },
    stty: {
      type: 'boolean',
      help: "on a terminal: type 'stty rows R cols C' into the guest at attach and after each resize (only at a shell prompt)",
    },
  },
  async run(ctx) {
    const vm = await resolveVm(ctx.api, ctx.positionals[0] as string);
    if (!['running', 'paused'].includes(vm.state))
      throw cliErrors.VM_NOT_RUNNING({ vm: vm.name, state: vm.state });
    const idleText = typeof ctx.values.idle === 'string' ? ctx.values.idle : '2s';
    const idleMs = parseDuration(idleText);
    if (idleMs === undefined) throw ctx.usage(`--idle '${idleText}' is not a duration (e.g. 2s, 500ms)`);
    const root = ctx.conn.url.replace(/\/+$/, '').replace(/\/v1$/, '');
    return runConsole({
      url: `${root.replace(/^http/, 'ws')}/v1/vms/${encodeURIComponent(vm.id)}/shell/ws`,
      token: ctx.conn.token,
      vmName: vm.name,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      idleMs,
      syncSize: ctx.values.stty === true,
    });
  },
});
