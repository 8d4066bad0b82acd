// ANSI colours only on a terminal, and never when NO_COLOR is set (https://no-color.org).

export interface Colors {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Colors {
  const enabled = Boolean(stream.isTTY) && !('NO_COLOR' in env && env.NO_COLOR !== '') && env.TERM !== 'dumb';
  const wrap = (open: number, close: number) => (s: string) =>
    enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** A VM, image or host state coloured by what it means: settled good, moving, or bad. */
export function colorState(c: Colors, state: string): string {
  if (['running', 'ready', 'online', 'completed'].includes(state)) return c.green(state);
  if (['error', 'failed', 'offline', 'unknown'].includes(state)) return c.red(state);
  if (['stopped', 'paused'].includes(state)) return c.dim(state);
  return c.yellow(state);
}
