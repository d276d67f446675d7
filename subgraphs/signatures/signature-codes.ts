import { SignatureErrorCode } from '../../lib/ecp/types';
import { ErrorCode } from '../../platform/errors';

const HUB_CODES = new Set<string>(Object.values(ErrorCode));

/** A refusal of the pure library lib/ecp as the hub's error code: the same text, one enum (signature-codes.test.ts). */
export function toErrorCode(code: SignatureErrorCode): ErrorCode {
  if (!HUB_CODES.has(code)) throw new Error(`lib/ecp refused with ${code}, which the hub's ErrorCode does not have`);
  return code as string as ErrorCode;
}
