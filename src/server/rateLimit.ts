// One rate limiter for every anonymous route (the web chat token, the local Direct Line's REST routes
// and stream, /api/messages, the insights page): token buckets per client address, per conversation,
// for the web chat conversations a client starts, and for attempts at the insights token. A request over a limit gets 429 with Retry-After. Loopback clients
// are limited like any other (a same-host proxy or a dev tunnel makes everyone loopback) unless the
// configuration exempts them, which only tests that send thousands of requests do.
import { isIPv4 } from 'node:net';
import type { RateLimits } from '../config.js';

export interface BucketOptions {
  perMinute: number;
  burst: number;
  /** Keys kept at most; beyond, the oldest are forgotten (memory stays bounded whatever the keys). */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: BucketOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`: undefined when allowed, else the seconds to wait. */
  take(key: string): number | undefined {
    const now = this.now();
    const perMs = this.options.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, updated: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.updated) * perMs);
    bucket.updated = now;
    this.buckets.delete(key); // re-inserted last: the map's order is least recently used first
    this.buckets.set(key, bucket);
    if (this.buckets.size > (this.options.maxKeys ?? 100_000)) this.forget(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** Buckets that have refilled carry no information; then, if still too many, the least recently used go. */
  private forget(now: number): void {
    const perMs = this.options.perMinute / 60_000;
    for (const [key, bucket] of this.buckets)
      if (bucket.tokens + (now - bucket.updated) * perMs >= this.options.burst) this.buckets.delete(key);
    const excess = this.buckets.size - Math.floor((this.options.maxKeys ?? 100_000) * 0.9);
    if (excess <= 0) return;
    let dropped = 0;
    for (const key of this.buckets.keys()) {
      if (dropped++ >= excess) break;
      this.buckets.delete(key);
    }
  }
}

/** What a refused request is told: the seconds to wait before trying again. */
export type Wait = number | undefined;

export class RateLimiter {
  private readonly clients: TokenBuckets;
  private readonly conversations: TokenBuckets;
  private readonly conversationStarts: TokenBuckets;
  private readonly signIns: TokenBuckets;

  constructor(
    private readonly limits: RateLimits,
    now: () => number = Date.now,
  ) {
    // A burst of a third of a minute's allowance: a page load, or an evaluator's quick questions in a row.
    this.clients = new TokenBuckets(
      { perMinute: limits.perClientPerMinute, burst: Math.max(10, Math.ceil(limits.perClientPerMinute / 3)) },
      now,
    );
    this.conversations = new TokenBuckets(
      {
        perMinute: limits.perConversationPerMinute,
        burst: Math.max(5, Math.ceil(limits.perConversationPerMinute / 3)),
      },
      now,
    );
    this.conversationStarts = new TokenBuckets(
      {
        perMinute: limits.conversationsPerClientPerMinute,
        burst: Math.max(2, Math.ceil(limits.conversationsPerClientPerMinute / 2)),
      },
      now,
    );
    // Guesses at the insights token: ten a minute (bursts of five), whatever the other limits.
    this.signIns = new TokenBuckets({ perMinute: 10, burst: 5 }, now);
  }

  /** Any request to an anonymous route, charged to its client address. */
  request(address: string | undefined): Wait {
    return this.exempt(address) ? undefined : this.clients.take(clientKey(address));
  }

  /** A new web chat conversation (a token), charged to the client that asks. */
  conversationStart(address: string | undefined): Wait {
    return this.exempt(address) ? undefined : this.conversationStarts.take(clientKey(address));
  }

  /** An attempt at the insights token (the sign-in form, or a request with a wrong token), charged to its client. */
  signInAttempt(address: string | undefined): Wait {
    return this.exempt(address) ? undefined : this.signIns.take(clientKey(address));
  }

  /** An activity sent into a conversation, charged to the conversation (whoever sends it). */
  activity(address: string | undefined, conversationKey: string): Wait {
    return this.exempt(address) ? undefined : this.conversations.take(conversationKey);
  }

  private exempt(address: string | undefined): boolean {
    return this.limits.exemptLoopback && isLoopback(address);
  }
}

/** IPv6 clients are counted per /64 (what one subscriber usually gets), IPv4 ones per address. */
function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = address.replace(/^::ffff:/i, '');
  if (isIPv4(v4)) return v4;
  const groups = expandIPv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

function expandIPv6(address: string): string[] | undefined {
  const [head, tail, ...rest] = address.split('::');
  if (rest.length) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 0) return undefined;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.replace(/^::ffff:/i, '');
  return address === '::1' || (isIPv4(v4) && v4.startsWith('127.'));
}

/**
 * Whether a URL is an http(s) address on this machine: localhost, an IPv4 literal in 127.0.0.0/8 or
 * [::1]. Host names that merely start with "127." (127.attacker.example) are not.
 */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') return false;
  return hostname === 'localhost' || hostname === '[::1]' || (isIPv4(hostname) && hostname.startsWith('127.'));
}
