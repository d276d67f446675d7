import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErrorCode, hubError } from './errors';
import { Identity, identityFromClaims } from './identity';
import { hasValidUpstreamSignature, UpstreamParams } from './upstream-signature';

/** What every resolver gets: who asks (as the gateway vouches), the database, and a request id. */
export interface HubContext {
  identity?: Identity;
  dataSource: DataSource;
  requestId: string;
}

/**
 * A subgraph answers only requests that came through the gateway: the gateway signs each one
 * (HMAC, with the forwarded JWT payload bound in). The identity is the JWT payload it forwarded.
 */
export function upstreamIdentity(params: UpstreamParams, secret: string): Identity | undefined {
  if (!hasValidUpstreamSignature(params, secret)) {
    throw hubError(ErrorCode.UpstreamSignatureInvalid, 'This service answers only requests signed by the Qyzmet Hub gateway');
  }
  const jwt = params.extensions?.jwt as { payload?: Record<string, unknown> } | undefined;
  return identityFromClaims(jwt?.payload);
}

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.-]{1,100}$/.test(value) ? value : randomUUID();
}
