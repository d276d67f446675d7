import { GraphQLError } from 'graphql';
import { ErrorCode, hubError } from './errors';
import { Identity, identityFromClaims } from './identity';
import { hasValidUpstreamSignature, STAMP_EXTENSION, UpstreamParams, UpstreamStamp } from './upstream-signature';

/** How a subgraph takes the gateway's signed requests (UPSTREAM_SIGNATURE_WINDOW_SECONDS, UPSTREAM_REPLAY_CACHE_SIZE). */
export interface UpstreamChecks {
  /** a request stamped further than this from the subgraph's clock, either way, is refused */
  windowSeconds: number;
  /** request ids remembered at most (each for its window): past it, new requests are refused until room frees up */
  replayCacheSize: number;
}

export const UPSTREAM_DEFAULTS: UpstreamChecks = { windowSeconds: 60, replayCacheSize: 100_000 };

/**
 * The ids of the requests a subgraph took, each kept until its stamp has left the window (from
 * then on the window refuses it anyway). Bounded: when full, a new id is refused rather than an
 * old one forgotten, since a forgotten id would be replayable for the rest of its window.
 */
export class ReplayCache {
  private readonly expiries = new Map<string, number>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.expiries.size;
  }

  /** 'taken' the first time, 'replayed' after; 'full' when there is no room for it (nothing is forgotten early). */
  take(id: string, expiresAt: number, now: number): 'taken' | 'replayed' | 'full' {
    this.forgetExpired(now);
    if (this.expiries.has(id)) return 'replayed';
    if (this.expiries.size >= this.capacity) return 'full';
    this.expiries.set(id, expiresAt);
    return 'taken';
  }

  // Ids arrive in about the order of their stamps, so the ones to forget are at the front: this
  // stops at the first one still in its window (one stamped a little ahead only delays the rest).
  private forgetExpired(now: number): void {
    for (const [id, expiresAt] of this.expiries) {
      if (expiresAt > now) return;
      this.expiries.delete(id);
    }
  }
}

const stale = (message: string) => hubError(ErrorCode.UpstreamRequestStale, message);

/**
 * What a subgraph checks of every request before it serves it (over HTTP, and each subscription
 * over graphql-ws): the gateway's HMAC over the query, variables, the forwarded JWT payload and
 * the stamp; a stamp for this subgraph, within `windowSeconds` of this clock, and an id not taken
 * before; and the forwarded token's exp, not passed (the gateway checked it, but a request may be
 * held back). Returns the caller's identity (none for an anonymous caller), or throws the coded
 * refusal.
 */
export function upstreamGuard(opts: { secret: string; subgraph: string; checks?: Partial<UpstreamChecks>; now?: () => number }): (params: UpstreamParams) => Identity | undefined {
  const { windowSeconds, replayCacheSize } = { ...UPSTREAM_DEFAULTS, ...opts.checks };
  const windowMs = windowSeconds * 1000;
  const taken = new ReplayCache(replayCacheSize);
  const clock = opts.now ?? Date.now;
  return (params) => {
    if (!hasValidUpstreamSignature(params, opts.secret)) {
      throw hubError(ErrorCode.UpstreamSignatureInvalid, 'This service answers only requests signed by the Qyzmet Hub gateway');
    }
    const now = clock();
    const stamp = params.extensions?.[STAMP_EXTENSION] as Partial<UpstreamStamp> | undefined;
    if (typeof stamp?.id !== 'string' || !/^[\w-]{1,100}$/.test(stamp.id) || typeof stamp.at !== 'number' || !Number.isFinite(stamp.at)) {
      throw stale('This service answers only requests the gateway stamped with an id and a time');
    }
    if (stamp.to !== opts.subgraph) throw stale(`This request was signed for the ${String(stamp.to)} service, not ${opts.subgraph}`);
    if (Math.abs(now - stamp.at) > windowMs) throw stale(`This request was signed at ${new Date(stamp.at).toISOString()}, more than ${windowSeconds} s from now`);
    const claims = (params.extensions?.jwt as { payload?: Record<string, unknown> } | undefined)?.payload;
    if (claims) checkExpiry(claims, now);
    const verdict = taken.take(stamp.id, stamp.at + windowMs, now);
    if (verdict === 'replayed') throw hubError(ErrorCode.UpstreamRequestReplayed, 'This request was answered already: a signed request is taken once');
    if (verdict === 'full') throw hubError(ErrorCode.UpstreamReplayCacheFull, `This service is taking more than ${replayCacheSize} requests in ${windowSeconds} s; try again later`);
    return identityFromClaims(claims);
  };
}

function checkExpiry(claims: Record<string, unknown>, now: number): void {
  if (typeof claims.exp !== 'number') throw hubError(ErrorCode.InvalidToken, 'The token has no exp (expiry)');
  if (claims.exp * 1000 <= now) throw hubError(ErrorCode.TokenExpired, `The token expired at ${new Date(claims.exp * 1000).toISOString()}; sign in again`);
}

/** The HTTP status a refusal of the whole request has, if it is one (the rest are GraphQL errors of 200 answers). */
export function refusalStatus(error: unknown): number | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  switch (error.extensions.code) {
    case ErrorCode.UpstreamSignatureInvalid:
    case ErrorCode.UpstreamRequestStale:
    case ErrorCode.UpstreamRequestReplayed:
    case ErrorCode.TokenExpired:
    case ErrorCode.InvalidToken:
    case ErrorCode.Unauthenticated:
      return 401;
    case ErrorCode.UpstreamReplayCacheFull:
      return 503;
    default:
      return undefined;
  }
}
