// Secrets (tokens, passwords) come from a hidden prompt or piped stdin, never from argv.
import type { CommandContext } from './command.js';

/** Reads a secret from the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    let text = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          process.stderr.write('\n');
          resolve(text);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') text = text.slice(0, -1);
        else text += ch;
      }
    };
    input.on('data', onData);
  });
}

/** All of piped stdin, without the trailing newline `echo` adds. */
export async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

export const PASSWORD_STDIN_OPTION = {
  type: 'boolean',
  help: 'read the password from stdin (e.g. from a password manager); never pass it as an argument',
} as const;

/** The password from stdin with --password-stdin, else asked twice (hidden) on a terminal. */
export async function readNewPassword(ctx: CommandContext, who: string): Promise<string> {
  if (ctx.values['password-stdin'] === true) {
    const password = await readStdin();
    if (!password) throw ctx.usage('--password-stdin read an empty password');
    return password;
  }
  if (!process.stdin.isTTY)
    throw ctx.usage('stdin is not a terminal, so pass the password on stdin with --password-stdin');
  const password = await promptHidden(`Password for ${who}: `);
  if ((await promptHidden('Again: ')) !== password) throw ctx.usage('the two passwords differ');
  return password;
}
