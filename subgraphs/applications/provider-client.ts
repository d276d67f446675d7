import { DeliveryConfig } from '../../platform/config';
import { DEV_PROVIDER_TOKEN } from '../../platform/config';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { ErrorCode } from '../../platform/errors';
import { endpointVariable, providerEndpoint } from '../../platform/provider-addresses';

export type DeliveryOutcome =
  | { ok: true; httpStatus: number }
  | { ok: false; code: ErrorCode; httpStatus: number | null; detail: string; permanent: boolean };

/**
 * Failures that say the provider's system could not be reached at all (refused, no answer in time,
 * connection lost): they say nothing about the message, so the message waits for the provider
 * (exchange rules: undelivered messages are resent after the outage) rather than using up its attempts.
 */
export const UNREACHABLE_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCode.ProviderUnreachable, ErrorCode.ProviderTimeout, ErrorCode.ProviderConnectionLost]);

/** HTTP statuses worth trying again: the provider may answer differently later. */
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * One attempt to hand a request to a provider's system over HTTP. Every failure is classified
 * with a code: refused, timeout, connection lost, an HTTP status, or the provider's own rejection.
 * A rejection or a 4xx will not change on a retry, so it is permanent.
 */
export async function postToProvider(org: OrganisationRow, body: Record<string, unknown>, config: DeliveryConfig, allowDemoTokens: boolean): Promise<DeliveryOutcome> {
  const endpoint = providerEndpoint(org, config);
  if (!endpoint) return { ok: false, code: ErrorCode.ProviderNotConfigured, httpStatus: null, detail: `organisation ${org.bin} has no system endpoint (${endpointVariable(org.bin)} is not set)`, permanent: true };
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-message-id': String(body.messageId) };
  if (org.systemAuth === 'BEARER') {
    const token = (org.systemSecretEnv && config.providerTokens[org.systemSecretEnv]) || (allowDemoTokens ? DEV_PROVIDER_TOKEN : undefined);
    if (!token) return { ok: false, code: ErrorCode.ProviderNotConfigured, httpStatus: null, detail: `${org.systemSecretEnv ?? 'the token variable'} is not set`, permanent: true };
    headers.authorization = `Bearer ${token}`;
  }
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (error) {
    return { ok: false, httpStatus: null, permanent: false, ...networkFailure(error) };
  }
  let answer: { accepted?: boolean; code?: string; reason?: string } = {};
  try {
    answer = await response.json() as typeof answer;
  } catch {
    // a body that is not JSON is judged by the status alone
  }
  if (!response.ok) {
    return { ok: false, code: ErrorCode.ProviderHttpError, httpStatus: response.status, detail: `HTTP ${response.status}${answer.reason ? `: ${answer.reason}` : ''}`, permanent: !TRANSIENT_STATUSES.has(response.status) };
  }
  if (answer.accepted !== true) {
    return { ok: false, code: ErrorCode.ProviderRejected, httpStatus: response.status, detail: `${answer.code ?? 'REJECTED'}: ${answer.reason ?? 'the provider did not accept the request'}`.slice(0, 1000), permanent: true };
  }
  return { ok: true, httpStatus: response.status };
}

function networkFailure(error: unknown): { code: ErrorCode; detail: string } {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { code: ErrorCode.ProviderTimeout, detail: 'no answer in time' };
  const cause = e.cause?.code ?? '';
  if (cause === 'ECONNREFUSED') return { code: ErrorCode.ProviderUnreachable, detail: 'connection refused' };
  if (['ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(cause)) return { code: ErrorCode.ProviderUnreachable, detail: cause };
  return { code: ErrorCode.ProviderConnectionLost, detail: `${cause || e.name}: ${e.cause?.message ?? e.message ?? ''}`.slice(0, 1000) };
}
