import { Pool, types } from 'pg';
import { ErrorCode } from '../../platform/errors';
import { groupRecords, Limiter, SourceConnector, SourceError, SourceRecord } from './connector';
import { DocumentTypeDefinition, ResolvedSource } from './source.registry';

const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;

/**
 * A provider's PostgreSQL database, read with the registry's parameterised query ($1: the subjects).
 * Its own small pool: at most `concurrency` connections, every session read-only with the source's
 * statement timeout, dates as the source wrote them.
 */
export class SqlConnector implements SourceConnector {
  readonly kind = 'sql' as const;
  private readonly pool: Pool;
  private readonly limiter: Limiter;

  constructor(private readonly source: ResolvedSource) {
    this.pool = new Pool({
      connectionString: source.url,
      max: source.concurrency,
      connectionTimeoutMillis: source.timeoutMs,
      query_timeout: source.timeoutMs + 500,
      idleTimeoutMillis: 30_000,
      application_name: `qyzmet-source-${source.code}`.slice(0, 63),
      options: `-c default_transaction_read_only=on -c statement_timeout=${Math.ceil(source.timeoutMs)}`,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID) return (value: string) => value;
          if (oid === TIMESTAMPTZ_OID) return (value: string) => value;
          return types.getTypeParser(oid, format as 'text');
        }) as typeof types.getTypeParser,
      },
    });
    // an idle connection the database drops must not bring the process down
    this.pool.on('error', () => undefined);
    this.limiter = new Limiter(source.concurrency);
  }

  fetch(type: DocumentTypeDefinition, subjects: string[], _requestId?: string): Promise<Map<string, SourceRecord>> {
    return this.limiter.run(async () => {
      let rows: unknown[];
      try {
        rows = (await this.pool.query(type.query!, [subjects])).rows;
      } catch (error) {
        throw classify(this.source.code, error);
      }
      return groupRecords(type, subjects, rows, this.source.code);
    });
  }

  stop(): Promise<void> {
    return this.pool.end();
  }
}

function classify(source: string, error: unknown): SourceError {
  const e = error as { code?: string; message?: string };
  // 57014: the statement timeout cancelled it
  if (e.code === '57014' || /timeout/i.test(e.message ?? '')) return new SourceError(ErrorCode.SourceTimeout, `${source} did not answer in time`);
  // a query the source cannot run (a column it lacks, a wrong type) is a source that answers wrongly
  if (e.code && /^(42|22|25)/.test(e.code)) return new SourceError(ErrorCode.SourceMalformed, `${source} could not answer the registered query (${e.code})`);
  return new SourceError(ErrorCode.SourceUnavailable, `${source} is unavailable`, e.code ?? e.message ?? 'connection failed');
}
