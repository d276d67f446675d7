import { plainPayload } from './plain-payload';
import { canonicalBytes } from './canonical';
import { Profile } from './gost/oids';
import { readSigningKey, signCms } from './pki';

/**
 * A message as a provider's system sends it: the payload (any `signature` it had is dropped) with
 * `signature`, a base64 CMS over the payload's RFC 8785 canonical bytes. What `npm run sign` prints.
 * A GOST key (PKCS#8 PEM, NCA RK's or the RFC 9215 OIDs) signs in its own profile unless `profile` says.
 */
export function signMessage(message: Record<string, unknown>, certPem: string, keyPem: string | Buffer, opts: { attached?: boolean; profile?: Profile } = {}): Record<string, unknown> {
  const { signature: _dropped, ...payload } = message;
  const signature = signCms({ payload: canonicalBytes(plainPayload(payload)), cert: certPem, key: readSigningKey(keyPem, opts.profile), detached: !opts.attached });
  return { ...payload, signature };
}
