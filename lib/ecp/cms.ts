import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { gostDigest } from './gost/verifier';
import { DIGESTS, OID } from './oids';
import { SignatureError, SignatureErrorCode } from './types';

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
  /** the signature time-stamp token (id-aa-signatureTimeStampToken, RFC 3161 / CAdES-T), DER, when the SignerInfo carries one */
  timestampToken?: Buffer;
  /** with signed attributes: the messageDigest the payload must hash to (checked by checkMessageDigest) */
  messageDigest?: Buffer;
}

/** The digest of `bytes` by a digest OID: SHA-2 through Node, GOST (Streebog, GOST 34.311-95) through ./gost; undefined for any other. */
export function digestOf(digestOid: string, bytes: Buffer): Buffer | undefined {
  const hash = DIGESTS[digestOid];
  if (hash) return createHash(hash).update(bytes).digest();
  return gostDigest(digestOid, bytes);
}

const malformed = (message: string) => new SignatureError(SignatureErrorCode.MalformedSignature, message);
const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}\s*$/;

/** The parts of a SignedData the verifier needs, read from the ASN.1 tree without schema matching
 * (pkijs' full SignedData parse, certificates included, costs milliseconds per message). */
interface SignedDataParts {
  contentType?: string;
  content?: Buffer;
  certificates: { der: Buffer; issuer: Buffer; serial: Buffer }[];
  signer: pkijs.SignerInfo;
  signerCount: number;
}

const children = (block: asn1js.AsnType): asn1js.AsnType[] => ((block as asn1js.Constructed).valueBlock?.value as asn1js.AsnType[]) ?? [];
const isContext = (block: asn1js.AsnType, tag: number) => block.idBlock.tagClass === 3 && block.idBlock.tagNumber === tag;
const raw = (block: asn1js.AsnType) => Buffer.from(block.valueBeforeDecodeView);

/** An OCTET STRING's bytes, also when BER splits it into constructed chunks. */
function octets(block: asn1js.AsnType): Buffer {
  if (block.idBlock.isConstructed) return Buffer.concat(children(block).map(octets));
  return Buffer.from((block as asn1js.OctetString).valueBlock.valueHexView);
}

function certificateParts(block: asn1js.AsnType) {
  const tbs = children(children(block)[0]);
  const at = isContext(tbs[0], 0) ? 1 : 0; // explicit version
  return { der: raw(block), serial: Buffer.from((tbs[at] as asn1js.Integer).valueBlock.valueHexView), issuer: raw(tbs[at + 2]) };
}

function decode(signature: string, maxBytes: number): SignedDataParts {
  if (signature.length > maxBytes) throw malformed(`The signature is too large: ${signature.length} bytes of base64, at most ${maxBytes} are accepted`);
  if (!BASE64.test(signature)) throw malformed('The signature is not base64');
  const der = Buffer.from(signature, 'base64');
  // whatever the DER walk does not take or cannot read, the full parse reads or refuses in its words
  let parts: SignedDataParts | undefined;
  try {
    parts = decodeDer(der);
  } catch {
    parts = undefined;
  }
  return parts ?? decodeBer(der);
}

/** One DER element: where its header starts, where its value starts and where it ends. */
interface Element { tag: number; start: number; valueStart: number; end: number }

/**
 * The element at `at`, or undefined for anything the DER walk does not take (a long tag, an
 * indefinite or overlong length, one that runs past `limit`): such a CMS goes to the full BER parse.
 */
function elementAt(der: Buffer, at: number, limit: number): Element | undefined {
  if (at + 2 > limit) return undefined;
  const tag = der[at];
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = der[at + 1];
  let valueStart = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || valueStart + bytes > limit) return undefined;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[valueStart + i];
    valueStart += bytes;
  }
  const end = valueStart + length;
  return end > limit ? undefined : { tag, start: at, valueStart, end };
}

