import { isStorableValue } from '../../platform/argument-guard';
import { ErrorCode } from '../../platform/errors';
import { DocumentTypeDefinition } from './source.registry';

/** What a source returned for one subject: the record (records "one") or { records: [...] } ("many"). */
export type SourceRecord = Record<string, unknown>;

/**
 * Reads one document type for many subjects in one call (the per-request batching sends every
 * subject asked for in a request together). A subject absent from the answer has no record there.
 */
export interface SourceConnector {
  readonly kind: 'sql' | 'http';
  fetch(type: DocumentTypeDefinition, subjects: string[], requestId: string): Promise<Map<string, SourceRecord>>;
  stop(): Promise<void>;
}

/** Why a source did not answer usefully; the lookup gets this code and the hub stays up. */
export class SourceError extends Error {
  /**
   * @param message what the client is told, in the hub's words
   * @param detail what the driver or the network said, for the log only (it names hosts and internals)
   */
  constructor(readonly code: ErrorCode.SourceUnavailable | ErrorCode.SourceTimeout | ErrorCode.SourceMalformed, message: string, readonly detail?: string) {
    super(message);
  }
}

/**
 * Groups a source's rows by subject, checking that they are what the registry says: every row
 * names a subject that was asked for, and a one-record type has at most one row per subject.
 */
export function groupRecords(type: DocumentTypeDefinition, subjects: string[], rows: unknown[], sourceCode: string): Map<string, SourceRecord> {
  const asked = new Set(subjects);
  const grouped = new Map<string, SourceRecord[]>();
  for (const row of rows) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw malformed(sourceCode, 'a record is not an object');
    const { subject, ...data } = row as Record<string, unknown>;
    // kept as the source gave it: text PostgreSQL cannot store would fail at the insert, blamed on the client
    if (!isStorableValue(data)) throw malformed(sourceCode, 'a record holds a NUL character or malformed Unicode text');
    if (typeof subject !== 'string' || !asked.has(subject.trim())) throw malformed(sourceCode, 'a record names no subject that was asked for');
    const list = grouped.get(subject.trim()) ?? [];
    list.push(data);
    grouped.set(subject.trim(), list);
  }
  const result = new Map<string, SourceRecord>();
  for (const [subject, list] of grouped) {
    if (type.records === 'one' && list.length > 1) throw malformed(sourceCode, `${list.length} records of ${type.code} for one subject`);
    result.set(subject, type.records === 'one' ? list[0] : { records: list });
  }
  return result;
}

const malformed = (source: string, why: string) => new SourceError(ErrorCode.SourceMalformed, `${source} answered with malformed data: ${why}`);

/** At most `limit` calls at a time; the others wait their turn (each source's concurrency limit). */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  get inFlight(): number { return this.active; }
}
