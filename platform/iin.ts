/**
 * ИИН/БИН (individual / business identification number): 12 digits, the last a check digit.
 * c = sum(d_i * i) mod 11 for i = 1..11; if that is 10, c = sum(d_i * w_i) mod 11 with
 * w = 3..11,1,2; the number is valid only if c equals the 12th digit (so a final 10 never is).
 */
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export function checkDigit(first11: string): number {
  const digits = [...first11].map(Number);
  let c = digits.reduce((sum, d, i) => sum + d * (i + 1), 0) % 11;
  if (c === 10) c = digits.reduce((sum, d, i) => sum + d * SECOND_WEIGHTS[i], 0) % 11;
  return c;
}

export function isValidIinBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const c = checkDigit(value.slice(0, 11));
  return c !== 10 && c === Number(value[11]);
}

/** Completes 11 digits with their check digit, or returns undefined when no valid digit exists. */
export function withCheckDigit(first11: string): string | undefined {
  const c = checkDigit(first11);
  return c === 10 ? undefined : first11 + c;
}