function elementsOf(der: Buffer, parent: Element): Element[] | undefined {
  const found: Element[] = [];
  for (let at = parent.valueStart; at < parent.end; ) {
    const e = elementAt(der, at, parent.end);
    if (!e) return undefined;
    found.push(e);
    at = e.end;
  }
  return found;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const CONTEXT_0 = 0xa0;
const bytesOf = (der: Buffer, e: Element) => der.subarray(e.start, e.end);
const parseBlock = (bytes: Buffer) => {
  const asn1 = asn1js.fromBER(toArrayBuffer(bytes));
  if (asn1.offset === -1) throw new Error(asn1.result.error);
  return asn1.result;
};

/**
 * The SignedData's parts read by walking its DER: only the small blocks (content type, content,
 * the SignerInfo) go through asn1js; the certificates, most of the bytes, are cut out as they are
 * (their serial and issuer read by the same walk). The full BER parse cost 0.6 ms per message.
 * Undefined when the CMS is not plain DER of the usual shape, for decodeBer to read or refuse.
 */
function decodeDer(der: Buffer): SignedDataParts | undefined {
  const top = elementAt(der, 0, der.length);
  if (!top || top.tag !== SEQUENCE || top.end !== der.length) return undefined;
  const outer = elementsOf(der, top);
  if (!outer || outer.length !== 2 || outer[1].tag !== CONTEXT_0) return undefined;
  const oid = (parseBlock(bytesOf(der, outer[0])) as asn1js.ObjectIdentifier)?.getValue?.();
  if (oid !== OID.signedData) return undefined;
  const [signedData] = elementsOf(der, outer[1]) ?? [];
  const items = signedData?.tag === SEQUENCE ? elementsOf(der, signedData) : undefined;
  if (!items || items.length < 4 || items[2].tag !== SEQUENCE || items[items.length - 1].tag !== SET) return undefined;
  const encapsulated = elementsOf(der, items[2]);
  if (!encapsulated?.length || encapsulated.length > 2 || (encapsulated[1] && encapsulated[1].tag !== CONTEXT_0)) return undefined;
  let content: Buffer | undefined;
  if (encapsulated[1]) {
    const [octetString, ...more] = elementsOf(der, encapsulated[1]) ?? [];
    // a constructed (chunked) OCTET STRING is BER: the full parse puts its chunks together
    if (!octetString || more.length || octetString.tag !== 0x04) return undefined;
    content = Buffer.from(der.subarray(octetString.valueStart, octetString.end));
  }
  const certificatesBlock = items.find((e, i) => i > 2 && i < items.length - 1 && e.tag === CONTEXT_0);
  const carried = certificatesBlock ? elementsOf(der, certificatesBlock) : [];
  if (!carried) return undefined;
  const certificates: SignedDataParts['certificates'] = [];
  for (const certificate of carried) {
    // the other choices ([0]..[3]: attribute and other certificates) are not the signer's
    if (certificate.tag & 0xc0) continue;
    const parts = certificate.tag === SEQUENCE ? certificatePartsOf(der, certificate) : undefined;
    if (!parts) return undefined;
    certificates.push(parts);
  }
  const signerInfos = elementsOf(der, items[items.length - 1]);
  if (!signerInfos?.length) return undefined;
  return {
    contentType: (parseBlock(bytesOf(der, encapsulated[0])) as asn1js.ObjectIdentifier)?.getValue?.(),
    content,
    certificates,
    signer: new pkijs.SignerInfo({ schema: parseBlock(bytesOf(der, signerInfos[0])) }),
    signerCount: signerInfos.length,
  };
}

/** A certificate's bytes, serial number and issuer name, from TBSCertificate's first fields. */
function certificatePartsOf(der: Buffer, certificate: Element): SignedDataParts['certificates'][number] | undefined {
  const [tbs] = elementsOf(der, certificate) ?? [];
  const fields = tbs?.tag === SEQUENCE ? elementsOf(der, tbs) : undefined;
  if (!fields) return undefined;
  const at = fields[0]?.tag === CONTEXT_0 ? 1 : 0; // explicit version
  const serial = fields[at];
  const issuer = fields[at + 2];
  if (serial?.tag !== 0x02 || issuer?.tag !== SEQUENCE) return undefined;
  return { der: Buffer.from(bytesOf(der, certificate)), serial: Buffer.from(der.subarray(serial.valueStart, serial.end)), issuer: Buffer.from(bytesOf(der, issuer)) };
}

/** The whole CMS through asn1js: BER (indefinite lengths, chunked content) and every refusal's wording. */
function decodeBer(der: Buffer): SignedDataParts {
  const asn1 = asn1js.fromBER(toArrayBuffer(der));
  if (asn1.offset === -1) throw malformed('The signature is not DER/BER-encoded ASN.1');
  try {
    const [type, explicit] = children(asn1.result);
    const oid = (type as asn1js.ObjectIdentifier)?.getValue?.();
    if (oid !== OID.signedData) throw malformed(`The signature is a CMS of type ${oid ?? 'unknown'}, not SignedData`);
    const items = children(children(explicit)[0]);
    const encapsulated = children(items[2]);
    const contentBlock = encapsulated[1] && isContext(encapsulated[1], 0) ? children(encapsulated[1])[0] : undefined;
    const certificatesBlock = items.find((b, i) => i > 2 && isContext(b, 0));
    const signerInfos = children(items[items.length - 1]);
    if (!signerInfos.length) throw malformed('The CMS has no signer');
    return {
      contentType: (encapsulated[0] as asn1js.ObjectIdentifier)?.getValue?.(),
      content: contentBlock ? octets(contentBlock) : undefined,
      certificates: certificatesBlock ? children(certificatesBlock).filter((c) => c.idBlock.tagClass === 1).map(certificateParts) : [],
      signer: new pkijs.SignerInfo({ schema: signerInfos[0] }),
      signerCount: signerInfos.length,
    };
  } catch (error) {
    if (error instanceof SignatureError) throw error;
    throw malformed(`The signature is not a CMS SignedData: ${(error as Error).message}`);
  }
}

function findSigner(parts: SignedDataParts): Buffer {
  const sid = parts.signer.sid;
  // the issuer's name as the CMS carries it (what toSchema().toBER() gives back for a parsed name, without re-encoding it per certificate)
  const issuer = sid instanceof pkijs.IssuerAndSerialNumber
    ? Buffer.from(sid.issuer.valueBeforeDecode.byteLength ? sid.issuer.valueBeforeDecode : sid.issuer.toSchema().toBER())
    : undefined;
  const match = parts.certificates.find((c) => {
    if (sid instanceof pkijs.IssuerAndSerialNumber) {
      return c.serial.equals(Buffer.from(sid.serialNumber.valueBlock.valueHexView)) && c.issuer.equals(issuer!);
    }
    const cert = pkijs.Certificate.fromBER(toArrayBuffer(c.der));
    const ski = cert.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
    return !!ski && Buffer.from(ski.valueBlock.valueHexView).equals(Buffer.from((sid as asn1js.OctetString).valueBlock.valueHexView));
  });
  if (!match) throw new SignatureError(SignatureErrorCode.CertUntrusted, "The CMS does not carry the signer's certificate");
  return match.der;
}

function attribute(signer: pkijs.SignerInfo, oid: string): unknown | undefined {
  return signer.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

/**
 * Reads a CMS over `payload`: detached (the payload supplied here) or attached (its content must
 * be the payload byte for byte). With signed attributes, their messageDigest must be the payload's:
 * checkMessageDigest, once the signer is known to be trusted (hashing megabytes with a GOST digest
 * in JavaScript is not to be had for the price of an untrusted CMS).
 */
export function parseCms(signature: string, payload: Buffer, maxBytes: number): ParsedCms {
  const parts = decode(signature, maxBytes);
  if (parts.signerCount !== 1) throw malformed(`The CMS has ${parts.signerCount} signers; exactly one is expected`);
  const signer = parts.signer;
  if (parts.content && !parts.content.equals(payload)) {
    throw new SignatureError(SignatureErrorCode.PayloadMismatch, 'The content signed in the CMS is not this message');
  }
  const digestAlgorithmOid = signer.digestAlgorithm.algorithmId;
  let signedBytes = payload;
  if (signer.signedAttrs) {
    const digest = attribute(signer, OID.messageDigest) as asn1js.OctetString | undefined;
    if (!digest) throw malformed('The signed attributes have no messageDigest');
    if (!digestOf(digestAlgorithmOid, Buffer.alloc(0))) throw new SignatureError(SignatureErrorCode.UnsupportedAlgorithm, `Digest algorithm ${digestAlgorithmOid} is not supported`);
    // RFC 5652 5.3: with signed attributes, contentType must be there and name what was signed
    const type = attribute(signer, OID.contentType) as asn1js.ObjectIdentifier | undefined;
    if (!type?.getValue || type.getValue() !== parts.contentType) throw malformed('The signed attributes do not name the content type of the CMS');
    // the signature covers the attributes DER-encoded as a SET (pkijs re-tags the [0] it read as 0x31)
    signedBytes = Buffer.from(signer.signedAttrs.encodedValue);
  }
  const time = attribute(signer, OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const digest = attribute(signer, OID.messageDigest) as asn1js.OctetString | undefined;
  return {
    messageDigest: signer.signedAttrs && digest ? Buffer.from(digest.valueBlock.valueHexView) : undefined,
    signerCertificate: findSigner(parts),
    certificates: parts.certificates.map((c) => c.der),
    signatureAlgorithmOid: signer.signatureAlgorithm.algorithmId,
    signatureAlgorithmParams: signer.signatureAlgorithm.algorithmParams?.toBER?.(),
    digestAlgorithmOid,
    signedBytes,
    signature: Buffer.from(signer.signature.valueBlock.valueHexView),
    signingTime: time?.toDate?.(),
    timestampToken: timestampTokenOf(signer),
  };
}

/** With signed attributes, the payload must hash to their messageDigest: PAYLOAD_MISMATCH otherwise. */
export function checkMessageDigest(cms: ParsedCms, payload: Buffer): void {
  if (!cms.messageDigest) return;
  if (!digestOf(cms.digestAlgorithmOid, payload)!.equals(cms.messageDigest)) {
    throw new SignatureError(SignatureErrorCode.PayloadMismatch, 'The signature was made over other content than this message');
  }
}

/** The first signature time-stamp token among the unsigned attributes (a second one adds nothing here). */
function timestampTokenOf(signer: pkijs.SignerInfo): Buffer | undefined {
  const token = signer.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken)?.values[0] as asn1js.AsnType | undefined;
  if (!token) return undefined;
  if (!(token instanceof asn1js.Sequence)) throw malformed('The signature time-stamp token is not a ContentInfo');
  return Buffer.from(token.valueBeforeDecodeView);
}
