import 'reflect-metadata';
import { createHash, KeyObject, sign as nodeSign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer } from './certificates';
import { OID } from './oids';

/**
 * Making certificates and CMS signatures: for the test stand's demo CA (npm start), the signing
 * CLI and the tests. Keys made here are test-only.
 */
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type KeyKind = 'RSA' | 'EC';

export interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  certPem: string;
  keyPem: string;
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const algorithmOf = (kind: KeyKind) => (kind === 'EC' ? EC : RSA);
const DAY = 86_400_000;
let serialCounter = Date.now();
const nextSerial = () => (serialCounter++).toString(16).padStart(16, '0').replace(/^[89a-f]/, '7');

async function pem(keys: CryptoKeyPair): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey));
  return `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END PRIVATE KEY-----\n`;
}

const generate = (kind: KeyKind) => webcrypto.subtle.generateKey(algorithmOf(kind), true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

export async function createRootCa(opts: { name?: string; kind?: KeyKind; notBefore?: Date; notAfter?: Date } = {}): Promise<Issued> {
  const kind = opts.kind ?? 'RSA';
  const keys = await generate(kind);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: opts.name ?? 'CN=Qyzmet Hub demo root CA (test only), O=Qyzmet Hub test stand, C=KZ',
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 3650 * DAY),
    keys,
    signingAlgorithm: algorithmOf(kind),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem') + '\n', keyPem: await pem(keys) };
}

/** A demo CA: a root, and (with `intermediate`) an intermediate under it that issues end entities. */
export async function createDemoCa(opts: { intermediate?: boolean; kind?: KeyKind; name?: string } = {}): Promise<{ root: Issued; issuer: Issued; chain: Issued[] }> {
  const root = await createRootCa({ kind: opts.kind, name: opts.name });
  if (!opts.intermediate) return { root, issuer: root, chain: [] };
  const intermediate = await issueCertificate(root, { commonName: 'Qyzmet Hub demo intermediate CA (test only)', organisation: 'Qyzmet Hub test stand', ca: true, kind: opts.kind });
  return { root, issuer: intermediate, chain: [intermediate] };
}

export interface PersonCertificate {
  /** CN: surname and name */
  commonName: string;
  /** SURNAME (2.5.4.4); a person's default is the first word of the CN */
  surname?: string;
  /** G (2.5.4.42): NCA RK puts the patronymic here */
  givenName?: string;
  iin?: string;
  bin?: string;
  organisation?: string;
  kind?: KeyKind;
  notBefore?: Date;
  notAfter?: Date;
  keyUsage?: number;
  /** an intermediate CA instead of a person */
  ca?: boolean;
  serialNumber?: string;
}

/**
 * The subject with typed values (as NCA RK encodes them: UTF8String text, PrintableString
 * identifiers). Plain JSON strings would be parsed by @peculiar/x509 as DN syntax, mangling
 * names with quotes or commas such as ТОО "Рога, копыта".
 */
function subjectName(person: PersonCertificate): x509.Name {
  const text = (value: string) => [{ utf8String: value }];
  const printable = (value: string) => [{ printableString: value }];
  const rdns: x509.JsonNameParams = [{ CN: text(person.commonName) }];
  const surname = person.surname ?? (person.ca ? undefined : person.commonName.split(/\s+/)[0]);
  if (surname) rdns.push({ '2.5.4.4': text(surname) });
  if (person.givenName) rdns.push({ '2.5.4.42': text(person.givenName) });
  if (person.iin) rdns.push({ '2.5.4.5': printable(`IIN${person.iin}`) });
  if (person.organisation) rdns.push({ O: text(person.organisation) });
  if (person.bin) rdns.push({ OU: printable(`BIN${person.bin}`) });
  rdns.push({ C: printable('KZ') });
  return new x509.Name(rdns);
}

