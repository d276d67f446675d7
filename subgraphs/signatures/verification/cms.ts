import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ErrorCode } from '../../shared/errors';
import { DIGESTS, OID } from './oids';
import { SignatureError } from './types';

/** What one CMS SignedData says, read but not yet trusted. */
export interface ParsedCms {
  signerCertificate: Buffer;
  /** every certificate the CMS carries (candidates for the chain) */
  certificates: Buffer[];
  signatureAlgorithmOid: string;
  signatureAlgorithmParams?: ArrayBuffer;
  digestAlgorithmOid: string;
  /** what the signature value covers: the signed attributes as a SET, or the content itself */
  signedBytes: Buffer;
  signature: Buffer;
  signingTime?: Date;
}

const malformed = (message: string) => new SignatureError(ErrorCode.MalformedSignature, message);
const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}\s*$/;

function decode(signature: string, maxBytes: number): pkijs.SignedData {
  if (signature.length > maxBytes) throw malformed(`The signature is ${signature.length} bytes of base64; at most ${maxBytes} are accepted`);
  if (!BASE64.test(signature)) throw malformed('The signature is not base64');
  const der = Buffer.from(signature, 'base64');
  const asn1 = asn1js.fromBER(toArrayBuffer(der));
  if (asn1.offset === -1) throw malformed('The signature is not DER/BER-encoded ASN.1');
  try {
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) throw malformed(`The signature is a CMS of type ${info.contentType}, not SignedData`);
    return new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    if (error instanceof SignatureError) throw error;
    throw malformed(`The signature is not a CMS SignedData: ${(error as Error).message}`);
  }
}

function findSigner(signed: pkijs.SignedData, signer: pkijs.SignerInfo): pkijs.Certificate {
  const certificates = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signer.sid;
  const match = certificates.find((c) => {
    if (sid instanceof pkijs.IssuerAndSerialNumber) return c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber);
    const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
    return !!ski && Buffer.from(ski.valueBlock.valueHexView).equals(Buffer.from((sid as asn1js.OctetString).valueBlock.valueHexView));
  });
  if (!match) throw new SignatureError(ErrorCode.CertUntrusted, "The CMS does not carry the signer's certificate");
  return match;
}

function attribute(signer: pkijs.SignerInfo, oid: string): unknown | undefined {
  return signer.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

/**
 * Reads a CMS over `payload`: detached (the payload supplied here) or attached (its content must
 * be the payload byte for byte). With signed attributes, their messageDigest must be the payload's.
 */
export function parseCms(signature: string, payload: Buffer, maxBytes: number): ParsedCms {
  const signed = decode(signature, maxBytes);
  if (signed.signerInfos.length !== 1) throw malformed(`The CMS has ${signed.signerInfos.length} signers; exactly one is expected`);
  const signer = signed.signerInfos[0];
  const embedded = signed.encapContentInfo.eContent;
  if (embedded && !Buffer.from(embedded.getValue()).equals(payload)) {
    throw new SignatureError(ErrorCode.PayloadMismatch, 'The content signed in the CMS is not this message');
  }
  const digestAlgorithmOid = signer.digestAlgorithm.algorithmId;
  let signedBytes = payload;
  if (signer.signedAttrs) {
    const digest = attribute(signer, OID.messageDigest) as asn1js.OctetString | undefined;
    if (!digest) throw malformed('The signed attributes have no messageDigest');
    const hash = DIGESTS[digestAlgorithmOid];
    if (!hash) throw new SignatureError(ErrorCode.UnsupportedAlgorithm, `Digest algorithm ${digestAlgorithmOid} is not supported`);
    if (!createHash(hash).update(payload).digest().equals(Buffer.from(digest.valueBlock.valueHexView))) {
      throw new SignatureError(ErrorCode.PayloadMismatch, 'The signature was made over other content than this message');
    }
    signedBytes = Buffer.from(signer.signedAttrs.encodedValue);
  }
  const time = attribute(signer, OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const certificates = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  return {
    signerCertificate: Buffer.from(findSigner(signed, signer).toSchema().toBER()),
    certificates: certificates.map((c) => Buffer.from(c.toSchema().toBER())),
    signatureAlgorithmOid: signer.signatureAlgorithm.algorithmId,
    signatureAlgorithmParams: signer.signatureAlgorithm.algorithmParams?.toBER?.(),
    digestAlgorithmOid,
    signedBytes,
    signature: Buffer.from(signer.signature.valueBlock.valueHexView),
    signingTime: time?.toDate?.(),
  };
}
