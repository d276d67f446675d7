import 'reflect-metadata';
import { createHash, createPrivateKey, KeyObject, sign as nodeSign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer } from './certificates';
import { generatePrivateKey, GostPrivateKey, privateKeyPem, readGostPrivateKey, encodePublicKey } from './gost/keys';
import { KeyClass, Profile, PROFILE_OIDS } from './gost/oids';
import { gostDigest, gostSign } from './gost/verifier';
import { OID } from './oids';
import { buildCertificate, buildCrl, DerSigner, keyIdentifier } from './signed-der';

/**
 * Making certificates and CMS signatures: for the test stand's demo CA (npm start), the signing
 * CLI and the tests. Keys made here are test-only.
 */
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** RSA-2048 and P-256 through WebCrypto; GOST 34.10-2015 512/256 and 34.310-2004 through ./gost. */
export type KeyKind = 'RSA' | 'EC' | 'GOST512' | 'GOST256' | 'GOST2004';

const GOST_CLASS: Partial<Record<KeyKind, KeyClass>> = { GOST512: '2012-512', GOST256: '2012-256', GOST2004: '2001' };

/** A GOST key and the profile its certificate, CRLs and CMS use (kz: NCA RK's OIDs and byte order). */
export interface GostSigner {
  gost: GostPrivateKey;
  profile: Profile;
}

export interface Issued {
  cert: x509.X509Certificate;
  /** RSA and EC keys (absent for GOST) */
  keys?: CryptoKeyPair;
  /** GOST keys */
  gost?: GostSigner;
  certPem: string;
  /** PKCS#8 PEM; a GOST key in its profile's OIDs */
  keyPem: string;
}

