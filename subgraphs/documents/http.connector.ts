import { ErrorCode } from '../../platform/errors';
import { groupRecords, Limiter, SourceConnector, SourceError, SourceRecord } from './connector';
import { DocumentTypeDefinition, ResolvedSource } from './source.registry';

const MAX_ANSWER_BYTES = 8 << 20;

/**
 * A provider's REST/JSON service: POST {documentType, subjects, requestId} with its bearer token,
 * answered by {documents: [{subject, data}]}. At most `concurrency` calls at a time; each call,
 * waiting included, ends at the source's timeout.
 */
export class HttpConnector implements SourceConnector {
  readonly kind = 'http' as const;
  private readonly limiter: Limiter;

  constructor(private readonly source: ResolvedSource) {
    this.limiter = new Limiter(source.concurrency);
  }

  async fetch(type: DocumentTypeDefinition, subjects: string[], requestId: string): Promise<Map<string, SourceRecord>> {
    const deadline = AbortSignal.timeout(this.source.timeoutMs);
    const code = this.source.code;
    return this.limiter.run(async () => {
      let text: string;
      try {
        if (deadline.aborted) throw deadline.reason;
        const response = await fetch(this.source.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...(this.source.token ? { authorization: `Bearer ${this.source.token}` } : {}) },
          body: JSON.stringify({ documentType: type.code, subjects, requestId }),
          signal: deadline,
        });
        text = await response.text();
        if (!response.ok) throw new SourceError(ErrorCode.SourceUnavailable, `${code} answered HTTP ${response.status}`);
      } catch (error) {
        if (error instanceof SourceError) throw error;
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') throw new SourceError(ErrorCode.SourceTimeout, `${code} did not answer in ${this.source.timeoutMs} ms`);
        throw new SourceError(ErrorCode.SourceUnavailable, `${code} is unreachable`, (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
      }
      if (text.length > MAX_ANSWER_BYTES) throw new SourceError(ErrorCode.SourceMalformed, `${code} answered with more than ${MAX_ANSWER_BYTES} bytes`);
      let body: { documents?: unknown };
      try {
        body = JSON.parse(text);
      } catch {
        throw new SourceError(ErrorCode.SourceMalformed, `${code} answered with malformed data: not JSON`);
      }
      if (!body || !Array.isArray(body.documents)) throw new SourceError(ErrorCode.SourceMalformed, `${code} answered with malformed data: no documents list`);
      const rows = body.documents.map((d: { subject?: unknown; data?: unknown }) => {
        if (!d || typeof d.data !== 'object' || d.data === null || Array.isArray(d.data)) throw new SourceError(ErrorCode.SourceMalformed, `${code} answered with malformed data: a document without data`);
        return { ...(d.data as object), subject: d.subject };
      });
      return groupRecords(type, subjects, rows, code);
    });
  }

  async stop(): Promise<void> {
    // nothing held between calls
  }
}
