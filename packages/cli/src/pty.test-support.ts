// Test support: a command on a real pseudo-terminal (util-linux `script`), driven like a person at a terminal.
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { waitFor } from '../../../tests/e2e/support/wait.js';

export interface PtySession {
  /** The pty's slave device (`/dev/pts/N`), as the shell on it printed it. */
  readonly device: string;
  /** Everything the terminal showed so far (stdout and stderr of the program share the pty). */
  output(): string;
  /** A position in the output, so a later wait only looks at what came after it. */
  mark(): number;
  /** Waits until the output after `from` matches, and returns the match. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Keys as a terminal sends them (Enter is `\r`). */
  type(keys: string): void;
  /** Changes the window size as a terminal emulator does: the kernel sends SIGWINCH to the foreground job. */
  resize(rows: number, cols: number): void;
  /** `stty -a` of the pty, read from outside while the program runs. */
  settings(): string;
  /** Resolves with `script`'s exit status once the shell on the pty has ended. */
  exited: Promise<number | null>;
  kill(): void;
}

/**
 * Runs `shellCommand` with /bin/sh on a new pty of `rows`×`cols`. `script` (bsdutils, in every Debian)
 * needs no native addon: its stdin and stdout are pipes to us, its child sees a real terminal.
 */
export async function startPty(
  shellCommand: string,
  env: NodeJS.ProcessEnv,
  size: { rows: number; cols: number },
): Promise<PtySession> {
  // The size is set from inside: with piped stdin, `script` gives the pty no size of its own.
  const inner = `stty rows ${size.rows} cols ${size.cols}; echo "pty=$(tty)"; ${shellCommand}`;
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-q', '-e', '-c', inner, '/dev/null'], {
    env: { PATH: process.env.PATH, SHELL: '/bin/sh', TERM: 'xterm', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const session: PtySession = {
    device: '',
    output: () => text,
    mark: () => text.length,
    waitFor: (pattern, from = 0, timeoutMs = 120_000) =>
      waitFor(
        `${pattern} on the terminal (last output: ${JSON.stringify(text.slice(-400))})`,
        async () => pattern.exec(text.slice(from)) ?? undefined,
        { timeoutMs, intervalMs: 50 },
      ),
    type: (keys) => child.stdin.write(keys),
    resize: (rows, cols) => {
      execFileSync('stty', ['-F', session.device, 'rows', String(rows), 'cols', String(cols)]);
    },
    settings: () => execFileSync('stty', ['-F', session.device, '-a'], { encoding: 'utf8' }),
    exited,
    kill: () => child.kill('SIGKILL'),
  };
  const device = (await session.waitFor(/pty=(\/dev\/pts\/\d+)/, 0, 30_000))[1] as string;
  return Object.assign(session, { device });
}