const isGost = (kind?: KeyKind) => !!kind && kind in GOST_CLASS;
const derSigner = (issued: Issued): DerSigner => issued.gost ?? { keyPem: issued.keyPem };
const certPemOf = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`;

/** Extensions a test or the demo stand may ask for beyond basicConstraints, keyUsage and the key identifier. */
export interface ExtraExtensions {
  /** extendedKeyUsage OIDs (NCA RK: emailProtection 1.3.6.1.5.5.7.3.4 to sign, clientAuth 1.3.6.1.5.5.7.3.2 to authenticate) */
  extendedKeyUsage?: string[];
  /** certificatePolicies OIDs (NCA RK: 1.2.398.3.3.4.1.1 individual, 1.2.398.3.3.4.1.2.* legal entity) */
  policies?: string[];
  /** Authority Information Access: the OCSP responder */
  ocspUrl?: string;
  /** basicConstraints pathLenConstraint (CAs) */
  pathLength?: number;
  /** nameConstraints of a CA: directory names (RFC 4514 strings, e.g. "C=KZ") in permitted and excluded subtrees */
  nameConstraints?: { permitted?: string[]; excluded?: string[] };
}

function nameConstraintsExtension(c: NonNullable<ExtraExtensions['nameConstraints']>): x509.Extension {
  const subtrees = (names: string[], tag: number) =>
    new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: tag },
      value: names.map((n) => new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [asn1js.fromBER(new x509.Name(n).toArrayBuffer()).result] })] })),
    });
  const value = new asn1js.Sequence({ value: [...(c.permitted?.length ? [subtrees(c.permitted, 0)] : []), ...(c.excluded?.length ? [subtrees(c.excluded, 1)] : [])] });
  return new x509.Extension('2.5.29.30', true, value.toBER());
}

function extraExtensions(extra: ExtraExtensions): x509.Extension[] {
  const extensions: x509.Extension[] = [];
  // RFC 3161 §2.3: a TSA's timeStamping usage is critical (openssl ts insists)
  if (extra.extendedKeyUsage) extensions.push(new x509.ExtendedKeyUsageExtension(extra.extendedKeyUsage, extra.extendedKeyUsage.includes('1.3.6.1.5.5.7.3.8')));
  if (extra.policies) extensions.push(new x509.CertificatePolicyExtension(extra.policies, false));
  if (extra.ocspUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: [new x509.GeneralName('url', extra.ocspUrl)] }));
  if (extra.nameConstraints) extensions.push(nameConstraintsExtension(extra.nameConstraints));
  return extensions;
}

/** A GOST key pair: the key, its SubjectPublicKeyInfo and PKCS#8 PEM in the profile's OIDs. */
function gostKeyPair(kind: KeyKind, profile: Profile): { signer: GostSigner; spki: Buffer; keyPem: string } {
  const key = generatePrivateKey(profile, GOST_CLASS[kind]!);
  return { signer: { gost: key, profile }, spki: encodePublicKey(key, profile), keyPem: privateKeyPem(key, profile) };
}

/** A certificate with any key kind under any issuer (or self-signed), built as DER: the GOST path. */
function buildIssued(opts: { signer?: Issued; subject: x509.Name; issuer: x509.Name; kind: KeyKind; profile: Profile; serialNumber: string; notBefore: Date; notAfter: Date; ca: boolean; pathLength?: number; keyUsage: number; extra: ExtraExtensions }): Issued {
  const own = gostKeyPair(opts.kind, opts.profile);
  const extensions = [
    new x509.BasicConstraintsExtension(opts.ca, opts.pathLength, true),
    new x509.KeyUsagesExtension(opts.keyUsage, true),
    new x509.SubjectKeyIdentifierExtension(keyIdentifier(own.spki)),
    ...extraExtensions(opts.extra),
  ];
  const der = buildCertificate(opts.signer ? derSigner(opts.signer) : own.signer, {
    serialHex: opts.serialNumber,
    issuer: Buffer.from(opts.issuer.toArrayBuffer()),
    subject: Buffer.from(opts.subject.toArrayBuffer()),
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    spki: own.spki,
    extensions: extensions.map((e) => Buffer.from(e.rawData)),
  });
  return { cert: new x509.X509Certificate(arrayBuffer(der)), gost: own.signer, certPem: certPemOf(der), keyPem: own.keyPem };
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

export async function createRootCa(opts: { name?: string; kind?: KeyKind; profile?: Profile; notBefore?: Date; notAfter?: Date } & ExtraExtensions = {}): Promise<Issued> {
  const kind = opts.kind ?? 'RSA';
  if (isGost(kind)) {
    const name = new x509.Name(opts.name ?? 'CN=Qyzmet Hub demo GOST root CA (test only), O=Qyzmet Hub test stand, C=KZ');
    return buildIssued({
      subject: name, issuer: name, kind, profile: opts.profile ?? 'kz', serialNumber: nextSerial(), ca: true, pathLength: opts.pathLength,
      notBefore: opts.notBefore ?? new Date(Date.now() - DAY), notAfter: opts.notAfter ?? new Date(Date.now() + 3650 * DAY),
      keyUsage: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, extra: opts,
    });
  }
  const keys = await generate(kind);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: opts.name ?? 'CN=Qyzmet Hub demo root CA (test only), O=Qyzmet Hub test stand, C=KZ',
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 3650 * DAY),
    keys,
    signingAlgorithm: algorithmOf(kind),
    extensions: [
      new x509.BasicConstraintsExtension(true, opts.pathLength, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ...extraExtensions(opts),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem') + '\n', keyPem: await pem(keys) };
}

/** A demo CA: a root, and (with `intermediate`) an intermediate under it that issues end entities. */
export async function createDemoCa(opts: { intermediate?: boolean; kind?: KeyKind; profile?: Profile; name?: string } = {}): Promise<{ root: Issued; issuer: Issued; chain: Issued[] }> {
  const root = await createRootCa({ kind: opts.kind, profile: opts.profile, name: opts.name });
  if (!opts.intermediate) return { root, issuer: root, chain: [] };
  const intermediate = await issueCertificate(root, { commonName: 'Qyzmet Hub demo intermediate CA (test only)', organisation: 'Qyzmet Hub test stand', ca: true, kind: opts.kind, profile: opts.profile });
  return { root, issuer: intermediate, chain: [intermediate] };
}

export interface PersonCertificate extends ExtraExtensions {
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
  /** for GOST keys: the OIDs of the key (kz by default, as NCA RK issues them) */
  profile?: Profile;
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
  const keyUsage = person.keyUsage ?? (person.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
  if (isGost(kind) || issuer.gost) {
    if (!isGost(kind)) throw new Error('A GOST CA issues GOST certificates here (kind GOST512, GOST256 or GOST2004)');
    return buildIssued({
      signer: issuer, subject: subjectName(person), issuer: issuer.cert.subjectName, kind, profile: person.profile ?? issuer.gost?.profile ?? 'kz',
      serialNumber: person.serialNumber ?? nextSerial(), ca: !!person.ca, pathLength: person.pathLength, keyUsage,
      notBefore: person.notBefore ?? new Date(Date.now() - DAY), notAfter: person.notAfter ?? new Date(Date.now() + 365 * DAY), extra: person,
    });
  }
  const keys = await generate(kind);
  const issuerAlgorithm = issuer.cert.publicKey.algorithm as { name: string };
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: person.serialNumber ?? nextSerial(),
    subject: subjectName(person),
    issuer: issuer.cert.subjectName,
    notBefore: person.notBefore ?? new Date(Date.now() - DAY),
    notAfter: person.notAfter ?? new Date(Date.now() + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: issuer.keys!.privateKey,
    signingAlgorithm: issuerAlgorithm.name === 'ECDSA' ? EC : RSA,
    extensions: [
      new x509.BasicConstraintsExtension(!!person.ca, person.pathLength, true),
      new x509.KeyUsagesExtension(keyUsage, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ...extraExtensions(person),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem') + '\n', keyPem: await pem(keys) };
}

/** A revoked serial (hex), or one with the time it was revoked (default: a minute ago). */
export type RevokedEntry = string | { serialNumber: string; revokedAt: Date };

/** A CRL of `issuer` listing the given serials (hex) as revoked; GOST CAs sign it in their profile. */
export async function createCrl(issuer: Issued, revoked: RevokedEntry[], nextUpdate = new Date(Date.now() + 7 * DAY), thisUpdate = new Date(Date.now() - 60_000)): Promise<string> {
  const entries = revoked.map((r) => (typeof r === 'string' ? { serialNumber: r, revokedAt: new Date(Date.now() - 60_000) } : r));
  let der: Buffer;
  if (issuer.gost) {
    der = buildCrl(issuer.gost, { issuer: Buffer.from(issuer.cert.subjectName.toArrayBuffer()), thisUpdate, nextUpdate, revoked: entries.map((e) => ({ serialHex: e.serialNumber, date: e.revokedAt })) });
  } else {
    const issuerAlgorithm = issuer.cert.publicKey.algorithm as { name: string };
    const crl = await x509.X509CrlGenerator.create({
      issuer: issuer.cert.subjectName,
      thisUpdate,
      nextUpdate,
      entries: entries.map((e) => ({ serialNumber: e.serialNumber, revocationDate: e.revokedAt })),
      signingKey: issuer.keys!.privateKey,
      signingAlgorithm: issuerAlgorithm.name === 'ECDSA' ? EC : RSA,
    });
    der = Buffer.from(crl.rawData);
  }
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN X509 CRL-----\n${base64}\n-----END X509 CRL-----\n`;
}

