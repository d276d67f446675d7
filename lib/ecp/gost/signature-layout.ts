import { bigEndian, littleEndian, toBigEndian, toLittleEndian } from './gost3410';
import { Profile } from './oids';

/**
 * How (r, s) are laid out in a signature value (X.509 BIT STRING, CMS SignerInfo OCTET STRING):
 * - rfc (RFC 4491 §2.2.2, RFC 9215; OpenSSL's GOST engine): s‖r, each big-endian;
 * - kz (NCA RK certificates, CRLs, NCALayer's CMS): r‖s, each little-endian, which is the byte
 *   reversal of the rfc layout.
 * The profile is the one of the signature algorithm's OID, never guessed from the bytes: an rfc
 * layout under a Kazakh OID is refused, not tried the other way round.
 */
export function readSignature(value: Uint8Array, profile: Profile, size: number): { r: bigint; s: bigint } | undefined {
  if (value.byteLength !== 2 * size) return undefined;
  const first = value.subarray(0, size);
  const second = value.subarray(size);
  return profile === 'kz' ? { r: littleEndian(first), s: littleEndian(second) } : { r: bigEndian(second), s: bigEndian(first) };
}

export function writeSignature(signature: { r: bigint; s: bigint }, profile: Profile, size: number): Buffer {
  return profile === 'kz'
    ? Buffer.concat([toLittleEndian(signature.r, size), toLittleEndian(signature.s, size)])
    : Buffer.concat([toBigEndian(signature.s, size), toBigEndian(signature.r, size)]);
}
