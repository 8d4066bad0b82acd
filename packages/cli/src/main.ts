// nqvm's entry point: dispatches to a command, prints usage, maps failures to exit codes.
import { CodedError } from '@nqvm/core';
import { commands } from './commands.js';

export const NQVM_VERSION = '0.1.0';

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `nqvm ${NQVM_VERSION} — microVM control plane\n\nUsage: nqvm <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'nqvm <command> --help' for a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${NQVM_VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`nqvm: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CodedError) {
      process.stderr.write(`nqvm: ${err.message}${err.suggestion ? `\n  fix: ${err.suggestion}` : ''}\n`);
      return 1;
    }
    throw err;
  }
}
