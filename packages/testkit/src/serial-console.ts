// Expect-style driver for a serial console: wait for output, run shell commands, with no sleeps.
import type { Readable, Writable } from 'node:stream';

export interface WaitOptions {
  readonly timeoutMs?: number;
}

export interface ConsoleMatch {
  /** The matched text and capture groups, as from RegExp.exec. */
  readonly match: RegExpExecArray;
  /** Absolute offsets of the match in the transcript. */
  readonly start: number;
  readonly end: number;
}

export interface CommandOutput {
  /** What the command printed, with `\r\n` turned into `\n` and the final newline dropped. */
  readonly output: string;
  readonly exitCode: number;
}

export interface SerialConsole {
  /**
   * Resolves at the first match after everything already matched (string = literal text).
   * Rejects on timeout or when the stream ends, quoting the last console output.
   */
  waitFor(pattern: RegExp | string, options?: WaitOptions): Promise<ConsoleMatch>;
  /** Runs one line of shell in the guest; resolves with its output and exit status. */
  run(command: string, options?: WaitOptions): Promise<CommandOutput>;
  /** Like run(), but rejects if the exit status is not 0. */
  check(command: string, options?: WaitOptions): Promise<string>;
  write(text: string): void;
  /** Everything the console has printed so far. */
  transcript(): string;
  /** Stops listening; pending waits reject. */
  close(): void;
}

export interface SerialConsoleOptions {
  /** Names the console in error messages (e.g. "guest vm1"). */
  readonly name?: string;
  readonly defaultTimeoutMs?: number;
}

interface Waiter {
  readonly regex: RegExp;
  readonly describe: string;
  readonly resolve: (m: ConsoleMatch) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const TAIL_CHARS = 2000;
let commandCounter = 0;

export function createSerialConsole(
  output: Readable,
  input: Writable,
  options: SerialConsoleOptions = {},
): SerialConsole {
  const name = options.name ?? 'console';
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
  let text = '';
  let cursor = 0;
  let ended: string | undefined;
  const waiters = new Set<Waiter>();

  const tail = () => {
    const last = text.slice(-TAIL_CHARS);
    return last ? `last output of ${name}:\n${last}` : `${name} printed nothing`;
  };

  const settle = () => {
    for (const waiter of waiters) {
      const rest = text.slice(cursor);
      const match = waiter.regex.exec(rest);
      if (!match) continue;
      const start = cursor + match.index;
      const end = start + match[0].length;
      cursor = end;
      waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve({ match, start, end });
    }
  };

  const failAll = (reason: string) => {
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`${reason} while waiting for ${waiter.describe}; ${tail()}`));
    }
    waiters.clear();
  };

  const onData = (chunk: Buffer | string) => {
    text += chunk.toString();
    settle();
  };
  const onEnd = () => {
    ended = `${name} output ended`;
    failAll(ended);
  };
  output.on('data', onData);
  output.on('end', onEnd);
  output.on('close', onEnd);

  const waitFor = (pattern: RegExp | string, waitOptions: WaitOptions = {}): Promise<ConsoleMatch> => {
    const regex =
      typeof pattern === 'string'
        ? new RegExp(escapeRegExp(pattern))
        : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    const describe = typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);
    const timeoutMs = waitOptions.timeoutMs ?? defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe} on ${name}; ${tail()}`));
      }, timeoutMs);
      const waiter: Waiter = { regex, describe, resolve, reject, timer };
      waiters.add(waiter);
      settle();
      if (waiters.has(waiter) && ended) {
        waiters.delete(waiter);
        clearTimeout(timer);
        reject(new Error(`${ended} while waiting for ${describe}; ${tail()}`));
      }
    });
  };

  const write = (data: string) => {
    input.write(data);
  };

  const run = async (command: string, runOptions: WaitOptions = {}): Promise<CommandOutput> => {
    if (command.includes('\n')) throw new Error('run() takes one line of shell; join commands with ; or &&');
    const id = `${process.pid}_${++commandCounter}`;
    // The quotes split the markers in the echoed input, so only the command's own output matches.
    const begin = `__NQB_${id}__`;
    const end = `__NQE_${id}__`;
    const started = waitFor(new RegExp(`${begin}\\r?\\n`), runOptions);
    const finished = waitFor(new RegExp(`${end} (\\d+)\\r?\\n`), runOptions);
    write(`echo __NQB_${id}''__; ${command}; echo __NQE_${id}''__ $?\n`);
    const [{ end: from }, { start: to, match }] = await Promise.all([started, finished]);
    const output = text.slice(from, to).replace(/\r/g, '').replace(/\n$/, '');
    return { output, exitCode: Number(match[1]) };
  };

  return {
    waitFor,
    run,
    async check(command, checkOptions) {
      const result = await run(command, checkOptions);
      if (result.exitCode !== 0) {
        throw new Error(
          `\`${command}\` exited with ${result.exitCode} on ${name}; output:\n${result.output}`,
        );
      }
      return result.output;
    },
    write,
    transcript: () => text,
    close() {
      output.off('data', onData);
      output.off('end', onEnd);
      output.off('close', onEnd);
      failAll(`${name} was closed`);
    },
  };
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
