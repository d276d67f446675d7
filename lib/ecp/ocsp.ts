import 'reflect-metadata';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { selectAlgorithm } from './algorithms';
import { arrayBuffer, labelOf, spkiOf, subjectDerOf } from './certificates';
import { normalSerial } from './revocation';
import { verifyIssuedBy } from './trust-store';
import { integerHex } from './signed-der';
import { AlgorithmVerifier, RevocationStatus } from './types';

export interface OcspOptions {
  /** a responder for every certificate (OCSP_URL); else each certificate's Authority Information Access */
  url?: string;
  timeoutMs?: number;
  /** how long an answer without nextUpdate counts as fresh (and is cached) */
  maxAgeSeconds?: number;
  /** allowance for the responder's clock */
  clockSkewSeconds?: number;
  now?: () => Date;
  log?: (message: string) => void;
}

const SHA1 = '1.3.14.3.2.26';
const NONCE = '1.3.6.1.5.5.7.48.1.2';
const BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
/** a failed query is not repeated for this long: a responder that is down must not stall every message for its timeout */
const FAILURE_BACKOFF_MS = 10_000;

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest();
const keyBits = (cert: X509Certificate) => {
  const spki = asn1js.fromBER(arrayBuffer(spkiOf(cert.raw))).result as asn1js.Sequence;
  return new Uint8Array((spki.valueBlock.value[1] as asn1js.BitString).valueBlock.valueHexView);
};

/** The responder a certificate names in its Authority Information Access. */
export function ocspUrlOf(cert: X509Certificate): string | undefined {
  const aia = new x509.X509Certificate(arrayBuffer(cert.raw)).getExtension(x509.AuthorityInfoAccessExtension);
  return aia?.ocsp.find((name) => name.type === 'url')?.value;
}

interface Cached {
  status: RevocationStatus;
  until: number;
}

/**
 * OCSP (RFC 6960) for NCA RK's responders: asks about a certificate, checks the response's
 * signature (by the issuing CA, or by a responder certificate the CA issued for OCSP signing,
 * GOST or RSA through the verifier's algorithms), and keeps a good or revoked answer until its
 * nextUpdate. A stale, unsigned, unknown or unreachable answer is `unknown`: what that means is
 * the caller's policy (fail-closed or not).
 */
export class OcspClient {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<RevocationStatus>>();
  /** queries sent (for tests and metrics) */
  queries = 0;

