import { createPrivateKey, KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { HubConfig } from '../../platform/config';
import { SignatureRow } from './signature.entity';
import { checkMessageSignature, plainPayload, sha256, signatureRow } from './message-signature';
import { canonicalBytes } from '../../lib/ecp/canonical';
import { signCms, signCmsMany } from '../../lib/ecp/pki';
import { SignatureVerifier } from '../../lib/ecp/verifier';

export interface HubSignature {
  /** base64 CMS over the payload's RFC 8785 bytes */
  value: string;
  /** the signature as the hub records it, verified against the same trust store as everyone else's */
  row: Partial<SignatureRow>;
}

/**
 * The hub's own digital signature (ЭЦП of the information system): it signs the requests it sends
 * to providers' systems and the stages it records itself (delivery), so that every message and
 * every stage on a timeline is signed by someone the trust store vouches for.
 */
export class HubSigner {
  private constructor(private readonly certPem: string, private readonly key: KeyObject, private readonly verifier: SignatureVerifier) {}

  static load(files: HubConfig['hubSigner'], verifier: SignatureVerifier): HubSigner {
    for (const file of [files.certFile, files.keyFile]) {
      if (!existsSync(file)) throw new Error(`The hub's signing certificate or key ${file} does not exist (HUB_SIGNING_CERT, HUB_SIGNING_KEY; npm start makes demo ones)`);
    }
    return new HubSigner(readFileSync(files.certFile, 'utf8'), createPrivateKey(readFileSync(files.keyFile)), verifier);
  }

  signBytesOf(payload: unknown): string {
    return signCms({ payload: canonicalBytes(plainPayload(payload)), cert: this.certPem, key: this.key });
  }

  async sign(payload: unknown, now = new Date()): Promise<HubSignature> {
    const value = this.signBytesOf(payload);
    const checked = await checkMessageSignature(this.verifier, { signature: value, payload, receivedAt: now });
    return { value, row: signatureRow(value, checked, now) };
  }

  /**
   * Signs each payload (a batch of stages the hub records together), verifying only the first.
   * They share one signing time, certificate and key, so they differ only in the payload's hash:
   * the first one's verification (the chain, revocation, the policies at that time) says what
   * verifying each would, at a fraction of the cost (parsing and checking a CMS costs more than
   * making one); and each CMS after the first is the first's with its digest and signature
   * replaced (signCmsMany), as building one costs several times the signing itself.
   */
  async signMany(payloads: unknown[], now = new Date()): Promise<HubSignature[]> {
    if (!payloads.length) return [];
    // CMS signingTime is a UTCTime, whole seconds: the verified signedAt of the first is then every one's
    const signingTime = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const bytes = payloads.map((payload) => canonicalBytes(plainPayload(payload)));
    const signed = signCmsMany({ payloads: bytes, cert: this.certPem, key: this.key, signingTime }).map((value, i) => ({ bytes: bytes[i], value }));
    const first = await checkMessageSignature(this.verifier, { signature: signed[0].value, payload: payloads[0], receivedAt: now });
    return signed.map(({ bytes, value }, i) => ({
      value,
      row: signatureRow(value, i === 0 ? first : { verified: first.verified, payloadSha256: sha256(bytes) }, now),
    }));
  }
}
