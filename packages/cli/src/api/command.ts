// The command tree: groups of subcommands, each with its options, help text and handler.
import { parseArgs } from 'node:util';
import type { ManagerClient } from '@nqvm/client';
import { cliErrors, usageError } from './cli-errors.js';
import { type Colors, colorsFor } from './colors.js';
import { type Connection, connect } from './connection.js';
import { EXIT } from './exit-codes.js';
import { reportError } from './report-error.js';

/** What a positional or option value names, so shell completion can offer real names. */
export type Completes = 'vm' | 'image' | 'template' | 'snapshot' | 'host' | 'file' | 'kind' | 'role' | 'user';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder in help, e.g. `N`, `SIZE`. */
  value?: string;
  help: string;
  completes?: Completes;
}

export interface Leaf {
  kind: 'leaf';
  name: string;
  summary: string;
  /** Positionals as shown in usage: `VM`, `[VM]`, `NAME`. Bracketed ones are optional. */
  args?: string[];
  completes?: Completes[];
  options?: Record<string, OptionSpec>;
  /** Adds `--json` (machine output) to the options. */
  json?: boolean;
  /** Commands that need no manager (completion) skip the connection. */
  offline?: boolean;
  // biome-ignore lint/suspicious/noConfusingVoidType: handlers may end with `return ctx.print(...)`
  run(ctx: CommandContext): Promise<number | undefined | void>;
}

export interface Group {
  kind: 'group';
  name: string;
  summary: string;
  children: Node[];
}

export type Node = Leaf | Group;

export interface CommandContext {
  /** e.g. `nqvm vm create`, for messages. */
  path: string;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  conn: Connection;
  api: ManagerClient;
  out: Colors;
  print(text: string): void;
  printJson(value: unknown): void;
  usage(message: string): Error;
}

export const leaf = (spec: Omit<Leaf, 'kind'>): Leaf => ({ kind: 'leaf', ...spec });
export const group = (spec: Omit<Group, 'kind'>): Group => ({ kind: 'group', ...spec });

const JSON_OPTION: OptionSpec = {
  type: 'boolean',
  help: 'print JSON (stable, for scripts) instead of a table',
};

export function optionsOf(node: Leaf): Record<string, OptionSpec> {
  return { ...(node.options ?? {}), ...(node.json ? { json: JSON_OPTION } : {}) };
}

export function leafUsage(node: Leaf, path: string): string {
  const opts = Object.entries(optionsOf(node));
  const width = Math.max(0, ...opts.map(([n, o]) => flag(n, o).length));
  const lines = opts.map(([n, o]) => `  ${flag(n, o).padEnd(width)}  ${o.help}`);
  return `Usage: ${path}${node.args?.length ? ` ${node.args.join(' ')}` : ''}${opts.length ? ' [options]' : ''}\n\n${node.summary}\n${lines.length ? `\nOptions:\n${lines.join('\n')}\n` : ''}`;
}

const flag = (name: string, o: OptionSpec) =>
  `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;

export function groupUsage(node: Group, path: string): string {
  const width = Math.max(...node.children.map((c) => c.name.length));
  const lines = node.children.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: ${path} <command> [options]\n\n${node.summary}\n\nCommands:\n${lines.join('\n')}\n\nRun '${path} <command> --help' for a command's options.\n`;
}

const isHelp = (a: string | undefined) => a === '--help' || a === '-h' || a === 'help';

/** Runs a group or leaf with argv; returns the exit code. Errors become one line (see report-error). */
export async function runNode(node: Node, argv: string[], path: string, debug = false): Promise<number> {
  if (node.kind === 'group') {
    const [name, ...rest] = argv;
    if (isHelp(name)) {
      process.stdout.write(groupUsage(node, path));
      return EXIT.OK;
    }
    if (!name) {
      process.stderr.write(groupUsage(node, path));
      return EXIT.USAGE;
    }
    const child = node.children.find((c) => c.name === name);
    if (!child) {
      process.stderr.write(`nqvm: unknown command '${path} ${name}'\n\n${groupUsage(node, path)}`);
      return EXIT.USAGE;
    }
    return runNode(child, rest, `${path} ${name}`, debug);
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(leafUsage(node, path));
    return EXIT.OK;
  }
  let conn: Connection | undefined;
  try {
    const ctx = buildContext(node, argv, path);
    conn = ctx.conn;
    const code = await node.run(ctx);
    return typeof code === 'number' ? code : EXIT.OK;
  } catch (err) {
    return reportError(err, { debug, ...(conn ? { url: conn.url } : {}) });
  }
}

function buildContext(node: Leaf, argv: string[], path: string): CommandContext {
  const help = `${path} --help`;
  const specs = optionsOf(node);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(specs).map(([n, o]) => [n, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
      ),
    });
  } catch (err) {
    // node's wording suggests `--` tricks; the plain fact reads better.
    const message = (err as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    throw usageError(
      unknown ? `unknown option '${unknown[1]}'` : (message.split('\n')[0] ?? 'bad arguments'),
      help,
    );
  }
  const declared = node.args ?? [];
  const required = declared.filter((a) => !a.startsWith('[')).length;
  const variadic = declared.some((a) => a.endsWith('...') || a.endsWith('...]'));
  if (parsed.positionals.length < required)
    throw usageError(`missing ${declared.slice(parsed.positionals.length).join(' ')}`, help);
  if (!variadic && parsed.positionals.length > declared.length)
    throw usageError(`unexpected argument '${parsed.positionals[declared.length]}'`, help);
  const { conn, api } = connect();
  const out = colorsFor(process.stdout);
  return {
    path,
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
    json: parsed.values.json === true,
    conn,
    api,
    out,
    print: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    printJson: (value) => {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    usage: (message) => usageError(message, help),
  };
}

export { cliErrors };
