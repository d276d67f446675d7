import { astanaDate } from '../../platform/time';

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** A message id. crypto.randomUUID exists only in secure contexts (https or localhost); the hub may be served over plain http inside a network. */
export function newMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A request number for the workstation, e.g. ARM-20261123-4F2A91C0 (Astana date; 32 random bits, so that busy offices do not collide). */
export function newApplicationNumber(now = new Date()): string {
  const suffix = [...randomBytes(4)].map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
  return `ARM-${astanaDate(now).replace(/-/g, '')}-${suffix}`;
}
