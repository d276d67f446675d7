import { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { ErrorCode } from '../platform/errors';
import { limitError } from './limit-error';
import type { RateLimitBuckets } from './shared-rate-limit';

/**
 * A token bucket per client: perMinute operations, refilled evenly over the minute, so that a
 * client may spend its minute's allowance at once and then one every 60/perMinute seconds. The
 * buckets are this process's: each gateway instance counts on its own (with REDIS_URL they are
 * shared instead: shared-rate-limit.ts, which falls back to these when Redis does not answer).
 */
export class RateLimiter implements RateLimitBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweptAt: number;
  private readonly perMs: number;

  constructor(readonly perMinute: number, private readonly now: () => number = Date.now) {
    this.perMs = perMinute / 60_000;
    this.sweptAt = now();
  }

  /** Takes one operation from the client's allowance: 0 when taken, else the seconds until one is available. */
  take(client: string): number {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1 - 1e-9) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  /** A bucket untouched for a minute is full again: forgotten. */
  private sweep(now: number) {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [client, bucket] of this.buckets) if (now - bucket.at >= 60_000) this.buckets.delete(client);
  }
}

export interface ClientContext {
  jwt?: { payload?: { sub?: unknown } };
  /** the HTTP request, or over graphql-ws the upgrade request (server.ts puts it in the context) */
  req?: { socket?: { remoteAddress?: string } };
  request?: Request;
}

/** A signed-in caller by the verified token's subject; anyone else by the address the connection comes from. */
export function clientOf(context: ClientContext): string {
  const sub = context.jwt?.payload?.sub;
  if (typeof sub === 'string' && sub) return `sub:${sub}`;
  return `ip:${context.req?.socket?.remoteAddress ?? 'unknown'}`;
}

/**
 * perMinute operations per client (0: no limit); beyond it 429 with Retry-After and RATE_LIMITED.
 * Over HTTP a request is counted before its body is read, after the JWT plugin has verified the
 * token; over graphql-ws each operation is counted when its context is built.
 */
export function useRateLimit(perMinute: number, buckets: RateLimitBuckets = new RateLimiter(perMinute)): GatewayPlugin {
  const counted = new WeakSet<object>();
  const refuseAfter = (retryAfter: number) => {
    if (retryAfter) {
      throw limitError(ErrorCode.RateLimited, `Too many requests: at most ${perMinute} a minute; try again in ${retryAfter} s.`, 429, { 'Retry-After': String(retryAfter) });
    }
  };
  // the local buckets answer at once, the shared ones (Redis) later
  const take = (context: ClientContext): void | Promise<void> => {
    const retryAfter = buckets.take(clientOf(context));
    return typeof retryAfter === 'number' ? refuseAfter(retryAfter) : retryAfter.then(refuseAfter);
  };
  return {
    onRequestParse({ request, serverContext }: { request: Request; serverContext: ClientContext }) {
      counted.add(request);
      return take(serverContext);
    },
    onContextBuilding({ context }: { context: ClientContext }) {
      if (context.request && counted.has(context.request)) return;
      return take(context);
    },
  } as GatewayPlugin;
}
