// A packet queue drained through a RateLimit: packets wait for tokens, and overflow is tail-dropped.
import type { RateLimiter } from '@nqvm/fc-api';
import type { Packet } from './chardev-frames.js';
import { RateLimit } from './token-bucket.js';

/** Bounded like a NIC ring: beyond this backlog frames are dropped and TCP backs off. */
const MAX_QUEUED_BYTES = 512 * 1024;

export class ShapedQueue {
  private limit: RateLimit;
  private queue: Packet[] = [];
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Packets dropped because the backlog was full. */
  dropped = 0;
  /** Times the limiter made a packet wait (Firecracker's `*_rate_limiter_throttled`). */
  throttled = 0;

  constructor(
    config: RateLimiter | undefined,
    private readonly send: (packet: Packet) => void,
  ) {
    this.limit = new RateLimit(config);
  }

  setLimit(config: RateLimiter | undefined): void {
    this.limit = new RateLimit(config);
    this.drain();
  }

  push(packet: Packet): void {
    if (this.limit.unlimited && this.queue.length === 0) {
      this.send(packet);
      return;
    }
    if (this.queuedBytes + packet.data.length > MAX_QUEUED_BYTES) {
      this.dropped++;
      return;
    }
    this.queue.push(packet);
    this.queuedBytes += packet.data.length;
    this.drain();
  }

  close(): void {
    clearTimeout(this.timer);
    this.queue = [];
  }

  private drain(): void {
    if (this.timer) return;
    while (this.queue.length > 0) {
      const packet = this.queue[0] as Packet;
      // Tokens count the Ethernet frame (a GSO super-frame counts all its bytes, as in Firecracker).
      const wait = this.limit.unlimited ? 0 : this.limit.admit(packet.data.length - packet.hdrLen);
      if (wait > 0) {
        this.throttled++;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      this.queue.shift();
      this.queuedBytes -= packet.data.length;
      this.send(packet);
    }
  }
}
