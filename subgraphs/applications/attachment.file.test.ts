import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { checkFile, MAX_FILE_BYTES } from './attachment.file';

const fileOf = (bytes: Buffer, sha256 = createHash('sha256').update(bytes).digest('hex')) => ({ fileName: 'a.pdf', mediaType: 'application/pdf', contentBase64: bytes.toString('base64'), sha256 });
const codeOf = (fn: () => unknown) => {
  try { fn(); } catch (error) { return (error as GraphQLError).extensions; }
  return undefined;
};

describe('an attached file', () => {
  it('is taken with its size when its bytes hash to the SHA-256 given', () => {
    expect(checkFile(fileOf(Buffer.from('скан')), 'input.file')).toMatchObject({ sizeBytes: Buffer.byteLength('скан'), fileName: 'a.pdf' });
  });

  it('is refused when its hash does not match, naming the field', () => {
    expect(codeOf(() => checkFile(fileOf(Buffer.from('x'), '0'.repeat(64)), 'input.attachments.2.file'))).toEqual({ code: 'ATTACHMENT_HASH_MISMATCH', field: 'input.attachments.2.file.sha256' });
  });

  it('is refused when it is not base64, or larger than the limit', () => {
    expect(codeOf(() => checkFile({ ...fileOf(Buffer.from('x')), contentBase64: 'not base64!' }, 'f'))).toMatchObject({ code: 'ATTACHMENT_INVALID', field: 'f.contentBase64' });
    expect(codeOf(() => checkFile(fileOf(Buffer.alloc(MAX_FILE_BYTES + 1)), 'f'))).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
  });
});