  constructor(private readonly algorithms: AlgorithmVerifier[], private readonly opts: OcspOptions = {}) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async status(cert: X509Certificate, issuer: X509Certificate): Promise<RevocationStatus> {
    const id = `${issuer.fingerprint256}/${normalSerial(cert.serialNumber)}`;
    const cached = this.cache.get(id);
    if (cached && cached.until > this.now().getTime()) return cached.status;
    let running = this.inFlight.get(id);
    if (!running) {
      running = this.query(cert, issuer).then((result) => {
        this.cache.set(id, result);
        if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
        return result.status;
      }).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, running);
    }
    return running;
  }

  private async query(cert: X509Certificate, issuer: X509Certificate): Promise<Cached> {
    const failed = (detail: string): Cached => {
      this.opts.log?.(`OCSP for "${labelOf(cert)}": ${detail}`);
      return { status: { state: 'unknown', detail: `OCSP: ${detail}` }, until: this.now().getTime() + FAILURE_BACKOFF_MS };
    };
    const url = this.opts.url ?? ocspUrlOf(cert);
    if (!url) return { status: { state: 'unknown', detail: 'OCSP: the certificate names no responder and OCSP_URL is not set' }, until: this.now().getTime() + FAILURE_BACKOFF_MS };
    const certId = new pkijs.CertID({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA1, algorithmParams: new asn1js.Null() }),
      issuerNameHash: new asn1js.OctetString({ valueHex: arrayBuffer(sha1(subjectDerOf(issuer.raw))) }),
      issuerKeyHash: new asn1js.OctetString({ valueHex: arrayBuffer(sha1(keyBits(issuer))) }),
      serialNumber: integerHex(cert.serialNumber),
    });
    const nonce = randomBytes(16);
    const request = new pkijs.OCSPRequest({
      tbsRequest: new pkijs.TBSRequest({
        requestList: [new pkijs.Request({ reqCert: certId })],
        requestExtensions: [new pkijs.Extension({ extnID: NONCE, extnValue: new asn1js.OctetString({ valueHex: arrayBuffer(nonce) }).toBER() })],
      }),
    });
    let body: Buffer;
    try {
      this.queries++;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
        body: Buffer.from(request.toSchema(true).toBER()),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
      if (!response.ok) return failed(`${url} answered HTTP ${response.status}`);
      body = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      return failed(`${url} unreachable (${(error as Error).message})`);
    }
    try {
      return this.read(body, certId, nonce, issuer);
    } catch (error) {
      return failed(`the answer of ${url} is not usable: ${(error as Error).message}`);
    }
  }

  /** Checks a response and turns it into a status with how long it may be kept; throws what is wrong with it. */
  private read(body: Buffer, certId: pkijs.CertID, nonce: Buffer, issuer: X509Certificate): Cached {
    const response = pkijs.OCSPResponse.fromBER(arrayBuffer(body));
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0) throw new Error(`responseStatus ${status} (not successful)`);
    if (response.responseBytes?.responseType !== BASIC) throw new Error('not a basic OCSP response');
    const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView.slice().buffer);
    this.checkSignature(basic, issuer);

    const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === NONCE);
    if (echoed) {
      const inner = asn1js.fromBER(echoed.extnValue.valueBlock.valueHexView.slice().buffer).result;
      const value = inner instanceof asn1js.OctetString ? Buffer.from(inner.valueBlock.valueHexView) : Buffer.from(echoed.extnValue.valueBlock.valueHexView);
      if (!value.equals(nonce)) throw new Error('its nonce is not the one asked with (a replayed answer)');
    }
    const single = basic.tbsResponseData.responses.find((r) => sameCertId(r.certID, certId));
    if (!single) throw new Error('it does not answer about this certificate');

    const now = this.now().getTime();
    const skew = (this.opts.clockSkewSeconds ?? 300) * 1000;
    if (single.thisUpdate.getTime() > now + skew) throw new Error(`its thisUpdate ${single.thisUpdate.toISOString()} is in the future`);
    const freshUntil = single.nextUpdate ? single.nextUpdate.getTime() : single.thisUpdate.getTime() + (this.opts.maxAgeSeconds ?? 300) * 1000;
    if (freshUntil < now) throw new Error(`it is stale (${single.nextUpdate ? `nextUpdate ${single.nextUpdate.toISOString()}` : `thisUpdate ${single.thisUpdate.toISOString()}, no nextUpdate`})`);

    const choice = single.certStatus as asn1js.AsnType;
    const tag = choice.idBlock.tagNumber;
    if (tag === 0) return { status: { state: 'good', detail: 'OCSP: good' }, until: freshUntil };
    if (tag === 1) {
      const time = (choice as asn1js.Constructed).valueBlock.value[0] as asn1js.GeneralizedTime;
      return { status: { state: 'revoked', revokedAt: time.toDate(), detail: `OCSP: revoked at ${time.toDate().toISOString()}` }, until: freshUntil };
    }
    return { status: { state: 'unknown', detail: 'OCSP: the responder does not know this certificate' }, until: now + FAILURE_BACKOFF_MS };
  }

  /**
   * The response is signed by the issuing CA, or by a responder certificate in the response that
   * the CA issued with extendedKeyUsage OCSPSigning and that is valid now (RFC 6960 §4.2.2.2).
   */
  private checkSignature(basic: pkijs.BasicOCSPResponse, issuer: X509Certificate): void {
    const carried = (basic.certs ?? []).map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER())));
    const signer = [issuer, ...carried].find((c) => respondsAs(basic.tbsResponseData.responderID, c));
    if (!signer) throw new Error('its responder is neither the CA nor a certificate it carries');
    if (signer !== issuer) {
      if (!verifyIssuedBy(signer.raw, issuer, this.algorithms)) throw new Error(`its responder certificate "${labelOf(signer)}" was not issued by the CA`);
      const eku = new x509.X509Certificate(arrayBuffer(signer.raw)).getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
      if (!eku.includes(OCSP_SIGNING)) throw new Error(`its responder certificate "${labelOf(signer)}" is not for OCSP signing`);
      const now = this.now().getTime();
      if (now < Date.parse(signer.validFrom) || now > Date.parse(signer.validTo)) throw new Error(`its responder certificate "${labelOf(signer)}" is not valid now`);
    }
    const algorithm = basic.signatureAlgorithm.algorithmId;
    const verifier = selectAlgorithm(this.algorithms, algorithm, '');
    const params = basic.signatureAlgorithm.algorithmParams;
    const verified = verifier.verify({
      publicKeySpki: spkiOf(signer.raw),
      signatureAlgorithmOid: algorithm,
      signatureAlgorithmParams: params && !(params instanceof asn1js.Null) ? params.toBER() : undefined,
      digestAlgorithmOid: '',
      signedBytes: Buffer.from(basic.tbsResponseData.tbsView),
      signature: Buffer.from(basic.signature.valueBlock.valueHexView),
    });
    if (!verified) throw new Error('its signature does not verify');
  }
}

function sameCertId(a: pkijs.CertID, b: pkijs.CertID): boolean {
  const bytes = (v: asn1js.OctetString | asn1js.Integer) => Buffer.from(v.valueBlock.valueHexView);
  return a.hashAlgorithm.algorithmId === b.hashAlgorithm.algorithmId
    && bytes(a.issuerNameHash).equals(bytes(b.issuerNameHash))
    && bytes(a.issuerKeyHash).equals(bytes(b.issuerKeyHash))
    && normalSerial(bytes(a.serialNumber).toString('hex')) === normalSerial(bytes(b.serialNumber).toString('hex'));
}

/** ResponderID: byName [1] (the subject) or byKey [2] (SHA-1 of the public key bits). */
function respondsAs(responderId: unknown, cert: X509Certificate): boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) return Buffer.from(responderId.toSchema().toBER()).equals(subjectDerOf(cert.raw));
  if (responderId instanceof asn1js.OctetString) return Buffer.from(responderId.valueBlock.valueHexView).equals(sha1(keyBits(cert)));
  return false;
}
