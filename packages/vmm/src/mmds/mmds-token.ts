// MMDS V2 session tokens: HMAC-signed expiry times, valid only inside this fc-vmm process.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const MIN_TTL = 1;
export const MAX_TTL = 21_600;

/** token = base64(expiry ms (8) | nonce (8) | HMAC-SHA256 truncated (16)): stateless, unforgeable. */
export class TokenAuthority {
  private readonly key = randomBytes(32);

  constructor(
    private readonly aad: string,
    private readonly now: () => number = () => performance.timeOrigin + performance.now(),
  ) {}

  generate(ttlSeconds: number): string {
    const body = Buffer.alloc(16);
    body.writeBigUInt64BE(BigInt(Math.floor(this.now() + ttlSeconds * 1000)), 0);
    randomBytes(8).copy(body, 8);
    return Buffer.concat([body, this.mac(body)]).toString('base64');
  }

  isValid(token: string): boolean {
    if (token.length > 70) return false;
    const raw = Buffer.from(token, 'base64');
    if (raw.length !== 32) return false;
    const body = raw.subarray(0, 16);
    if (!timingSafeEqual(raw.subarray(16), this.mac(body))) return false;
    return Number(body.readBigUInt64BE(0)) > this.now();
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(this.aad).update(body).digest().subarray(0, 16);
  }
}