export interface CmsOptions {
  payload: Buffer;
  /** the signer's certificate (PEM or DER) */
  cert: string | Buffer;
  /** the signer's private key: an RSA/EC KeyObject, or a GOST key with its profile */
  key: KeyObject | GostSigner;
  /** GOST: name the key algorithm (as OpenSSL does) instead of the signature algorithm (as NCALayer does) in the SignerInfo */
  keyAlgorithmInSignerInfo?: boolean;
  /** unsigned attributes of the SignerInfo (e.g. a signature time-stamp token), each a type and one DER value */
  unsignedAttributes?: { type: string; value: Buffer }[];
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

/** How a CMS is signed: the digest, the signature value over given bytes, the SignerInfo's algorithm. */
interface CmsSigning {
  digestOid: string;
  digest(bytes: Buffer): Buffer;
  sign(bytes: Buffer): Buffer;
  signatureAlgorithm: pkijs.AlgorithmIdentifier;
}

const isGostSigner = (key: KeyObject | GostSigner): key is GostSigner => 'gost' in key;

function cmsSigning(opts: CmsOptions): CmsSigning {
  const key = opts.key;
  if (isGostSigner(key)) {
    const oids = PROFILE_OIDS[key.profile][key.gost.keyClass];
    return {
      digestOid: oids.digest,
      digest: (bytes) => gostDigest(oids.digest, bytes)!,
      sign: (bytes) => gostSign(key.gost, bytes, key.profile).value,
      signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: opts.keyAlgorithmInSignerInfo ? oids.key : oids.signature }),
    };
  }
  const ec = key.asymmetricKeyType === 'ec';
  return {
    digestOid: SHA256,
    digest: (bytes) => createHash('sha256').update(bytes).digest(),
    sign: (bytes) => (opts.pss
      ? nodeSign('sha256', bytes, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 })
      : nodeSign('sha256', bytes, ec ? { key, dsaEncoding: 'der' } : key)),
    signatureAlgorithm: opts.pss
      ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaPss, algorithmParams: new pkijs.RSASSAPSSParams({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }), maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.8', algorithmParams: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }).toSchema() }), saltLength: 32 }).toSchema() })
      : new pkijs.AlgorithmIdentifier(ec ? { algorithmId: '1.2.840.10045.4.3.2' } : { algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
  };
}

