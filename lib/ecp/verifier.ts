import { createHash, X509Certificate } from 'node:crypto';
import { algorithmName, HUB_ALGORITHMS, selectAlgorithm } from './algorithms';
import { allowsSigning, extendedUsageAllowsSigning, issuerText, labelOf, policiesOf, spkiOf, subjectOf, Subject } from './certificates';
import { checkMessageDigest, parseCms } from './cms';
import { OcspClient } from './ocsp';
import { RevocationList } from './revocation';
import { checkRevocation, RevocationPolicy } from './revocation-policy';
import { TimestampVerifier } from './timestamp';
import { TrustStore } from './trust-store';
import { AlgorithmVerifier, SignatureError, SignatureErrorCode, SignedMessage, VerifiedSignature } from './types';

export interface VerifierOptions {
  trustStore: TrustStore;
  /** the CRLs (REVOCATION_CHECK crl or both) */
  revocation?: RevocationList;
  /** the OCSP client (REVOCATION_CHECK ocsp or both) */
  ocsp?: OcspClient;
  /** which sources to ask and whether no fresh answer refuses; default: every source given, fail-open */
  revocationPolicy?: RevocationPolicy;
  /** checks signature time-stamp tokens; default: TSAs chaining to the trust store */
  timestamps?: TimestampVerifier;
  algorithms?: AlgorithmVerifier[];
  /** told what was accepted without a fresh revocation answer (fail-open) */
  log?: (message: string) => void;
  /** largest base64 signature accepted (default 64 KiB) */
  maxSignatureBytes?: number;
  now?: () => Date;
  /** told every verdict: VALID, or the SignatureError's code (ERROR for anything else); for metrics */
  onVerdict?: (verdict: string) => void;
}

/** What is remembered of a signer certificate once its chain was built and checked. */
interface CertificateVerdict {
  chain: X509Certificate[];
  /** validity of each chain certificate in ms, leaf first (parsed once, checked per message) */
  validity: { label: string; from: number; to: number; fromText: string; toText: string }[];
  spki: Buffer;
  subject: Subject;
  issuer: string;
  allowsSigning: boolean;
  /** extendedKeyUsage, when present, has emailProtection (an authentication-only certificate does not sign reports) */
  extendedUsageAllowsSigning: boolean;
  policies: string[];
  revocationVersion: number;
}

