import { SignatureErrorCode } from '../../lib/ecp/types';
import { ErrorCode } from '../../platform/errors';
import { toErrorCode } from './signature-codes';

describe("lib/ecp's refusal codes", () => {
  it("are all codes of the hub's one ErrorCode enum", () => {
    for (const code of Object.values(SignatureErrorCode)) expect(Object.values(ErrorCode)).toContain(toErrorCode(code));
  });

  it('keep their text when they become a hub error code', () => {
    expect(toErrorCode(SignatureErrorCode.CertRevoked)).toBe(ErrorCode.CertRevoked);
  });
});
