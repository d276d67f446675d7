import Redis from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import type { Logger } from '../platform/telemetry/logger';
import type { ServiceMetrics } from '../platform/telemetry/metrics';
import { RateLimiter } from './hardening';

/** Where a client's allowance is kept: `take` answers 0 when an operation may run, else the seconds until one may. */
export interface RateLimitBuckets {
  take(client: string): number | Promise<number>;
  close(): Promise<void>;
}

export interface SharedRateLimitOptions {
  /** redis:// or rediss:// (REDIS_URL) */
  url: string;
  /** every bucket's key starts with this (RATE_LIMIT_REDIS_PREFIX): several hubs, or tests, may share one Redis */
  prefix: string;
  /** a Redis that has not answered in this time is treated as down for that operation (REDIS_TIMEOUT_MS) */
  timeoutMs: number;
}

/**
 * The same token bucket as RateLimiter, kept in Redis and taken in one atomic script, so that
 * every gateway instance draws on one allowance per client. Times come from Redis's own clock:
 * gateways whose clocks differ still agree. A bucket left alone for a minute is full again, so its
 * key expires then (plus a second of slack) and an idle client costs Redis nothing.
 */
const TAKE_TOKEN = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local ttl_ms = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * per_ms)
  at = now
end
local retry = 0
if tokens >= 1 - 1e-9 then
  tokens = tokens - 1
else
  retry = math.max(1, math.ceil((1 - tokens) / per_ms / 1000))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], ttl_ms)
return retry
`;

/** A bucket untouched for a minute is full again: its key goes then, with a second of slack. */
const BUCKET_TTL_MS = 61_000;

type RedisWithTake = Redis & { takeToken(key: string, capacity: number, perMs: number, ttlMs: number): Promise<number> };

/**
 * Buckets shared by every gateway through Redis. When Redis is down, unreachable or slower than
 * timeoutMs, the operation is counted in this instance's own bucket instead (fail open to the
 * local limit): Redis must not become a way to take the whole hub down, and every client is still
 * limited, only per instance (at worst the allowance times the number of instances) until Redis
 * answers again. Each change between shared and local is logged once (a warning when it falls
 * back) and shows in the metrics: qyzmet_rate_limit_shared (1 shared, 0 local) and
 * qyzmet_rate_limit_local_fallbacks_total (operations counted locally because of it).
 */
export function sharedRateLimit(perMinute: number, opts: SharedRateLimitOptions, logger: Logger, metrics: ServiceMetrics): RateLimitBuckets {
  const local = new RateLimiter(perMinute);
  const perMs = perMinute / 60_000;
  const redis = new Redis(opts.url, {
    keyPrefix: opts.prefix,
    // a command while disconnected fails at once (the local bucket answers), rather than waiting in a queue
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: opts.timeoutMs,
    connectTimeout: Math.max(opts.timeoutMs, 1000),
    // reconnect forever, at most every 2 s: the shared limit comes back when Redis does
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  }) as RedisWithTake;
  redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });

  const shared = new Gauge({ name: 'qyzmet_rate_limit_shared', help: 'Whether the rate limit is shared through Redis (1) or, Redis being down or slow, counted by this gateway alone (0)', registers: [metrics.registry] });
  const fallbacks = new Counter({ name: 'qyzmet_rate_limit_local_fallbacks_total', help: 'Operations counted in this gateway\'s own bucket because Redis did not answer', registers: [metrics.registry] });
  let state: 'shared' | 'local' | 'starting' = 'starting';
  shared.set(0);
  const become = (next: 'shared' | 'local', error?: unknown) => {
    if (state === next) return;
    if (next === 'local') logger.warn({ err: error, redis: redactedUrl(opts.url) }, 'rate limit: Redis does not answer; each client is limited by this gateway alone until it does');
    else logger.info({ redis: redactedUrl(opts.url) }, 'rate limit: shared through Redis');
    state = next;
    shared.set(next === 'shared' ? 1 : 0);
  };
  // connection errors are answered by falling back; ioredis would print each one otherwise
  redis.on('error', (error) => become('local', error));

  return {
    async take(client) {
      try {
        const retryAfter = await redis.takeToken(client, perMinute, perMs, BUCKET_TTL_MS);
        become('shared');
        return Number(retryAfter);
      } catch (error) {
        become('local', error);
        fallbacks.inc();
        return local.take(client);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** The URL without its password, for the logs. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
