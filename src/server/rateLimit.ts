// Per-client rate limiting: a token bucket per client address and one per conversation. A request
// over either limit gets 429 with Retry-After. Loopback clients (the evaluator, local tools) are
// exempt unless asked otherwise, so a local test run is never throttled.
export interface RateLimitOptions {
  perMinute: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`: undefined when allowed, else the seconds to wait. */
  take(key: string): number | undefined {
    const now = this.now();
    const perMs = this.options.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, updated: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.updated) * perMs);
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** Buckets that have refilled completely carry no information: drop them to bound memory. */
  private forgetFull(now: number): void {
    const perMs = this.options.perMinute / 60_000;
    for (const [key, bucket] of this.buckets)
      if (bucket.tokens + (now - bucket.updated) * perMs >= this.options.burst) this.buckets.delete(key);
  }
}

export function isLoopback(address: string | undefined): boolean {
  return !address || address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Whether a URL points at this machine (localhost, 127.x, ::1). */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || (host !== '' && isLoopback(host));
}
