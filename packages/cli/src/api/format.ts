// Shared renderings: key/value detail blocks, short IDs, and time-limit options.
import type { CommandContext, OptionSpec } from './command.js';
import { parseDuration } from './units.js';
import { DEFAULT_WAIT_MS } from './wait.js';

export const shortId = (id: string | null | undefined): string => (id ? id.slice(0, 8) : '-');

/** `key: value` lines with the keys aligned, for `get` commands. */
export function formatDetails(rows: Array<[string, string | number | null | undefined]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows
    .map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v === null || v === undefined || v === '' ? '-' : v}`)
    .join('\n');
}

export const WAIT_OPTION: OptionSpec = {
  type: 'boolean',
  short: 'w',
  help: 'wait until done (a spinner shows progress)',
};
export const TIMEOUT_OPTION: OptionSpec = {
  type: 'string',
  value: 'DURATION',
  help: 'how long --wait waits, e.g. 90s or 5m (default 5m)',
};

export function timeoutOf(ctx: CommandContext): number {
  const text = ctx.values.timeout;
  if (typeof text !== 'string') return DEFAULT_WAIT_MS;
  const ms = parseDuration(text);
  if (ms === undefined) throw ctx.usage(`--timeout '${text}' is not a duration (e.g. 90s, 5m)`);
  return ms;
}

/** A required string option or positional parsed by `parse`, with a usage error naming the flag. */
export function parsedOption<T>(
  ctx: CommandContext,
  name: string,
  parse: (s: string) => T | undefined,
  example: string,
): T | undefined {
  const raw = ctx.values[name];
  if (typeof raw !== 'string') return undefined;
  const value = parse(raw);
  if (value === undefined) throw ctx.usage(`--${name} '${raw}' is not valid (e.g. ${example})`);
  return value;
}
