import { createHash } from 'node:crypto';
import { ErrorCode, hubError } from '../../platform/errors';
import { FileInput } from './submission.input';

/** Largest file the hub takes in one message (the gateway's request size limit is set above it). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface CheckedFile {
  fileName: string;
  mediaType: string;
  content: Buffer;
  sha256: string;
  sizeBytes: number;
}

/** A file as sent: decodable, not too large, and its bytes hashing to the SHA-256 the sender gave. */
export function checkFile(file: FileInput, path: string): CheckedFile {
  const fileName = file.fileName?.trim();
  if (!fileName || fileName.length > 255) throw hubError(ErrorCode.AttachmentInvalid, `${path}.fileName must be 1-255 characters`, `${path}.fileName`);
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(file.mediaType ?? '')) throw hubError(ErrorCode.AttachmentInvalid, `${path}.mediaType must be a media type such as application/pdf`, `${path}.mediaType`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.contentBase64) || file.contentBase64.length % 4 !== 0) {
    throw hubError(ErrorCode.AttachmentInvalid, `${path}.contentBase64 is not base64`, `${path}.contentBase64`);
  }
  const content = Buffer.from(file.contentBase64, 'base64');
  if (content.length > MAX_FILE_BYTES) throw hubError(ErrorCode.AttachmentTooLarge, `${path} is larger than ${MAX_FILE_BYTES} bytes`, `${path}.contentBase64`);
  const sha256 = createHash('sha256').update(content).digest('hex');
  if (sha256 !== file.sha256?.toLowerCase()) {
    throw hubError(ErrorCode.AttachmentHashMismatch, `${path}.sha256 does not match the file's content (its SHA-256 is ${sha256})`, `${path}.sha256`);
  }
  return { fileName, mediaType: file.mediaType, content, sha256, sizeBytes: content.length };
}