const attributeOf = (a: { type: string; value: Buffer }) => new pkijs.Attribute({ type: a.type, values: [asn1js.fromBER(arrayBuffer(a.value)).result] });

/** A CMS SignedData over `payload`, as NCALayer or `openssl cms -sign` would make it; base64. */
export function signCms(opts: CmsOptions): string {
  return buildCms(opts, cmsSigning(opts)).der.toString('base64');
}

/** The CMS as DER, with what signCmsMany needs to make others like it: the signed attributes' DER, the digest, the signature. */
function buildCms(opts: CmsOptions, signing: CmsSigning): { der: Buffer; signedAttributes: Buffer; digest: Buffer; signature: Buffer } {
  const certificate = parseCertificate(opts.cert);
  const digest = signing.digest(opts.payload);
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: opts.signingTime ?? new Date() })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: arrayBuffer(digest) })] }),
  ];
  const { sorted, der } = derSetOf(attributes.map((a) => a.toSchema()));
  const withAttributes = opts.signedAttributes !== false;
  const signature = signing.sign(withAttributes ? der : opts.payload);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: signing.digestOid }),
    ...(withAttributes ? { signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted.map((schema) => new pkijs.Attribute({ schema })) }) } : {}),
    ...(opts.unsignedAttributes?.length ? { unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: opts.unsignedAttributes.map(attributeOf) }) } : {}),
    signatureAlgorithm: signing.signatureAlgorithm,
    signature: new asn1js.OctetString({ valueHex: arrayBuffer(signature) }),
  });
  const signed = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: signing.digestOid })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      ...(opts.detached === false ? { eContent: new asn1js.OctetString({ valueHex: arrayBuffer(opts.payload) }) } : {}),
    }),
    signerInfos: [signerInfo],
    certificates: [certificate, ...(opts.chain ?? []).map(parseCertificate)],
  });
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) });
  return { der: Buffer.from(info.toSchema().toBER()), signedAttributes: der, digest, signature };
}

