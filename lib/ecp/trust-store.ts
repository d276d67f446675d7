import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HUB_ALGORITHMS, selectAlgorithm } from './algorithms';
import { allowsCertSign, labelOf, signedStructure, spkiOf, splitCertificates } from './certificates';
import { pathProblem } from './path-constraints';
import { AlgorithmVerifier, SignatureError, SignatureErrorCode } from './types';

const MAX_DEPTH = 8;
const TRUST_FILES = /\.(pem|crt|cer|der)$/i;

/** Whether `issuer`'s key signed `signed` (a certificate or CRL, DER), through the pluggable verifiers. */
export function verifyIssuedBy(signed: Buffer, issuer: X509Certificate, algorithms: AlgorithmVerifier[]): boolean {
  const s = signedStructure(signed);
  // throws UNSUPPORTED_ALGORITHM (e.g. a GOST CA with no GOST verifier): the caller decides what that means
  const verifier = selectAlgorithm(algorithms, s.algorithmOid, '');
  try {
    return verifier.verify({ publicKeySpki: spkiOf(issuer.raw), signatureAlgorithmOid: s.algorithmOid, signatureAlgorithmParams: s.algorithmParams, digestAlgorithmOid: '', signedBytes: s.tbs, signature: s.signature }) === true;
  } catch {
    return false; // a plugged-in verifier that cannot read the key has not verified anything
  }
}

/**
 * The certificates the hub trusts: NCA RK roots and their intermediates. A root is any
 * self-issued certificate configured here: trust anchors are trusted by configuration, so their
 * self-signatures are not checked (which also lets a GOST root sit beside RSA ones without a
 * GOST provider). Everything below a root is checked signature by signature.
 */
export class TrustStore {
  readonly roots: X509Certificate[];
  readonly intermediates: X509Certificate[];
  /** verifiers for certificate and CRL signatures (the SignatureVerifier passes its own) */
  readonly algorithms: AlgorithmVerifier[];

  constructor(certificates: (Buffer | string)[], opts: { algorithms?: AlgorithmVerifier[] } = {}) {
    const all = certificates.flatMap(splitCertificates).map((der) => new X509Certificate(der));
    const selfIssued = (c: X509Certificate) => c.subject === c.issuer;
    this.roots = all.filter(selfIssued);
    this.intermediates = all.filter((c) => !selfIssued(c));
    this.algorithms = opts.algorithms ?? HUB_ALGORITHMS;
  }

  /** Every .pem/.crt/.cer/.der file of a directory (each PEM file may hold several certificates). */
  static fromDirectory(dir: string, opts: { algorithms?: AlgorithmVerifier[] } = {}): TrustStore {
    const files = readdirSync(dir).filter((f) => TRUST_FILES.test(f)).sort();
    return TrustStore.fromFiles(files.map((f) => path.join(dir, f)), opts);
  }

  static fromFiles(files: string[], opts: { algorithms?: AlgorithmVerifier[] } = {}): TrustStore {
    return new TrustStore(files.map((f) => readFileSync(f)), opts);
  }

  isRoot(cert: X509Certificate): boolean {
    return this.roots.some((r) => r.raw.equals(cert.raw));
  }

  /** CA certificates named as `cert`'s issuer, trusted ones first, then those the CMS carried. */
  private candidates(cert: X509Certificate, extra: X509Certificate[]): X509Certificate[] {
    return [...this.roots, ...this.intermediates, ...extra].filter((c) => c.subject === cert.issuer && !c.raw.equals(cert.raw) && c.ca && allowsCertSign(c.raw));
  }

  /** The first CA that could have issued `cert` and whose signature on it verifies. */
  findIssuer(cert: X509Certificate, extra: X509Certificate[] = [], algorithms = this.algorithms): X509Certificate | undefined {
    return this.candidates(cert, extra).find((c) => verifyIssuedBy(cert.raw, c, algorithms));
  }

  /**
   * The chain from `leaf` to a trusted root, leaf first. Tries every candidate issuer (two CAs
   * may share a name across a key rollover), and keeps only a path whose CAs' constraints hold
   * (pathLenConstraint, name constraints). CERT_UNTRUSTED when no path reaches a root, naming the
   * broken constraint if that is why; UNSUPPORTED_ALGORITHM when the only paths need a verifier
   * that is not configured.
   */
  chain(leaf: X509Certificate, extra: X509Certificate[] = [], algorithms = this.algorithms): X509Certificate[] {
    let unsupported: SignatureError | undefined;
    let constraint: string | undefined;
    const walk = (path: X509Certificate[]): X509Certificate[] | undefined => {
      const current = path[path.length - 1];
      if (this.isRoot(current)) {
        const problem = pathProblem(path);
        if (!problem) return path;
        constraint ??= problem;
        return undefined;
      }
      if (path.length > MAX_DEPTH) return undefined;
      for (const issuer of this.candidates(current, extra)) {
        if (path.some((c) => c.raw.equals(issuer.raw))) continue; // a loop of cross-certificates
        try {
          if (!verifyIssuedBy(current.raw, issuer, algorithms)) continue;
        } catch (error) {
          if (error instanceof SignatureError && error.code === SignatureErrorCode.UnsupportedAlgorithm) {
            unsupported = error;
            continue;
          }
          throw error;
        }
        const found = walk([...path, issuer]);
        if (found) return found;
      }
      return undefined;
    };
    const found = walk([leaf]);
    if (found) return found;
    if (constraint) throw new SignatureError(SignatureErrorCode.CertUntrusted, `The chain of "${labelOf(leaf)}" breaks its CAs' constraints: ${constraint}`);
    if (unsupported) throw new SignatureError(SignatureErrorCode.UnsupportedAlgorithm, `A certificate in the chain of "${labelOf(leaf)}" is signed with an unsupported algorithm: ${unsupported.message}`);
    throw new SignatureError(SignatureErrorCode.CertUntrusted, `No trusted root issued the certificate of "${labelOf(leaf)}" (issuer ${leaf.issuer.replace(/\n/g, ', ')})`);
  }
}

/** A trust store from a directory of PEM/DER files and/or PEM strings. */
export function loadTrustStore(opts: { dir?: string; files?: string[]; pems?: string[]; algorithms?: AlgorithmVerifier[] }): TrustStore {
  const dirFiles = opts.dir ? readdirSync(opts.dir).filter((f) => TRUST_FILES.test(f)).sort().map((f) => path.join(opts.dir!, f)) : [];
  const sources: (Buffer | string)[] = [...[...dirFiles, ...(opts.files ?? [])].map((f) => readFileSync(f)), ...(opts.pems ?? [])];
  return new TrustStore(sources, { algorithms: opts.algorithms });
}
