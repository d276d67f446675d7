import { createHash, X509Certificate } from 'node:crypto';
import { ErrorCode } from '../../shared/errors';
import { NODE_ALGORITHMS } from './algorithms';
import { allowsSigning, issuerText, spkiOf, subjectOf, Subject } from './certificates';
import { parseCms } from './cms';
import { RevocationList } from './revocation';
import { TrustStore } from './trust-store';
import { AlgorithmVerifier, SignatureError, SignedMessage, VerifiedSignature } from './types';

export interface VerifierOptions {
  trustStore: TrustStore;
  revocation?: RevocationList;
  algorithms?: AlgorithmVerifier[];
  /** largest base64 signature accepted (default 64 KiB) */
  maxSignatureBytes?: number;
  now?: () => Date;
}

/** What is remembered of a signer certificate once its chain was built and checked. */
interface CertificateVerdict {
  chain: X509Certificate[];
  spki: Buffer;
  subject: Subject;
  allowsSigning: boolean;
  revocationVersion: number;
  revoked?: X509Certificate;
}

const CACHE_LIMIT = 10_000;

/**
 * Verifies a message's CMS signature against the trust store: the signature value, the chain to a
 * trusted root, validity at signing time and at receipt, key usage, revocation. Chain and
 * revocation verdicts are cached per certificate (and taken anew after a CRL refresh), so the
 * steady-state cost is one signature check per message.
 */
export class SignatureVerifier {
  private readonly cache = new Map<string, CertificateVerdict>();
  private readonly algorithms: AlgorithmVerifier[];
  /** how many chains were built (a cache miss each) */
  chainsBuilt = 0;

  constructor(private readonly opts: VerifierOptions) {
    this.algorithms = opts.algorithms ?? NODE_ALGORITHMS;
  }

  async verify(message: SignedMessage): Promise<VerifiedSignature> {
    const cms = parseCms(message.signature, message.payload, this.opts.maxSignatureBytes ?? 65_536);
    const verifier = this.algorithms.find((a) => a.supports(cms.signatureAlgorithmOid, cms.digestAlgorithmOid));
    if (!verifier) {
      throw new SignatureError(ErrorCode.UnsupportedAlgorithm, `Signature algorithm ${cms.signatureAlgorithmOid} (digest ${cms.digestAlgorithmOid}) is not supported here; GOST 34.10 signatures need a GOST verifier configured (see README)`);
    }
    const verdict = this.certificateVerdict(cms.signerCertificate, cms.certificates);
    const ok = verifier.verify({ publicKeySpki: verdict.spki, signatureAlgorithmOid: cms.signatureAlgorithmOid, signatureAlgorithmParams: cms.signatureAlgorithmParams, digestAlgorithmOid: cms.digestAlgorithmOid, signedBytes: cms.signedBytes, signature: cms.signature });
    if (!ok) throw new SignatureError(ErrorCode.SignatureInvalid, "The signature does not verify with the signer's certificate");

    const signedAt = cms.signingTime ?? message.receivedAt;
    for (const cert of verdict.chain) checkValidity(cert, signedAt, 'at signing time');
    checkValidity(verdict.chain[0], message.receivedAt, 'at receipt');
    if (!verdict.allowsSigning) throw new SignatureError(ErrorCode.CertKeyUsage, "The signer's certificate is not for signing (key usage lacks digitalSignature and nonRepudiation)");
    if (verdict.revoked) throw new SignatureError(ErrorCode.CertRevoked, `Certificate ${verdict.revoked.serialNumber} in the signer's chain is revoked`);

    const leaf = verdict.chain[0];
    return {
      signerName: verdict.subject.name,
      signerIin: verdict.subject.iin,
      signerBin: verdict.subject.bin,
      organisation: verdict.subject.organisation,
      certificateSerial: leaf.serialNumber,
      certificateIssuer: issuerText(leaf),
      algorithm: verifier.name?.(cms.signatureAlgorithmOid, cms.digestAlgorithmOid, cms.signatureAlgorithmParams) ?? cms.signatureAlgorithmOid,
      signedAt,
      verifiedAt: this.opts.now?.() ?? new Date(),
    };
  }

  private certificateVerdict(der: Buffer, carried: Buffer[]): CertificateVerdict {
    const key = createHash('sha256').update(der).digest('hex');
    const version = this.opts.revocation?.version ?? 0;
    const cached = this.cache.get(key);
    if (cached && cached.revocationVersion === version) return cached;
    const leaf = new X509Certificate(der);
    const chain = this.opts.trustStore.chain(leaf, carried.filter((c) => !c.equals(der)).map((c) => new X509Certificate(c)));
    this.chainsBuilt++;
    const verdict: CertificateVerdict = {
      chain,
      spki: spkiOf(leaf),
      subject: subjectOf(der),
      allowsSigning: allowsSigning(der),
      revocationVersion: version,
      revoked: chain.find((c) => this.opts.revocation?.isRevoked(c)),
    };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, verdict);
    return verdict;
  }
}

function checkValidity(cert: X509Certificate, at: Date, when: string): void {
  const cn = cert.subject.split('\n').find((l) => l.startsWith('CN=')) ?? cert.subject;
  if (at.getTime() < Date.parse(cert.validFrom)) throw new SignatureError(ErrorCode.CertNotYetValid, `Certificate "${cn}" is not yet valid ${when} (valid from ${cert.validFrom})`);
  if (at.getTime() > Date.parse(cert.validTo)) throw new SignatureError(ErrorCode.CertExpired, `Certificate "${cn}" had expired ${when} (valid to ${cert.validTo})`);
}
