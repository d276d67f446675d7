import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { selectAlgorithm } from './algorithms';
import { arrayBuffer, labelOf, spkiOf } from './certificates';
import { digestOf } from './cms';
import { OID } from './oids';
import { TrustStore } from './trust-store';
import { AlgorithmVerifier, SignatureError, SignatureErrorCode } from './types';

const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

export interface VerifiedTimestamp {
  /** genTime of the token: when the TSA saw the signature */
  time: Date;
  /** the TSA certificate's label */
  tsa: string;
}

const invalid = (message: string) => new SignatureError(SignatureErrorCode.TimestampInvalid, `The signature time-stamp ${message}`);

/** An OCTET STRING's bytes, also when BER splits it into constructed chunks. */
function octets(block: asn1js.AsnType): Buffer {
  if (block.idBlock.isConstructed) return Buffer.concat(((block as asn1js.Constructed).valueBlock.value as asn1js.AsnType[]).map(octets));
  return Buffer.from((block as asn1js.OctetString).valueBlock.valueHexView);
}

function attribute(signer: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  return signer.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0] as asn1js.AsnType | undefined;
}

/**
 * Signature time-stamp tokens (RFC 3161, CAdES-T): a TSA's signed statement that the signature
 * value existed at genTime. Trusted when the TSA certificate chains to the TSA trust store, has the
 * timeStamping extended key usage and was valid at genTime, and the token's imprint is the hash of
 * this signature value.
 */
export class TimestampVerifier {
  constructor(private readonly trust: TrustStore, private readonly algorithms: AlgorithmVerifier[], private readonly opts: { now?: () => Date; clockSkewSeconds?: number } = {}) {}

  verify(token: Buffer, signatureValue: Buffer): VerifiedTimestamp {
    let signed: pkijs.SignedData;
    try {
      const info = pkijs.ContentInfo.fromBER(arrayBuffer(token));
      if (info.contentType !== OID.signedData) throw new Error(`a ${info.contentType}`);
      signed = new pkijs.SignedData({ schema: info.content });
    } catch (error) {
      throw invalid(`is not a CMS SignedData (${(error as Error).message})`);
    }
    if (signed.encapContentInfo.eContentType !== OID.tstInfo || !signed.encapContentInfo.eContent) throw invalid('does not hold a TSTInfo');
    const content = octets(signed.encapContentInfo.eContent);
    let tst: pkijs.TSTInfo;
    try {
      tst = pkijs.TSTInfo.fromBER(arrayBuffer(content));
    } catch (error) {
      throw invalid(`holds an unreadable TSTInfo (${(error as Error).message})`);
    }

    const imprint = digestOf(tst.messageImprint.hashAlgorithm.algorithmId, signatureValue);
    if (!imprint) throw invalid(`hashes with an unsupported algorithm ${tst.messageImprint.hashAlgorithm.algorithmId}`);
    if (!imprint.equals(Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView))) throw invalid('is about another signature value');

    if (signed.signerInfos.length !== 1) throw invalid(`has ${signed.signerInfos.length} signers; exactly one is expected`);
    const signer = signed.signerInfos[0];
    const carried = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER())));
    const tsa = [...carried, ...this.trust.intermediates, ...this.trust.roots].find((c) => identifies(signer.sid, c));
    if (!tsa) throw invalid("does not carry its TSA's certificate, and the TSA trust store has none that matches");

    if (!signer.signedAttrs) throw invalid('has no signed attributes');
    const digest = attribute(signer, OID.messageDigest);
    const expected = digestOf(signer.digestAlgorithm.algorithmId, content);
    if (!expected || !(digest instanceof asn1js.OctetString) || !expected.equals(Buffer.from(digest.valueBlock.valueHexView))) throw invalid('was signed over other content than its TSTInfo');
    const type = attribute(signer, OID.contentType);
    if (!(type instanceof asn1js.ObjectIdentifier) || type.getValue() !== OID.tstInfo) throw invalid('does not name TSTInfo as its signed content type');

    let verified = false;
    try {
      const algorithm = selectAlgorithm(this.algorithms, signer.signatureAlgorithm.algorithmId, signer.digestAlgorithm.algorithmId);
      const params = signer.signatureAlgorithm.algorithmParams;
      verified = algorithm.verify({
        publicKeySpki: spkiOf(tsa.raw),
        signatureAlgorithmOid: signer.signatureAlgorithm.algorithmId,
        signatureAlgorithmParams: params && !(params instanceof asn1js.Null) ? params.toBER() : undefined,
        digestAlgorithmOid: signer.digestAlgorithm.algorithmId,
        signedBytes: Buffer.from(signer.signedAttrs.encodedValue),
        signature: Buffer.from(signer.signature.valueBlock.valueHexView),
      });
    } catch (error) {
      throw invalid(`cannot be checked: ${(error as Error).message}`);
    }
    if (!verified) throw invalid("does not verify with its TSA's certificate");

    let chain: X509Certificate[];
    try {
      chain = this.trust.chain(tsa, carried.filter((c) => !c.raw.equals(tsa.raw)), this.algorithms);
    } catch (error) {
      throw invalid(`comes from an untrusted TSA: ${(error as Error).message}`);
    }
    const usages = new x509.X509Certificate(arrayBuffer(tsa.raw)).getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
    if (!usages.includes(TIME_STAMPING)) throw invalid(`comes from "${labelOf(tsa)}", whose certificate is not for time-stamping`);
    const time = tst.genTime;
    for (const c of chain) {
      if (time.getTime() < Date.parse(c.validFrom) || time.getTime() > Date.parse(c.validTo)) throw invalid(`was made at ${time.toISOString()}, when "${labelOf(c)}" was not valid`);
    }
    const now = this.opts.now?.() ?? new Date();
    if (time.getTime() > now.getTime() + (this.opts.clockSkewSeconds ?? 300) * 1000) throw invalid(`is dated in the future (${time.toISOString()})`);
    return { time, tsa: labelOf(tsa) };
  }
}

/** A SignerInfo's sid names this certificate: issuer and serial, or subjectKeyIdentifier. */
function identifies(sid: unknown, cert: X509Certificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const parsed = pkijs.Certificate.fromBER(arrayBuffer(cert.raw));
    return Buffer.from(parsed.serialNumber.valueBlock.valueHexView).equals(Buffer.from(sid.serialNumber.valueBlock.valueHexView))
      && Buffer.from(parsed.issuer.toSchema().toBER()).equals(Buffer.from(sid.issuer.toSchema().toBER()));
  }
  if (sid instanceof asn1js.OctetString) {
    const ski = new x509.X509Certificate(arrayBuffer(cert.raw)).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    return !!ski && ski.toLowerCase() === Buffer.from(sid.valueBlock.valueHexView).toString('hex');
  }
  return false;
}
