// Firecracker's command line: the same flags, defaults and error wording (utils::arg_parser).
import { FIRECRACKER_VERSION } from '../firecracker-version.js';

export const DEFAULT_API_SOCK = '/run/firecracker.socket';
export const DEFAULT_INSTANCE_ID = 'anonymous-instance';

interface FlagSpec {
  takesValue: boolean;
  help: string;
  default?: string;
  requires?: string;
}

/** In `--help` order. Flags that only make sense for real Firecracker are accepted and ignored. */
export const FLAGS: Record<string, FlagSpec> = {
  'api-sock': {
    takesValue: true,
    default: DEFAULT_API_SOCK,
    help: 'Path to unix domain socket used by the API.',
  },
  id: { takesValue: true, default: DEFAULT_INSTANCE_ID, help: 'MicroVM unique identifier.' },
  'config-file': {
    takesValue: true,
    help: 'Path to a file that contains the microVM configuration in JSON format.',
  },
  metadata: {
    takesValue: true,
    help: 'Path to a file that contains metadata in JSON format to add to the mmds.',
  },
  'no-api': {
    takesValue: false,
    requires: 'config-file',
    help: 'Optional parameter which allows starting and using a microVM without an active API socket.',
  },
  'log-path': {
    takesValue: true,
    help: 'Path to a fifo or a file used for configuring the logger on startup.',
  },
  level: { takesValue: true, help: 'Set the logger level.' },
  module: { takesValue: true, help: 'Set the logger module filter.' },
  'show-level': { takesValue: false, help: 'Whether or not to output the level in the logs.' },
  'show-log-origin': {
    takesValue: false,
    help: "Whether or not to include the file path and line number of the log's origin.",
  },
  'metrics-path': {
    takesValue: true,
    help: 'Path to a fifo or a file used for configuring the metrics on startup.',
  },
  'boot-timer': {
    takesValue: false,
    help: 'Whether or not to load boot timer device for logging elapsed time since InstanceStart command.',
  },
  'http-api-max-payload-size': {
    takesValue: true,
    default: '51200',
    help: 'Http API request payload max size, in bytes.',
  },
  'mmds-size-limit': { takesValue: true, help: 'Mmds data store limit, in bytes.' },
  version: { takesValue: false, help: 'Print the binary version number.' },
  'seccomp-filter': {
    takesValue: true,
    help: 'Accepted for compatibility; fc-vmm installs no seccomp filter.',
  },
  'no-seccomp': { takesValue: false, help: 'Accepted for compatibility; fc-vmm installs no seccomp filter.' },
  'start-time-us': { takesValue: true, help: 'Process start time (wall clock, microseconds). Optional.' },
  'start-time-cpu-us': {
    takesValue: true,
    help: 'Process start CPU time (wall clock, microseconds). Optional.',
  },
  'parent-cpu-time-us': {
    takesValue: true,
    help: 'Parent process CPU time (wall clock, microseconds). Optional.',
  },
  'enable-pci': { takesValue: false, help: 'Accepted for compatibility; fc-vmm devices are virtio-mmio.' },
};

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; values: Record<string, string>; flags: Set<string> };

/** Raised for a bad command line; the process exits with Firecracker's ArgParsing code. */
export class ArgParseError extends Error {
  constructor(detail: string) {
    super(`Arguments parsing error: ${detail} \n\nFor more information try --help.`);
    this.name = 'ArgParseError';
  }
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const separator = argv.indexOf('--');
  const args = separator === -1 ? argv : argv.slice(0, separator);
  // Like Firecracker, --help and --version win wherever they appear, before any validation.
  if (args.includes('--help')) return { kind: 'help' };
  if (args.includes('--version')) return { kind: 'version' };
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) throw unexpected(arg);
    const name = arg.slice(2);
    const spec = FLAGS[name];
    if (spec === undefined) throw unexpected(name);
    if (name in values || flags.has(name)) {
      throw new ArgParseError(`The argument '${name}' was provided more than once.`);
    }
    if (!spec.takesValue) {
      flags.add(name);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new ArgParseError(`The argument '${name}' requires a value, but none was supplied.`);
    }
    values[name] = value;
    i++;
  }
  for (const name of [...flags, ...Object.keys(values)]) {
    const requires = FLAGS[name]?.requires;
    if (requires && !(requires in values) && !flags.has(requires)) {
      throw new ArgParseError(`Argument '${requires}' required, but not found.`);
    }
  }
  for (const [name, spec] of Object.entries(FLAGS)) {
    if (spec.default !== undefined && !(name in values)) values[name] = spec.default;
  }
  return { kind: 'run', values, flags };
}

function unexpected(arg: string): ArgParseError {
  return new ArgParseError(`Found argument '${arg}' which wasn't expected, or isn't valid in this context.`);
}

export const VERSION_TEXT = `Firecracker v${FIRECRACKER_VERSION}\n`;

export function helpText(): string {
  const lines = Object.entries(FLAGS).map(
    ([name, spec]) => `--${name}${spec.takesValue ? ` <${name}>` : ''}: ${spec.help}`,
  );
  return `${VERSION_TEXT}\nfc-vmm: the Firecracker API served on QEMU's microvm machine.\n\n${lines.join('\n')}\n`;
}

/** Firecracker's `validate_instance_id`: 1 to 64 characters, alphanumeric or '-'. */
export function validateInstanceId(id: string): string | undefined {
  if (id.length === 0 || id.length > 64) return `Invalid instance ID: ${id} (length must be 1 to 64)`;
  if (!/^[A-Za-z0-9-]+$/.test(id)) return `Invalid instance ID: ${id} (only alphanumeric characters and '-')`;
  return undefined;
}
