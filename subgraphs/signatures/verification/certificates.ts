import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids';

/** PEM or DER (one or many certificates) -> DER of each. */
export function splitCertificates(data: Buffer | string): Buffer[] {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (pems) return pems.map((pem) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  return typeof data === 'string' ? [] : [data];
}

/** Who a certificate names, in the NCA RK subject style. */
export interface Subject {
  name: string;
  iin?: string;
  bin?: string;
  organisation?: string;
}

export const arrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export function subjectOf(der: Buffer): Subject {
  const cert = pkijs.Certificate.fromBER(arrayBuffer(der));
  const field = (oid: string) => cert.subject.typesAndValues.filter((t) => t.type === oid).map((t) => String((t.value as asn1js.BaseStringBlock).valueBlock.value));
  const iin = field(OID.serialNumber).map((v) => /^IIN(\d{12})$/.exec(v)?.[1]).find(Boolean);
  const bin = field(OID.organisationalUnit).map((v) => /^BIN(\d{12})$/.exec(v)?.[1]).find(Boolean);
  return { name: field(OID.commonName)[0] ?? '', iin, bin, organisation: field(OID.organisation)[0] };
}

/** keyUsage allows signing documents: digitalSignature or nonRepudiation (absent: no restriction). */
export function allowsSigning(der: Buffer): boolean {
  const cert = new x509.X509Certificate(arrayBuffer(der));
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  if (!usage) return true;
  return (usage.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0;
}

export const issuerText = (cert: X509Certificate) => cert.issuer.split('\n').reverse().join(', ');
export const spkiOf = (cert: X509Certificate) => cert.publicKey.export({ type: 'spki', format: 'der' });
