// A frame queue drained through a RateLimit: frames wait for tokens, and overflow is tail-dropped.
import type { RateLimiter } from '@nqvm/fc-api';
import { RateLimit } from './token-bucket.js';

/** Bounded like a NIC ring: beyond this backlog frames are dropped and TCP backs off. */
const MAX_QUEUED_BYTES = 512 * 1024;

export class ShapedQueue {
  private limit: RateLimit;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  dropped = 0;

  constructor(
    config: RateLimiter | undefined,
    private readonly send: (frame: Buffer) => void,
  ) {
    this.limit = new RateLimit(config);
  }

  setLimit(config: RateLimiter | undefined): void {
    this.limit = new RateLimit(config);
    this.drain();
  }

  push(frame: Buffer): void {
    if (this.limit.unlimited && this.queue.length === 0) {
      this.send(frame);
      return;
    }
    if (this.queuedBytes + frame.length > MAX_QUEUED_BYTES) {
      this.dropped++;
      return;
    }
    this.queue.push(frame);
    this.queuedBytes += frame.length;
    this.drain();
  }

  close(): void {
    clearTimeout(this.timer);
    this.queue = [];
  }

  private drain(): void {
    if (this.timer) return;
    while (this.queue.length > 0) {
      const frame = this.queue[0] as Buffer;
      const wait = this.limit.unlimited ? 0 : this.limit.admit(frame.length);
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      this.queue.shift();
      this.queuedBytes -= frame.length;
      this.send(frame);
    }
  }
}
