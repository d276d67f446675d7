import { createPrivateKey } from 'node:crypto';
import { plainPayload } from './message-signature';
import { canonicalBytes } from './verification/canonical';
import { signCms } from './verification/pki';

/**
 * A message as a provider's system sends it: the payload (any `signature` it had is dropped) with
 * `signature`, a base64 CMS over the payload's RFC 8785 canonical bytes. What `npm run sign` prints.
 */
export function signMessage(message: Record<string, unknown>, certPem: string, keyPem: string | Buffer, opts: { attached?: boolean } = {}): Record<string, unknown> {
  const { signature: _dropped, ...payload } = message;
  const signature = signCms({ payload: canonicalBytes(plainPayload(payload)), cert: certPem, key: createPrivateKey(keyPem), detached: !opts.attached });
  return { ...payload, signature };
}
