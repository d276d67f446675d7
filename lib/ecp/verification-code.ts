import { SignatureError } from './types';

/** For tests: the code a verification is refused with, or VERIFIED. Other errors propagate. */
export async function verificationCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignatureError) return error.code;
    throw error;
  }
  return 'VERIFIED';
}
