import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { arrayBuffer, labelOf } from './certificates';

/**
 * What the CA certificates of a path restrict below them (RFC 5280 §4.2.1.9, §4.2.1.10, §6.1.4):
 * pathLenConstraint, and name constraints on directory names, e-mail addresses and DNS names. The
 * root's own constraints apply too: a configured trust anchor is trusted with its extensions.
 */

/** A GeneralName as read from DER: its tag ([1] rfc822Name, [2] dNSName, [4] directoryName, ...) and value. */
interface GeneralName {
  tag: number;
  /** IA5String text for rfc822Name and dNSName */
  text?: string;
  /** the RDNs of a directoryName, each a sorted list of "oid=normalised value" */
  rdns?: string[][];
}

const children = (block: asn1js.AsnType | undefined): asn1js.AsnType[] => ((block as asn1js.Constructed | undefined)?.valueBlock?.value as asn1js.AsnType[]) ?? [];
const normalise = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();

function parse(bytes: ArrayBuffer): asn1js.AsnType {
  const asn1 = asn1js.fromBER(bytes);
  if (asn1.offset === -1) throw new Error('an extension is not DER');
  return asn1.result;
}

function rdnsOf(name: asn1js.AsnType): string[][] {
  return children(name).map((rdn) =>
    children(rdn).map((atv) => {
      const [type, value] = children(atv);
      const text = (value as asn1js.BaseStringBlock).valueBlock?.value;
      const shown = typeof text === 'string' ? normalise(text) : `#${Buffer.from(value.valueBeforeDecodeView).toString('hex')}`;
      return `${(type as asn1js.ObjectIdentifier).getValue()}=${shown}`;
    }).sort(),
  );
}

function generalName(block: asn1js.AsnType): GeneralName {
  const tag = block.idBlock.tagNumber;
  if (tag === 4) return { tag, rdns: rdnsOf(children(block)[0]) };
  if (tag === 1 || tag === 2) return { tag, text: Buffer.from((block as asn1js.Primitive).valueBlock.valueHexView).toString('latin1') };
  return { tag };
}

function extensionValue(cert: X509Certificate, oid: string): ArrayBuffer | undefined {
  const extension = new x509.X509Certificate(arrayBuffer(cert.raw)).getExtension(oid);
  return extension ? extension.value : undefined;
}

interface NameConstraints {
  permitted: GeneralName[];
  excluded: GeneralName[];
}

function nameConstraintsOf(cert: X509Certificate): NameConstraints | undefined {
  const value = extensionValue(cert, '2.5.29.30');
  if (!value) return undefined;
  const constraints: NameConstraints = { permitted: [], excluded: [] };
  for (const subtrees of children(parse(value))) {
    const list = subtrees.idBlock.tagNumber === 0 ? constraints.permitted : constraints.excluded;
    for (const subtree of children(subtrees)) list.push(generalName(children(subtree)[0]));
  }
  return constraints;
}

/** The names a certificate is about: its subject, its e-mail address attribute, and its subjectAltName entries. */
function namesOf(cert: X509Certificate): GeneralName[] {
  const parsed = parse(arrayBuffer(cert.raw));
  const tbs = children(children(parsed)[0]);
  const subject = tbs[tbs[0].idBlock.tagClass === 3 ? 5 : 4];
  const names: GeneralName[] = [];
  const rdns = rdnsOf(subject);
  if (rdns.length) names.push({ tag: 4, rdns });
  for (const rdn of rdns) for (const atv of rdn) if (atv.startsWith('1.2.840.113549.1.9.1=')) names.push({ tag: 1, text: atv.slice('1.2.840.113549.1.9.1='.length) });
  const san = extensionValue(cert, '2.5.29.17');
  if (san) names.push(...children(parse(san)).map(generalName));
  return names;
}

function withinDirectory(name: string[][], base: string[][]): boolean {
  return base.length <= name.length && base.every((rdn, i) => rdn.length === name[i].length && rdn.every((atv, j) => atv === name[i][j]));
}

function withinMailbox(address: string, base: string): boolean {
  const a = address.toLowerCase();
  const b = base.toLowerCase();
  if (b.includes('@')) return a === b;
  const host = a.slice(a.lastIndexOf('@') + 1);
  return b.startsWith('.') ? host.endsWith(b) : host === b;
}

function withinDns(name: string, base: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const b = base.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
  return !b || n === b || n.endsWith(`.${b}`);
}

function within(name: GeneralName, base: GeneralName): boolean {
  if (name.tag === 4) return withinDirectory(name.rdns!, base.rdns!);
  if (name.tag === 1) return withinMailbox(name.text!, base.text!);
  if (name.tag === 2) return withinDns(name.text!, base.text!);
  return false;
}

const CHECKED = new Set([1, 2, 4]);

function nameProblem(cert: X509Certificate, constraints: NameConstraints, ca: X509Certificate): string | undefined {
  for (const name of namesOf(cert)) {
    const permitted = constraints.permitted.filter((c) => c.tag === name.tag);
    const excluded = constraints.excluded.filter((c) => c.tag === name.tag);
    if (!CHECKED.has(name.tag)) {
      // a name of a form this verifier cannot compare, under a constraint of that form: refused (RFC 5280 §4.2.1.10)
      if (permitted.length || excluded.length) return `"${labelOf(cert)}" has a name of a form the name constraints of "${labelOf(ca)}" restrict and this verifier cannot check`;
      continue;
    }
    if (excluded.some((c) => within(name, c))) return `"${labelOf(cert)}" is in a subtree the name constraints of "${labelOf(ca)}" exclude`;
    if (permitted.length && !permitted.some((c) => within(name, c))) return `"${labelOf(cert)}" is outside the subtrees the name constraints of "${labelOf(ca)}" permit`;
  }
  return undefined;
}

const selfIssued = (c: X509Certificate) => c.subject === c.issuer;

function pathLengthOf(cert: X509Certificate): number | undefined {
  return new x509.X509Certificate(arrayBuffer(cert.raw)).getExtension(x509.BasicConstraintsExtension)?.pathLength;
}

/** Why a path (leaf first, root last) breaks its CAs' constraints, or undefined when it keeps them. */
export function pathProblem(path: X509Certificate[]): string | undefined {
  for (let i = 1; i < path.length; i++) {
    const limit = pathLengthOf(path[i]);
    // intermediate CAs below this one; self-issued ones (key rollover) do not count
    const below = path.slice(1, i).filter((c) => !selfIssued(c)).length;
    if (limit !== undefined && below > limit) return `"${labelOf(path[i])}" allows ${limit} intermediate CA(s) below it (pathLenConstraint) and the chain has ${below}`;
    const constraints = nameConstraintsOf(path[i]);
    if (!constraints) continue;
    for (let j = 0; j < i; j++) {
      if (j > 0 && selfIssued(path[j])) continue;
      const problem = nameProblem(path[j], constraints, path[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}
