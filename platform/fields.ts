import { ErrorCode, hubError } from './errors';
import { isValidIinBin } from './iin';
import { parseAstana } from './time';

/** Clock skew tolerated between a sender's clock and the hub's. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Field checks that name the offending field (a dotted input path) in their coded error. */
export const field = {
  text(value: string | undefined | null, path: string, max: number): string {
    const v = value?.trim();
    if (!v) throw hubError(ErrorCode.FieldRequired, `${path} is required`, path);
    if (v.length > max) throw hubError(ErrorCode.TextTooLong, `${path} is longer than ${max} characters`, path);
    return v;
  },
  optionalText(value: string | undefined | null, path: string, max: number): string | undefined {
    return value?.trim() ? field.text(value, path, max) : undefined;
  },
  iinBin(value: string | undefined | null, path: string): string {
    const v = field.text(value, path, 12);
    if (!isValidIinBin(v)) throw hubError(ErrorCode.InvalidIinBin, `${path} must be 12 digits with a valid check digit (IIN/BIN), got "${v}"`, path);
    return v;
  },
  time(value: string | undefined | null, path: string, now: Date): Date {
    const v = field.text(value, path, 64);
    const t = parseAstana(v);
    if (!t) throw hubError(ErrorCode.InvalidTime, `${path} must be an ISO-8601 time, e.g. 2026-05-02T10:00:00+05:00, got "${v}"`, path);
    if (t.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw hubError(ErrorCode.TimeInFuture, `${path} is in the future`, path);
    return t;
  },
};
