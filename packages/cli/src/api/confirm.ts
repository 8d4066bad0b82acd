// Asks before destroying things: y/N on a terminal; without one, only --yes may go ahead.
import { createInterface } from 'node:readline/promises';
import type { CommandContext } from './command.js';

export const YES_OPTION = { type: 'boolean', short: 'y', help: 'do not ask for confirmation' } as const;

/** Resolves true to go ahead; a script without --yes gets a usage error, never a silent delete. */
export async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  if (ctx.values.yes === true) return true;
  if (!process.stdin.isTTY)
    throw ctx.usage(`${question.replace(/\?$/, '')}: stdin is not a terminal, so pass --yes to confirm`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
