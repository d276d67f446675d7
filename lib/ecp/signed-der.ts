import { createHash, createPrivateKey, sign as nodeSign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { arrayBuffer } from './certificates';
import { GostPrivateKey } from './gost/keys';
import { Profile, PROFILE_OIDS } from './gost/oids';
import { gostSign } from './gost/verifier';

/**
 * DER building for the test stand, the tests and the signing CLI: certificates and CRLs signed by
 * any key kind, including GOST keys, which @peculiar/x509's WebCrypto generator cannot hold.
 */

/** Who signs: a GOST key in a profile, or an RSA/EC key as PEM (PKCS#8). */
export type DerSigner = { gost: GostPrivateKey; profile: Profile } | { keyPem: string };

const node = (der: Uint8Array) => asn1js.fromBER(arrayBuffer(Buffer.from(der))).result;
const toDer = (block: asn1js.AsnType) => Buffer.from(block.toBER());

export const sequence = (...parts: (Uint8Array | asn1js.AsnType)[]) => toDer(new asn1js.Sequence({ value: parts.map((p) => (p instanceof Uint8Array ? node(p) : p)) }));
export const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
/** A non-negative INTEGER from hex, minimally encoded (DER): no leading zero bytes but one before a high bit. */
export function integerHex(hex: string): asn1js.Integer {
  let digits = hex.replace(/^0+/, '') || '0';
  if (digits.length % 2) digits = `0${digits}`;
  if (parseInt(digits.slice(0, 2), 16) >= 0x80) digits = `00${digits}`;
  return new asn1js.Integer({ valueHex: arrayBuffer(Buffer.from(digits, 'hex')) });
}
export const explicit = (tag: number, inner: Uint8Array) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: tag }, value: [node(inner)] });
/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
export const time = (date: Date) => (date.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate: date }) : new asn1js.GeneralizedTime({ valueDate: date }));

/** The AlgorithmIdentifier a signer signs with: GOST in its profile's OIDs, RSA PKCS#1 v1.5 or ECDSA with SHA-256. */
export function algorithmOf(signer: DerSigner): Buffer {
  if ('gost' in signer) return sequence(oid(PROFILE_OIDS[signer.profile][signer.gost.keyClass].signature));
  if (createPrivateKey(signer.keyPem).asymmetricKeyType === 'ec') return sequence(oid('1.2.840.10045.4.3.2'));
  return sequence(oid('1.2.840.113549.1.1.11'), new asn1js.Null());
}

/** Signs `tbs` (GOST in the signer's profile layout). */
export function signTbs(signer: DerSigner, tbs: Buffer): { algorithm: Buffer; value: Buffer } {
  const algorithm = algorithmOf(signer);
  if ('gost' in signer) return { algorithm, value: gostSign(signer.gost, tbs, signer.profile).value };
  const key = createPrivateKey(signer.keyPem);
  return { algorithm, value: key.asymmetricKeyType === 'ec' ? nodeSign('sha256', tbs, { key, dsaEncoding: 'der' }) : nodeSign('sha256', tbs, key) };
}

/** SEQUENCE { tbs, algorithm, BIT STRING signature }: a certificate or CRL. */
export function signStructure(signer: DerSigner, tbs: Buffer): Buffer {
  const { algorithm, value } = signTbs(signer, tbs);
  return sequence(tbs, algorithm, new asn1js.BitString({ valueHex: arrayBuffer(value) }));
}

export interface CertificateFields {
  serialHex: string;
  issuer: Buffer;
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
  /** DER of each Extension */
  extensions: Buffer[];
}

export function buildCertificate(signer: DerSigner, f: CertificateFields): Buffer {
  const tbs = sequence(
    explicit(0, toDer(new asn1js.Integer({ value: 2 }))),
    integerHex(f.serialHex),
    algorithmOf(signer),
    f.issuer,
    sequence(time(f.notBefore), time(f.notAfter)),
    f.subject,
    f.spki,
    ...(f.extensions.length ? [explicit(3, sequence(...f.extensions))] : []),
  );
  return signStructure(signer, tbs);
}

export function buildCrl(signer: DerSigner, f: { issuer: Buffer; thisUpdate: Date; nextUpdate?: Date; revoked: { serialHex: string; date: Date }[] }): Buffer {
  const tbs = sequence(
    new asn1js.Integer({ value: 1 }),
    algorithmOf(signer),
    f.issuer,
    time(f.thisUpdate),
    ...(f.nextUpdate ? [time(f.nextUpdate)] : []),
    ...(f.revoked.length ? [sequence(...f.revoked.map((r) => sequence(integerHex(r.serialHex), time(r.date))))] : []),
  );
  return signStructure(signer, tbs);
}

/** subjectKeyIdentifier as RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spki: Buffer): string {
  const [, bits] = ((node(spki) as asn1js.Sequence).valueBlock.value as asn1js.AsnType[]);
  return createHash('sha1').update(Buffer.from((bits as asn1js.BitString).valueBlock.valueHexView)).digest('hex');
}
