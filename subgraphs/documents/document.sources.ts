import DataLoader from 'dataloader';
import { ErrorCode } from '../../platform/errors';
import { SourceConnector, SourceError, SourceRecord } from './connector';
import { HttpConnector } from './http.connector';
import { DocumentTypeDefinition, SourceRegistry } from './source.registry';
import { SqlConnector } from './sql.connector';

/** What asking a source for one subject's document gave. */
export type Fetched =
  | { ok: true; record: SourceRecord; fetchedAt: Date; fromCache: boolean }
  | { ok: false; code: ErrorCode; message: string };

interface CacheEntry { record: SourceRecord; fetchedAt: Date; expires: number }

const CACHE_LIMIT = 10_000;

/** Counters an operator (and the tests) read: calls made to each source and how they ended. */
export interface SourceStats { calls: number; failures: number; subjects: number; cacheHits: number }

/**
 * The process's connections to the sources, and the per-type cache for the types whose source
 * allows reuse. A request gets its own loaders (`forRequest`): every document asked for in it is
 * collected and each source is called once per document type with all the subjects.
 */
export class DocumentSources {
  readonly stats = new Map<string, SourceStats>();
  /** told of every failed call, with what the driver or the network said (the client is told less) */
  reportFailure?: (failure: { source: string; code: ErrorCode; detail?: string }) => void;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(readonly registry: SourceRegistry, private readonly connectors: Map<string, SourceConnector>, private readonly now: () => Date = () => new Date()) {
    for (const code of registry.sources.keys()) this.stats.set(code, { calls: 0, failures: 0, subjects: 0, cacheHits: 0 });
  }

  static open(registry: SourceRegistry): DocumentSources {
    const connectors = new Map<string, SourceConnector>();
    for (const source of registry.sources.values()) {
      connectors.set(source.code, source.connector === 'sql' ? new SqlConnector(source) : new HttpConnector(source));
    }
    return new DocumentSources(registry, connectors);
  }

  /** Loaders for one request: load(type, subject) resolves once the batch it joined has been fetched. */
  forRequest(requestId: string): (type: DocumentTypeDefinition, subject: string) => Promise<Fetched> {
    const loaders = new Map<string, DataLoader<string, Fetched>>();
    return (type, subject) => {
      let loader = loaders.get(type.source);
      if (!loader) {
        loader = new DataLoader<string, Fetched>((keys) => this.fetchBatch(type.source, keys, requestId));
        loaders.set(type.source, loader);
      }
      return loader.load(`${type.code}|${subject}`);
    };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.connectors.values()].map((c) => c.stop()));
  }

  private async fetchBatch(sourceCode: string, keys: readonly string[], requestId: string): Promise<Fetched[]> {
    const byType = new Map<string, string[]>();
    for (const key of keys) {
      const [type, subject] = key.split('|');
      byType.set(type, [...(byType.get(type) ?? []), subject]);
    }
    const answers = new Map<string, Fetched>();
    const stats = this.stats.get(sourceCode)!;
    for (const [typeCode, subjects] of byType) {
      const type = this.registry.types.get(typeCode)!;
      const missing: string[] = [];
      for (const subject of subjects) {
        const cached = this.cached(type, subject);
        if (cached) {
          stats.cacheHits++;
          answers.set(`${typeCode}|${subject}`, { ok: true, record: cached.record, fetchedAt: cached.fetchedAt, fromCache: true });
        } else missing.push(subject);
      }
      if (!missing.length) continue;
      stats.calls++;
      stats.subjects += missing.length;
      try {
        const records = await this.connectors.get(sourceCode)!.fetch(type, missing, requestId);
        const fetchedAt = this.now();
        for (const subject of missing) {
          const record = records.get(subject);
          if (record && type.cacheSeconds > 0) this.remember(type, subject, record, fetchedAt);
          answers.set(`${typeCode}|${subject}`, record
            ? { ok: true, record, fetchedAt, fromCache: false }
            : { ok: false, code: ErrorCode.NoRecordAtSource, message: `${sourceCode} holds no ${typeCode} for ${subject}` });
        }
      } catch (error) {
        stats.failures++;
        this.reportFailure?.({ source: sourceCode, code: error instanceof SourceError ? error.code : ErrorCode.SourceUnavailable, detail: error instanceof SourceError ? error.detail ?? error.message : String(error) });
        const failure: Fetched = error instanceof SourceError
          ? { ok: false, code: error.code, message: error.message }
          : { ok: false, code: ErrorCode.SourceUnavailable, message: `${sourceCode} failed` };
        for (const subject of missing) answers.set(`${typeCode}|${subject}`, failure);
      }
    }
    return keys.map((key) => answers.get(key)!);
  }

  private cached(type: DocumentTypeDefinition, subject: string): CacheEntry | undefined {
    if (type.cacheSeconds <= 0) return undefined;
    const key = `${type.code}|${subject}`;
    const entry = this.cache.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now().getTime()) {
      this.cache.delete(key);
      return undefined;
    }
    return entry;
  }

  private remember(type: DocumentTypeDefinition, subject: string, record: SourceRecord, fetchedAt: Date): void {
    // bounded: the oldest entry goes first
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(`${type.code}|${subject}`, { record, fetchedAt, expires: fetchedAt.getTime() + type.cacheSeconds * 1000 });
  }
}
