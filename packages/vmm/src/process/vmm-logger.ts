// The process logger: Firecracker's line format and levels, configured by flags or PUT /logger.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { Logger } from '@nqvm/fc-api';
import type { VmmLog } from '../backend.js';
import { osError, ResourceError } from '../preboot/resource-error.js';

export type LogLevel = NonNullable<Logger['level']>;

const RANK: Record<LogLevel, number> = { Off: 0, Error: 1, Warning: 2, Info: 3, Debug: 4, Trace: 5 };
/** How Rust's `log` crate prints a record's level. */
const LABEL: Record<Exclude<LogLevel, 'Off'>, string> = {
  Error: 'ERROR',
  Warning: 'WARN',
  Info: 'INFO',
  Debug: 'DEBUG',
  Trace: 'TRACE',
};

/** Parses a level the way Firecracker's `--level` does (case-insensitive; "warn" or "warning"). */
export function parseLevel(text: string): LogLevel | undefined {
  const lower = text.toLowerCase();
  if (lower === 'warn' || lower === 'warning') return 'Warning';
  const found = (Object.keys(RANK) as LogLevel[]).find((l) => l.toLowerCase() === lower);
  return found;
}

export interface VmmLoggerOptions {
  instanceId: string;
  /** Where lines go until a log path is configured (stderr: stdout is the guest's serial console). */
  fallback?: (line: string) => void;
}

export class VmmLogger implements VmmLog {
  private level: LogLevel = 'Info';
  private showLevel = false;
  private showOrigin = false;
  private module: string | undefined;
  private fd: number | undefined;

  constructor(private readonly options: VmmLoggerOptions) {}

  /** Applies a Logger configuration; unset fields keep their current value. Throws ResourceError('logger'). */
  configure(config: Logger): void {
    if (config.log_path !== undefined) {
      let fd: number;
      try {
        // Like Firecracker: the target must exist (often a FIFO), and opening it must never block.
        fd = openSync(config.log_path, constants.O_RDWR | constants.O_APPEND | constants.O_NONBLOCK);
      } catch (err) {
        throw new ResourceError('logger', `Failed to open target file: ${osError(err)}`);
      }
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = fd;
    }
    if (config.level !== undefined) this.level = config.level;
    if (config.show_level !== undefined) this.showLevel = config.show_level;
    if (config.show_log_origin !== undefined) this.showOrigin = config.show_log_origin;
    if (config.module !== undefined) this.module = config.module;
  }

  error(msg: string, fields?: Record<string, unknown>): void {
    this.write('Error', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.write('Warning', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('Info', msg, fields);
  }
  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('Debug', msg, fields);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private write(level: Exclude<LogLevel, 'Off'>, msg: string, fields?: Record<string, unknown>): void {
    if (RANK[level] > RANK[this.level]) return;
    const origin = typeof fields?.origin === 'string' ? fields.origin : undefined;
    if (this.module !== undefined && !(origin ?? '').startsWith(this.module)) return;
    const extra = Object.entries(fields ?? {})
      .filter(([k]) => k !== 'origin')
      .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('');
    const tags = `${this.options.instanceId}:main${this.showLevel ? `:${LABEL[level]}` : ''}${
      this.showOrigin ? `:${origin ?? '?'}:?` : ''
    }`;
    const line = `${timestamp()} [${tags}] ${msg}${extra}\n`;
    if (this.fd !== undefined) {
      try {
        writeSync(this.fd, line);
      } catch {
        // A full FIFO drops the line, as Firecracker's non-blocking logger does.
      }
      return;
    }
    (this.options.fallback ?? ((l: string) => process.stderr.write(l)))(line);
  }
}

/** Firecracker's LocalTime display: `2024-01-31T12:34:56.123456789` in local time. */
function timestamp(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const nanos = now.getMilliseconds() * 1_000_000;
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}T${p(now.getHours())}:${p(
    now.getMinutes(),
  )}:${p(now.getSeconds())}.${p(nanos, 9)}`;
}
