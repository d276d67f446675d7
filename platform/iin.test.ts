import { checkDigit, isValidIinBin, withCheckDigit } from './iin';

describe('IIN/BIN checksum', () => {
  it('accepts a number whose 12th digit is the weighted check digit', () => {
    const iin = withCheckDigit('90010130012')!;
    expect(iin).toHaveLength(12);
    expect(isValidIinBin(iin)).toBe(true);
  });

  it('rejects a number with a wrong check digit', () => {
    const iin = withCheckDigit('90010130012')!;
    const wrong = iin.slice(0, 11) + ((Number(iin[11]) + 1) % 10);
    expect(isValidIinBin(wrong)).toBe(false);
  });

  it('rejects anything but 12 digits', () => {
    expect(isValidIinBin('12345')).toBe(false);
    expect(isValidIinBin('12345678901a')).toBe(false);
    expect(isValidIinBin('1234567890123')).toBe(false);
  });

  it('uses the second weights when the first sum gives 10', () => {
    // find an 11-digit prefix whose first weighted sum is 10 mod 11
    let prefix = '';
    for (let n = 10000000000; n < 10000010000; n++) {
      const p = String(n);
      const first = [...p].reduce((s, d, i) => s + Number(d) * (i + 1), 0) % 11;
      if (first === 10) { prefix = p; break; }
    }
    expect(prefix).not.toBe('');
    const second = [...prefix].reduce((s, d, i) => s + Number(d) * [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2][i], 0) % 11;
    expect(checkDigit(prefix)).toBe(second);
  });

  it('never accepts a check value of 10', () => {
    let prefix = '';
    for (let n = 10000000000; n < 10001000000; n++) {
      if (checkDigit(String(n)) === 10) { prefix = String(n); break; }
    }
    expect(prefix).not.toBe('');
    expect(withCheckDigit(prefix)).toBeUndefined();
    for (let d = 0; d <= 9; d++) expect(isValidIinBin(prefix + d)).toBe(false);
  });
});
