import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { OID } from './oids';

/** PEM or DER (one or many certificates) -> DER of each. */
export function splitCertificates(data: Buffer | string): Buffer[] {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (pems) return pems.map((pem) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  return typeof data === 'string' ? [] : [data];
}

export const arrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

const children = (block: asn1js.AsnType): asn1js.AsnType[] => ((block as asn1js.Constructed).valueBlock?.value as asn1js.AsnType[]) ?? [];
const raw = (block: asn1js.AsnType) => Buffer.from(block.valueBeforeDecodeView);

function parseDer(der: Buffer): asn1js.AsnType {
  const asn1 = asn1js.fromBER(arrayBuffer(der));
  if (asn1.offset === -1) throw new Error(`not DER: ${asn1.result.error}`);
  return asn1.result;
}

/** The TBSCertificate fields by position (the version is an optional [0]). */
function tbsFields(der: Buffer): asn1js.AsnType[] {
  const tbs = children(children(parseDer(der))[0]);
  const first = tbs[0];
  return first && first.idBlock.tagClass === 3 && first.idBlock.tagNumber === 0 ? tbs.slice(1) : tbs;
}

/** The raw SubjectPublicKeyInfo: handed to AlgorithmVerifiers as is, so that keys Node does not know (GOST) still reach them. */
export const spkiOf = (der: Buffer): Buffer => raw(tbsFields(der)[5]);
export const subjectDerOf = (der: Buffer): Buffer => raw(tbsFields(der)[4]);
export const issuerDerOf = (der: Buffer): Buffer => raw(tbsFields(der)[2]);

/** A signed X.509 structure (certificate or CRL): SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING }. */
export interface SignedStructure {
  tbs: Buffer;
  algorithmOid: string;
  algorithmParams?: ArrayBuffer;
  signature: Buffer;
}

export function signedStructure(der: Buffer): SignedStructure {
  const [tbs, algorithm, value] = children(parseDer(der));
  const [oid, params] = children(algorithm);
  return {
    tbs: raw(tbs),
    algorithmOid: (oid as asn1js.ObjectIdentifier).getValue(),
    // absent or NULL parameters are the same thing for every algorithm we read
    algorithmParams: params && !(params instanceof asn1js.Null) ? arrayBuffer(raw(params)) : undefined,
    signature: Buffer.from((value as asn1js.BitString).valueBlock.valueHexView),
  };
}

/** One attribute of a Name, in the order the DER has them (X.500 order: country first). */
interface NameAttribute {
  oid: string;
  /** decoded text for the string types; undefined for any other type */
  text?: string;
  der: Buffer;
}

const STRING_TYPES = new Set([12, 18, 19, 20, 22, 26, 28, 30]); // UTF8, Numeric, Printable, Teletex, IA5, Visible, Universal, BMP

function nameRdns(nameDer: Buffer): NameAttribute[][] {
  return children(parseDer(nameDer)).map((rdn) =>
    children(rdn).map((atv) => {
      const [type, value] = children(atv);
      const isString = value.idBlock.tagClass === 1 && STRING_TYPES.has(value.idBlock.tagNumber);
      return { oid: (type as asn1js.ObjectIdentifier).getValue(), text: isString ? String((value as asn1js.BaseStringBlock).valueBlock.value) : undefined, der: raw(value) };
    }),
  );
}

/** LDAP descriptors registered for these attribute types (RFC 4514 §2.3, RFC 4519); others print as dotted OIDs. */
const DESCRIPTORS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'givenName',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

function escapeValue(value: string): string {
  return value
    .replace(/[\\"+,;<>]/g, (c) => `\\${c}`)
    // eslint-disable-next-line no-control-regex -- NUL is escaped in an RFC 4514 name, so it is matched on purpose
    .replace(/\u0000/g, '\\00')
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/** A Name (DER) as an RFC 4514 string: last RDN first, ",", "+" inside multi-valued RDNs. */
export function rfc4514(nameDer: Buffer): string {
  return nameRdns(nameDer)
    .reverse()
    .map((rdn) =>
      rdn
        .map((a) => {
          const descriptor = DESCRIPTORS[a.oid];
          // a value without a descriptor, or not a string, is the hex of its BER (RFC 4514 §2.4)
          if (!descriptor || a.text === undefined) return `${descriptor ?? a.oid}=#${a.der.toString('hex')}`;
          return `${descriptor}=${escapeValue(a.text)}`;
        })
        .join('+'),
    )
    .join(',');
}

/** Who a certificate names, in the NCA RK subject style. */
export interface Subject {
  name: string;
  iin?: string;
  bin?: string;
  organisation?: string;
}

export function subjectOf(der: Buffer): Subject {
  const attributes = nameRdns(subjectDerOf(der)).flat();
  const field = (oid: string) => attributes.filter((a) => a.oid === oid && a.text !== undefined).map((a) => a.text!.trim());
  const iin = field(OID.serialNumber).map((v) => /^IIN(\d{12})$/.exec(v)?.[1]).find(Boolean);
  const bin = field(OID.organisationalUnit).map((v) => /^BIN(\d{12})$/.exec(v)?.[1]).find(Boolean);
  return { name: field(OID.commonName)[0] ?? '', iin, bin, organisation: field(OID.organisation)[0] };
}

const keyUsageOf = (der: Buffer) => new x509.X509Certificate(arrayBuffer(der)).getExtension(x509.KeyUsagesExtension)?.usages;

/** keyUsage allows signing documents: digitalSignature or nonRepudiation (absent: no restriction). */
export function allowsSigning(der: Buffer): boolean {
  const usages = keyUsageOf(der);
  return usages === undefined || (usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0;
}

/** keyUsage allows issuing certificates (absent: no restriction; basicConstraints is checked apart). */
export function allowsCertSign(der: Buffer): boolean {
  const usages = keyUsageOf(der);
  return usages === undefined || (usages & x509.KeyUsageFlags.keyCertSign) !== 0;
}

export const issuerText = (cert: X509Certificate): string => rfc4514(issuerDerOf(cert.raw));

const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

/**
 * extendedKeyUsage allows signing documents: NCA RK's signing certificates carry emailProtection,
 * its authentication ones clientAuth only (absent: no restriction).
 */
export function extendedUsageAllowsSigning(der: Buffer): boolean {
  const usages = new x509.X509Certificate(arrayBuffer(der)).getExtension(x509.ExtendedKeyUsageExtension)?.usages;
  return usages === undefined || usages.some((u) => u === EMAIL_PROTECTION || u === ANY_EXTENDED_KEY_USAGE);
}

/** NCA RK's arc of subject kinds and roles: 1.2.398.3.3.4.1.1 individual, 1.2.398.3.3.4.1.2 legal entity (.1 chief executive, .2 signing authority, .5 employee, ...). */
const NCA_ROLES = '1.2.398.3.3.4.';

/**
 * The certificate's policies: the certificatePolicies OIDs, then NCA RK's subject-kind and role
 * OIDs, which its certificates carry in the extended key usage (its own test CA's certificates
 * do), in order, each once.
 */
export function policiesOf(der: Buffer): string[] {
  const cert = new x509.X509Certificate(arrayBuffer(der));
  const policies = cert.getExtension(x509.CertificatePolicyExtension)?.policies ?? [];
  const roles = (cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? []).map(String).filter((u) => u.startsWith(NCA_ROLES));
  return [...new Set([...policies, ...roles])];
}

/** A short label for messages: the CN, else the whole subject. */
export const labelOf = (cert: X509Certificate): string => cert.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? cert.subject.replace(/\n/g, ', ');
