/**
 * A token bucket per key (a user's token, hashed): `requests` may come at
 * once, and they come back at `requests` per `perMs`. One laptop stuck in a
 * retry loop cannot crowd out the newsroom.
 */

export interface RateLimit {
  requests: number;
  perMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 60, perMs: 10_000 };

/** Past this many keys, full buckets (idle keys) are forgotten: a full bucket is what a new key gets anyway. */
const PRUNE_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (!(limit.requests >= 1) || !(limit.perMs > 0))
      throw new Error('A rate limit needs at least 1 request per a positive time.');
  }

  /** Takes one request from the key's bucket: 0 when allowed, else the milliseconds until one is. */
  take(key: string): number {
    const now = this.now();
    const refill = this.limit.requests / this.limit.perMs;
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.requests, at: now };
    bucket.tokens = Math.min(this.limit.requests, bucket.tokens + (now - bucket.at) * refill);
    bucket.at = now;
    if (this.buckets.size >= PRUNE_AT) this.prune(now, refill);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / refill);
  }

  private prune(now: number, refill: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * refill >= this.limit.requests) this.buckets.delete(key);
    }
  }
}