/** A certificate in the NCA RK subject style: CN, SURNAME, G, SERIALNUMBER=IIN…, O, OU=BIN…, C=KZ. */
export async function issueCertificate(issuer: Issued, person: PersonCertificate): Promise<Issued> {
  const kind = person.kind ?? 'RSA';
  const keys = await generate(kind);
  const issuerAlgorithm = issuer.cert.publicKey.algorithm as { name: string };
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: person.serialNumber ?? nextSerial(),
    subject: subjectName(person),
    issuer: issuer.cert.subjectName,
    notBefore: person.notBefore ?? new Date(Date.now() - DAY),
    notAfter: person.notAfter ?? new Date(Date.now() + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: issuerAlgorithm.name === 'ECDSA' ? EC : RSA,
    extensions: [
      new x509.BasicConstraintsExtension(!!person.ca, undefined, true),
      new x509.KeyUsagesExtension(person.keyUsage ?? (person.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation), true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem') + '\n', keyPem: await pem(keys) };
}

/** A CRL of `issuer` listing the given serials (hex) as revoked. */
export async function createCrl(issuer: Issued, revokedSerials: string[], nextUpdate = new Date(Date.now() + 7 * DAY)): Promise<string> {
  const issuerAlgorithm = issuer.cert.publicKey.algorithm as { name: string };
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.cert.subjectName,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate,
    entries: revokedSerials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - 60_000) })),
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: issuerAlgorithm.name === 'ECDSA' ? EC : RSA,
  });
  const base64 = Buffer.from(crl.rawData).toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN X509 CRL-----\n${base64}\n-----END X509 CRL-----\n`;
}

export interface CmsOptions {
  payload: Buffer;
  /** the signer's certificate (PEM or DER) */
  cert: string | Buffer;
  /** the signer's private key */
  key: KeyObject;
  /** certificates to carry besides the signer's (intermediates) */
  chain?: (string | Buffer)[];
  detached?: boolean;
  signingTime?: Date;
  /** RSA-PSS instead of PKCS#1 v1.5 (RSA keys only) */
  pss?: boolean;
  /** false: no signed attributes, the signature is over the content itself (default true) */
  signedAttributes?: boolean;
}

const toDer = (c: string | Buffer) => (typeof c === 'string' ? Buffer.from(c.replace(/-----[^-]+-----|\s/g, ''), 'base64') : c);
const SHA256 = '2.16.840.1.101.3.4.2.1';

/** DER requires a SET OF in the order of its members' encodings. */
function derSetOf(members: asn1js.BaseBlock[]): { sorted: asn1js.BaseBlock[]; der: Buffer } {
  const encoded = members.map((m) => ({ m, der: Buffer.from(m.toBER()) })).sort((a, b) => Buffer.compare(a.der, b.der));
  const sorted = encoded.map((e) => e.m);
  return { sorted, der: Buffer.from(new asn1js.Set({ value: sorted }).toBER()) };
}

/** Parsed signer certificates: parsing with pkijs's schema costs more than the signing itself. */
const parsedCertificates = new Map<string, pkijs.Certificate>();

function parseCertificate(cert: string | Buffer): pkijs.Certificate {
  const der = toDer(cert);
  const key = der.toString('base64');
  let parsed = parsedCertificates.get(key);
  if (!parsed) {
    parsed = pkijs.Certificate.fromBER(arrayBuffer(der));
    if (parsedCertificates.size >= 64) parsedCertificates.delete(parsedCertificates.keys().next().value!);
    parsedCertificates.set(key, parsed);
  }
  return parsed;
}

/** A CMS SignedData over `payload`, as NCALayer or `openssl cms -sign` would make it; base64. */
export function signCms(opts: CmsOptions): string {
  const certificate = parseCertificate(opts.cert);
  const ec = opts.key.asymmetricKeyType === 'ec';
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: opts.signingTime ?? new Date() })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: arrayBuffer(createHash('sha256').update(opts.payload).digest()) })] }),
  ];
  const { sorted, der } = derSetOf(attributes.map((a) => a.toSchema()));
  const withAttributes = opts.signedAttributes !== false;
  const signedBytes = withAttributes ? der : opts.payload;
  const signature = opts.pss
    ? nodeSign('sha256', signedBytes, { key: opts.key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 })
    : nodeSign('sha256', signedBytes, ec ? { key: opts.key, dsaEncoding: 'der' } : opts.key);
  const signatureAlgorithm = opts.pss
    ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaPss, algorithmParams: new pkijs.RSASSAPSSParams({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }), maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.8', algorithmParams: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }).toSchema() }), saltLength: 32 }).toSchema() })
    : new pkijs.AlgorithmIdentifier(ec ? { algorithmId: '1.2.840.10045.4.3.2' } : { algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }),
    ...(withAttributes ? { signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted.map((schema) => new pkijs.Attribute({ schema })) }) } : {}),
    signatureAlgorithm,
    signature: new asn1js.OctetString({ valueHex: arrayBuffer(signature) }),
  });
  const signed = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      ...(opts.detached === false ? { eContent: new asn1js.OctetString({ valueHex: arrayBuffer(opts.payload) }) } : {}),
    }),
    signerInfos: [signerInfo],
    certificates: [certificate, ...(opts.chain ?? []).map(parseCertificate)],
  });
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) });
  return Buffer.from(info.toSchema().toBER()).toString('base64');
}

/** A CA made earlier (its certificate and RSA key as PEM), to issue more certificates under it: the tests' extra demo people. */
export async function loadIssuer(certPem: string, keyPem: string): Promise<Issued> {
  const cert = new x509.X509Certificate(certPem);
  const der = Buffer.from(keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const publicKey = await cert.publicKey.export(webcrypto as unknown as Crypto);
  return { cert, keys: { privateKey, publicKey } as CryptoKeyPair, certPem, keyPem };
}
