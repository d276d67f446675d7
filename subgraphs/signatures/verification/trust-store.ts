import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../shared/errors';
import { splitCertificates } from './certificates';
import { SignatureError } from './types';

/** The certificates the hub trusts: NCA RK roots (self-signed) and their intermediates. */
export class TrustStore {
  readonly roots: X509Certificate[];
  readonly intermediates: X509Certificate[];

  constructor(certificates: (Buffer | string)[]) {
    const all = certificates.flatMap(splitCertificates).map((der) => new X509Certificate(der));
    const selfSigned = (c: X509Certificate) => c.subject === c.issuer && c.verify(c.publicKey);
    this.roots = all.filter(selfSigned);
    this.intermediates = all.filter((c) => !selfSigned(c));
  }

  static fromDirectory(dir: string): TrustStore {
    const files = readdirSync(dir).filter((f) => /\.(pem|crt|cer|der)$/i.test(f));
    return new TrustStore(files.map((f) => readFileSync(path.join(dir, f))));
  }

  /** Every CA certificate that could have issued `cert`. */
  findIssuer(cert: X509Certificate, extra: X509Certificate[]): X509Certificate | undefined {
    return [...this.roots, ...this.intermediates, ...extra].find((c) => c.ca && c.subject === cert.issuer && !c.raw.equals(cert.raw) && cert.verify(c.publicKey));
  }

  isRoot(cert: X509Certificate): boolean {
    return this.roots.some((r) => r.raw.equals(cert.raw));
  }

  /** The chain from `leaf` to a trusted root, leaf first; CERT_UNTRUSTED when there is none. */
  chain(leaf: X509Certificate, extra: X509Certificate[] = []): X509Certificate[] {
    const chain = [leaf];
    for (let current = leaf; chain.length <= 8; ) {
      if (this.isRoot(current)) return chain;
      const issuer = this.findIssuer(current, extra);
      if (!issuer) throw new SignatureError(ErrorCode.CertUntrusted, `No trusted root issued the certificate of "${leaf.subject.split('\n').find((l) => l.startsWith('CN=')) ?? leaf.subject}" (issuer ${current.issuer.replace(/\n/g, ', ')})`);
      chain.push(issuer);
      current = issuer;
    }
    throw new SignatureError(ErrorCode.CertUntrusted, 'The certificate chain is too long');
  }
}
