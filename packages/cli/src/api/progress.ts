// Spinners for waits and bars for transfers, drawn on stderr only when it is a terminal.
import { formatBytes } from './units.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Spinner {
  update(text: string): void;
  /** Clears the line; prints `final` (if given) as a permanent line. */
  stop(final?: string): void;
}

export function startSpinner(text: string, stream: NodeJS.WriteStream = process.stderr): Spinner {
  if (!stream.isTTY) return { update() {}, stop() {} };
  let label = text;
  let frame = 0;
  const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label}`);
  draw();
  const timer = setInterval(draw, 100);
  timer.unref();
  return {
    update(next) {
      label = next;
    },
    stop(final) {
      clearInterval(timer);
      stream.write(`\r\x1b[2K${final ? `${final}\n` : ''}`);
    },
  };
}

export interface ProgressBar {
  update(done: number, total: number | null): void;
  stop(final?: string): void;
}

export function startProgress(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return { update() {}, stop() {} };
  let last = 0;
  const started = Date.now();
  return {
    update(done, total) {
      // Redrawing more than ~10 times a second only costs the terminal.
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      const speed = `${formatBytes(rate)}/s`;
      if (!total) {
        stream.write(`\r\x1b[2K${label} ${formatBytes(done)} ${speed}`);
        return;
      }
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 40));
      const ratio = Math.min(1, done / total);
      const filled = Math.round(ratio * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      stream.write(
        `\r\x1b[2K${label} ${bar} ${String(Math.floor(ratio * 100)).padStart(3)}% ${formatBytes(done)}/${formatBytes(total)} ${speed}`,
      );
    },
    stop(final) {
      stream.write(`\r\x1b[2K${final ? `${final}\n` : ''}`);
    },
  };
}
