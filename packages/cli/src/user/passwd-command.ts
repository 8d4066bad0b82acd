// `nqvm passwd`: change your own password (POST /v1/auth/password). Like `nqvm user create`, the
// passwords come from a hidden prompt or stdin, never from the command line.

import type { CommandContext } from '../api/command.js';
import { leaf } from '../api/command.js';
import { promptHidden, readStdin } from '../api/secret-input.js';

/** Current and new password: two lines on stdin, or asked (the new one twice) on a terminal. */
async function readPasswords(ctx: CommandContext): Promise<{ current: string; next: string }> {
  if (ctx.values['password-stdin'] === true) {
    const [current = '', next = ''] = (await readStdin()).split(/\r?\n/);
    if (!current || !next)
      throw ctx.usage('--password-stdin reads two lines: the current password, then the new one');
    return { current, next };
  }
  if (!process.stdin.isTTY)
    throw ctx.usage('stdin is not a terminal, so pass both passwords on stdin with --password-stdin');
  const current = await promptHidden('Current password: ');
  const next = await promptHidden('New password: ');
  if ((await promptHidden('Again: ')) !== next) throw ctx.usage('the two new passwords differ');
  return { current, next };
}

export const passwdCommand = leaf({
  name: 'passwd',
  summary: 'change your own password (your other login sessions end; this one and API tokens stay)',
  options: {
    'password-stdin': {
      type: 'boolean',
      help: 'read two lines from stdin: the current password, then the new one',
    },
  },
  json: true,
  async run(ctx) {
    const { current, next } = await readPasswords(ctx);
    const result = await ctx.api.auth.changePassword(current, next);
    if (ctx.json) return ctx.printJson(result);
    return ctx.print('password changed; your other login sessions have ended');
  },
});