/** A claimed signingTime may run ahead of the time-stamp by the signer's clock error, not more. */
const CLOCK_SKEW_MS = 5 * 60_000;

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
  private readonly timestamps: TimestampVerifier;
  private readonly policy: RevocationPolicy;
  /** how many chains were built (a cache miss each) */
  chainsBuilt = 0;

  constructor(private readonly opts: VerifierOptions) {
    this.algorithms = opts.algorithms ?? HUB_ALGORITHMS;
    this.timestamps = opts.timestamps ?? new TimestampVerifier(opts.trustStore, this.algorithms, { now: opts.now });
    this.policy = opts.revocationPolicy ?? { mode: opts.ocsp ? (opts.revocation ? 'both' : 'ocsp') : 'crl', failClosed: false };
  }

  async verify(message: SignedMessage): Promise<VerifiedSignature> {
    if (!this.opts.onVerdict) return this.check(message);
    try {
      const verified = await this.check(message);
      this.opts.onVerdict('VALID');
      return verified;
    } catch (error) {
      this.opts.onVerdict(error instanceof SignatureError ? error.code : 'ERROR');
      throw error;
    }
  }

  private async check(message: SignedMessage): Promise<VerifiedSignature> {
    const cms = parseCms(message.signature, message.payload, this.opts.maxSignatureBytes ?? 65_536);
    const verifier = selectAlgorithm(this.algorithms, cms.signatureAlgorithmOid, cms.digestAlgorithmOid);
    const verdict = this.certificateVerdict(cms.signerCertificate, cms.certificates);
    const args = { publicKeySpki: verdict.spki, signatureAlgorithmOid: cms.signatureAlgorithmOid, signatureAlgorithmParams: cms.signatureAlgorithmParams, digestAlgorithmOid: cms.digestAlgorithmOid, signedBytes: cms.signedBytes, signature: cms.signature };
    if (!safeVerify(verifier, args)) throw new SignatureError(SignatureErrorCode.SignatureInvalid, "The signature does not verify with the signer's certificate");
    checkMessageDigest(cms, message.payload);

    const timestamp = cms.timestampToken ? this.timestamps.verify(cms.timestampToken, cms.signature) : undefined;
    if (timestamp && cms.signingTime && cms.signingTime.getTime() > timestamp.time.getTime() + CLOCK_SKEW_MS) {
      throw new SignatureError(SignatureErrorCode.TimestampInvalid, `The signature claims to be signed at ${cms.signingTime.toISOString()}, after its time-stamp (${timestamp.time.toISOString()})`);
    }
    // a time-stamp is a trusted signing time: the certificates must have been valid then, not at receipt (CAdES-T)
    const signedAt = timestamp?.time ?? cms.signingTime ?? message.receivedAt;
    for (const validity of verdict.validity) checkValidity(validity, signedAt, timestamp ? 'at the time-stamp' : 'at signing time');
    if (!timestamp) checkValidity(verdict.validity[0], message.receivedAt, 'at receipt');
    if (!verdict.allowsSigning) throw new SignatureError(SignatureErrorCode.CertKeyUsage, "The signer's certificate is not for signing (key usage lacks digitalSignature and nonRepudiation)");
    if (!verdict.extendedUsageAllowsSigning) throw new SignatureError(SignatureErrorCode.CertKeyUsage, "The signer's certificate is not for signing (its extended key usage lacks emailProtection: an authentication certificate)");
    await checkRevocation(verdict.chain, { crl: this.opts.revocation, ocsp: this.opts.ocsp, policy: this.policy, log: this.opts.log }, timestamp?.time, this.opts.now?.() ?? new Date());

    return {
      signerName: verdict.subject.name,
      signerIin: verdict.subject.iin,
      signerBin: verdict.subject.bin,
      organisation: verdict.subject.organisation,
      certificateSerial: verdict.chain[0].serialNumber,
      certificateIssuer: verdict.issuer,
      certificatePolicies: verdict.policies,
      algorithm: algorithmName(verifier, cms.signatureAlgorithmOid, cms.digestAlgorithmOid, cms.signatureAlgorithmParams),
      signedAt,
      timestampedAt: timestamp?.time,
      verifiedAt: this.opts.now?.() ?? new Date(),
    };
  }

  /** Forgets every cached chain (e.g. after the trust store or CRLs changed outside RevocationList). */
  clearCache(): void {
    this.cache.clear();
  }

  private certificateVerdict(der: Buffer, carried: Buffer[]): CertificateVerdict {
    const key = createHash('sha256').update(der).digest('hex');
    const version = this.opts.revocation?.version ?? 0;
    const cached = this.cache.get(key);
    if (cached && cached.revocationVersion === version) return cached;
    const leaf = readCertificate(der);
    const chain = this.opts.trustStore.chain(leaf, carried.filter((c) => !c.equals(der)).map(readCertificate), this.algorithms);
    this.chainsBuilt++;
    const verdict: CertificateVerdict = {
      chain,
      validity: chain.map((c) => ({ label: labelOf(c), from: Date.parse(c.validFrom), to: Date.parse(c.validTo), fromText: c.validFrom, toText: c.validTo })),
      spki: spkiOf(der),
      subject: subjectOf(der),
      issuer: issuerText(leaf),
      allowsSigning: allowsSigning(der),
      extendedUsageAllowsSigning: extendedUsageAllowsSigning(der),
      policies: policiesOf(der),
      revocationVersion: version,
    };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, verdict);
    return verdict;
  }
}

/** A certificate the CMS carries that is not X.509 DER is a malformed signature, not a server error. */
function readCertificate(der: Buffer): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (error) {
    throw new SignatureError(SignatureErrorCode.MalformedSignature, `A certificate in the CMS cannot be read: ${(error as Error).message}`);
  }
}

/** A plugged-in verifier that throws (a key it cannot read) has not verified the signature. */
function safeVerify(verifier: AlgorithmVerifier, args: Parameters<AlgorithmVerifier['verify']>[0]): boolean {
  try {
    return verifier.verify(args) === true;
  } catch {
    return false;
  }
}

function checkValidity(v: CertificateVerdict['validity'][number], at: Date, when: string): void {
  if (at.getTime() < v.from) throw new SignatureError(SignatureErrorCode.CertNotYetValid, `Certificate "${v.label}" is not yet valid ${when} (valid from ${v.fromText})`);
  if (at.getTime() > v.to) throw new SignatureError(SignatureErrorCode.CertExpired, `Certificate "${v.label}" had expired ${when} (valid to ${v.toText})`);
}
