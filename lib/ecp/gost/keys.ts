import * as asn1js from 'asn1js';
import { Curve } from './curves';
import { Point } from './ec';
import { bigEndian, littleEndian, publicKeyOf, randomScalar, toLittleEndian } from './gost3410';
import { GOST_CURVES, GOST_KEYS, KeyClass, Profile, PROFILE_OIDS } from './oids';

/**
 * GOST keys in X.509 and PKCS#8 (RFC 4491 §2.3, RFC 9215): the public key is an OCTET STRING
 * x‖y, each coordinate little-endian, wrapped in the BIT STRING; the parameters name the curve.
 */
export interface GostPublicKey {
  profile: Profile;
  keyClass: KeyClass;
  curve: Curve;
  point: Point;
}

export interface GostPrivateKey extends GostPublicKey {
  d: bigint;
}

const toArrayBuffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const children = (block: asn1js.AsnType | undefined): asn1js.AsnType[] => ((block as asn1js.Constructed | undefined)?.valueBlock?.value as asn1js.AsnType[]) ?? [];
const oidOf = (block: asn1js.AsnType | undefined) => (block instanceof asn1js.ObjectIdentifier ? block.getValue() : undefined);

function parse(der: Uint8Array): asn1js.AsnType {
  const asn1 = asn1js.fromBER(toArrayBuffer(der));
  if (asn1.offset === -1 || asn1.offset !== der.byteLength) throw new Error('not a single DER value');
  return asn1.result;
}

/** The key algorithm and curve from an AlgorithmIdentifier (parameters: a SEQUENCE whose first OID is the curve, or the curve OID alone). */
function algorithmOf(identifier: asn1js.AsnType): { profile: Profile; keyClass: KeyClass; curve: Curve } {
  const [oid, params] = children(identifier);
  const key = GOST_KEYS[oidOf(oid) ?? ''];
  if (!key) throw new Error(`not a GOST key (${oidOf(oid) ?? 'no algorithm'})`);
  const curveOid = oidOf(params) ?? oidOf(children(params)[0]);
  const curve = curveOid ? GOST_CURVES[curveOid] : key.defaultCurve;
  if (!curve) throw new Error(`unknown GOST parameter set ${curveOid ?? '(none)'}`);
  const size = key.keyClass === '2012-512' ? 64 : 32;
  if (curve.size !== size) throw new Error(`a ${key.keyClass} key on the ${curve.name} curve`);
  return { profile: key.profile, keyClass: key.keyClass, curve };
}

/** The point of a SubjectPublicKeyInfo (DER), checked to be on its curve. Throws for anything else. */
export function parsePublicKey(spki: Uint8Array): GostPublicKey {
  const [identifier, bits] = children(parse(spki));
  const algorithm = algorithmOf(identifier);
  if (!(bits instanceof asn1js.BitString)) throw new Error('the public key is not a BIT STRING');
  const content = new Uint8Array(bits.valueBlock.valueHexView);
  const bytes = coordinates(content, 2 * algorithm.curve.size);
  const point = { x: littleEndian(bytes.subarray(0, algorithm.curve.size)), y: littleEndian(bytes.subarray(algorithm.curve.size)) };
  const { p, a, b } = algorithm.curve;
  if (point.x >= p || point.y >= p || (point.y * point.y - (point.x * point.x * point.x + a * point.x + b)) % p !== 0n) {
    throw new Error('the public key is not a point of its curve');
  }
  return { ...algorithm, point };
}

/** x‖y: an OCTET STRING of exactly 2·size bytes inside the BIT STRING (RFC 4491), or those bytes bare. */
function coordinates(content: Uint8Array, length: number): Uint8Array {
  try {
    const inner = parse(content);
    if (inner instanceof asn1js.OctetString && inner.valueBlock.valueHexView.byteLength === length) return new Uint8Array(inner.valueBlock.valueHexView);
  } catch {
    // not DER: the coordinates themselves, checked below
  }
  if (content.byteLength === length) return content;
  throw new Error(`the public key is not ${length} bytes`);
}

/**
 * A PKCS#8 GOST private key (DER): the key as OpenSSL's GOST engine writes it (an OCTET STRING of
 * the little-endian number), or wrapped in a further OCTET STRING, or an INTEGER.
 */