/** Where `part` is in `whole`, if it is there exactly once. */
function onlyPlace(whole: Buffer, part: Buffer): number | undefined {
  const at = whole.indexOf(part);
  return at >= 0 && whole.indexOf(part, at + 1) < 0 ? at : undefined;
}

/**
 * CMS SignedData over each payload with one certificate, key and signing time (a batch signed at
 * once); base64, each as signCms would make it. Such signatures differ only in the message digest
 * and the signature value, so the first is built in full and each other is its DER with those two
 * replaced: building the structure (pkijs, asn1js) costs several times the signing itself. A
 * signature of another length than the first's (an ECDSA signature's DER varies by a byte or two)
 * is built in full, as is every one without signed attributes, attached or with unsigned attributes.
 */
export function signCmsMany(opts: Omit<CmsOptions, 'payload'> & { payloads: Buffer[] }): string[] {
  const { payloads, ...common } = opts;
  if (!payloads.length) return [];
  const signingTime = common.signingTime ?? new Date();
  const options = (payload: Buffer): CmsOptions => ({ ...common, payload, signingTime });
  if (common.signedAttributes === false || common.detached === false || common.unsignedAttributes?.length) return payloads.map((p) => signCms(options(p)));
  const signing = cmsSigning(options(payloads[0]));
  const first = buildCms(options(payloads[0]), signing);
  const digestInAttributes = onlyPlace(first.signedAttributes, first.digest);
  const digestAt = onlyPlace(first.der, first.digest);
  const signatureAt = onlyPlace(first.der, first.signature);
  return payloads.map((payload, i) => {
    if (i === 0) return first.der.toString('base64');
    if (digestInAttributes === undefined || digestAt === undefined || signatureAt === undefined) return signCms(options(payload));
    const digest = signing.digest(payload);
    const attributes = Buffer.from(first.signedAttributes);
    digest.copy(attributes, digestInAttributes);
    const signature = signing.sign(attributes);
    if (signature.length !== first.signature.length || digest.length !== first.digest.length) return signCms(options(payload));
    const der = Buffer.from(first.der);
    digest.copy(der, digestAt);
    signature.copy(der, signatureAt);
    return der.toString('base64');
  });
}

/**
 * The same CMS with an unsigned attribute added to its (only) SignerInfo: how a signature
 * time-stamp token is attached after signing (CAdES-T), also to a CMS another tool made.
 */
export function withUnsignedAttribute(signature: string, attribute: { type: string; value: Buffer }): string {
  const der = Buffer.from(signature, 'base64');
  const info = pkijs.ContentInfo.fromBER(arrayBuffer(der));
  const signed = new pkijs.SignedData({ schema: info.content });
  const signer = signed.signerInfos[0];
  const existing = signer.unsignedAttrs?.attributes ?? [];
  signer.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [...existing, attributeOf(attribute)] });
  return Buffer.from(new pkijs.ContentInfo({ contentType: info.contentType, content: signed.toSchema(true) }).toSchema().toBER()).toString('base64');
}

/** A signing key from PEM: RSA/EC through Node, GOST (either profile's OIDs) through ./gost, in the profile given or its own. */
export function readSigningKey(keyPem: string | Buffer, profile?: Profile): KeyObject | GostSigner {
  const gost = readGostPrivateKey(keyPem);
  if (gost) return { gost, profile: profile ?? gost.profile };
  return createPrivateKey(keyPem);
}

/** A CA made earlier (its certificate and RSA key as PEM), to issue more certificates under it: the tests' extra demo people. */
export async function loadIssuer(certPem: string, keyPem: string): Promise<Issued> {
  const cert = new x509.X509Certificate(certPem);
  const der = Buffer.from(keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const publicKey = await cert.publicKey.export(webcrypto as unknown as Crypto);
  return { cert, keys: { privateKey, publicKey } as CryptoKeyPair, certPem, keyPem };
}
