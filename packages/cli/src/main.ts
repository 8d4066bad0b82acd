// nqvm's entry point: dispatches to a command, prints usage, maps failures to exit codes.
import { commands } from './commands.js';

export const NQVM_VERSION = '0.1.0';

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `nqvm ${NQVM_VERSION} — microVM control plane\n\nUsage: nqvm <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'nqvm <command> --help' for a command's options. Add --debug for stack traces.\nConnection: NQVM_URL (default http://127.0.0.1:18080), NQVM_TOKEN, or 'nqvm login'.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug') || process.env.NQVM_DEBUG === '1';
  const [name, ...rest] = argv.filter((a) => a !== '--debug');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${NQVM_VERSION}\n`);
    return 0;
  }
  if (name === '__complete') return complete(rest);
  const command = commands[name];
  if (!command) {
    process.stderr.write(`nqvm: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  // Tree commands print their own, per-subcommand help.
  if (!command.node && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest, debug);
  } catch (err) {
    const { reportError } = await import('./api/report-error.js');
    const code = reportError(err, { debug });
    // up, doctor, images, manager and agent have always exited 1 on a failure.
    return command.node ? code : 1;
  }
}

/** Hidden: what the completion scripts call with the words typed so far. */
async function complete(words: string[]): Promise<number> {
  const { completeWords } = await import('./completion/complete-words.js');
  const out = await completeWords(
    {
      names: Object.keys(commands),
      node: async (name) => commands[name]?.node?.(),
    },
    words,
  );
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