export function parsePrivateKey(pkcs8: Uint8Array): GostPrivateKey {
  const [, identifier, privateKey] = children(parse(pkcs8));
  const algorithm = algorithmOf(identifier);
  if (!(privateKey instanceof asn1js.OctetString)) throw new Error('the private key is not an OCTET STRING');
  const raw = new Uint8Array(privateKey.valueBlock.valueHexView);
  let d: bigint | undefined;
  try {
    const inner = parse(raw);
    if (inner instanceof asn1js.OctetString) d = littleEndian(new Uint8Array(inner.valueBlock.valueHexView));
    else if (inner instanceof asn1js.Integer) d = bigEndian(new Uint8Array(inner.valueBlock.valueHexView));
  } catch {
    // the bare little-endian number
  }
  if (d === undefined) {
    if (raw.byteLength !== algorithm.curve.size) throw new Error(`the private key is not ${algorithm.curve.size} bytes`);
    d = littleEndian(raw);
  }
  return { ...algorithm, d, point: publicKeyOf(algorithm.curve, d) };
}

/** The AlgorithmIdentifier of a key in a profile: the curve, and for the 2001 algorithm the CryptoPro hash parameters. */
function keyAlgorithm(profile: Profile, keyClass: KeyClass, curve: Curve): asn1js.Sequence {
  const oids = PROFILE_OIDS[profile][keyClass];
  if (GOST_CURVES[oids.curve] !== curve) throw new Error(`the ${profile} profile has no ${keyClass} key on the ${curve.name} curve`);
  const params = [new asn1js.ObjectIdentifier({ value: oids.curve })];
  // the digest parameters as the issuers write them: NCA RK names its digest (GOST 34.311-95 by its parameter set), RFC 4491 CryptoPro's
  if (profile === 'kz') params.push(new asn1js.ObjectIdentifier({ value: keyClass === '2001' ? '1.2.398.3.10.1.3.1.1.0' : oids.digest }));
  if (profile === 'rfc' && keyClass === '2001') params.push(new asn1js.ObjectIdentifier({ value: '1.2.643.2.2.30.1' }));
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oids.key }), new asn1js.Sequence({ value: params })] });
}

/** A SubjectPublicKeyInfo (DER) for a GOST public key, in the OIDs of `profile`. */
export function encodePublicKey(key: GostPublicKey, profile: Profile = key.profile): Buffer {
  const size = key.curve.size;
  const xy = Buffer.concat([toLittleEndian(key.point.x, size), toLittleEndian(key.point.y, size)]);
  const bits = new asn1js.BitString({ valueHex: toArrayBuffer(Buffer.from(new asn1js.OctetString({ valueHex: toArrayBuffer(xy) }).toBER())) });
  return Buffer.from(new asn1js.Sequence({ value: [keyAlgorithm(profile, key.keyClass, key.curve), bits] }).toBER());
}

/** A PKCS#8 PrivateKeyInfo (DER), as OpenSSL's GOST engine writes one (it reads it back). */
export function encodePrivateKey(key: GostPrivateKey, profile: Profile = key.profile): Buffer {
  return Buffer.from(new asn1js.Sequence({
    value: [new asn1js.Integer({ value: 0 }), keyAlgorithm(profile, key.keyClass, key.curve), new asn1js.OctetString({ valueHex: toArrayBuffer(toLittleEndian(key.d, key.curve.size)) })],
  }).toBER());
}

/** A fresh private key on the profile's curve for the key class (test-only keys: the demo stand, tests). */
export function generatePrivateKey(profile: Profile, keyClass: KeyClass): GostPrivateKey {
  const curve = GOST_CURVES[PROFILE_OIDS[profile][keyClass].curve];
  const d = randomScalar(curve);
  return { profile, keyClass, curve, d, point: publicKeyOf(curve, d) };
}

const pemOf = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END ${label}-----\n`;

export const privateKeyPem = (key: GostPrivateKey, profile: Profile = key.profile) => pemOf('PRIVATE KEY', encodePrivateKey(key, profile));
export const publicKeyPem = (key: GostPublicKey, profile: Profile = key.profile) => pemOf('PUBLIC KEY', encodePublicKey(key, profile));

/** A PEM (or DER) PKCS#8 private key, if it is a GOST one; undefined for any other key. */
export function readGostPrivateKey(key: string | Buffer): GostPrivateKey | undefined {
  const text = typeof key === 'string' ? key : key.toString('latin1');
  const pem = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(text);
  const der = pem ? Buffer.from(pem[1].replace(/\s/g, ''), 'base64') : typeof key === 'string' ? undefined : key;
  if (!der) return undefined;
  try {
    return parsePrivateKey(der);
  } catch {
    return undefined;
  }
}
