/** A file as the API takes it (FileInput): its bytes in base64 and their SHA-256, which the hub checks. */
export interface FileUpload { fileName: string; mediaType: string; contentBase64: string; sha256: string }

export async function fileUpload(file: File): Promise<FileUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return {
    fileName: file.name,
    mediaType: file.type || 'application/octet-stream',
    contentBase64: btoa(binary),
    sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
  };
}
