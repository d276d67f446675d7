import { ErrorCode } from '../../platform/errors';
import { SourceConnector, SourceError, SourceRecord } from './connector';
import { DocumentSources } from './document.sources';
import { DocumentTypeDefinition, SourceRegistry } from './source.registry';

/** A source that answers from a table in memory and counts its calls (the connectors have their own tests against real servers). */
class CountingSource implements SourceConnector {
  readonly kind = 'http' as const;
  readonly calls: string[][] = [];
  failWith?: SourceError;
  constructor(private readonly data: Record<string, SourceRecord>) {}
  async fetch(_type: DocumentTypeDefinition, subjects: string[]): Promise<Map<string, SourceRecord>> {
    this.calls.push(subjects);
    if (this.failWith) throw this.failWith;
    return new Map(subjects.filter((s) => this.data[s]).map((s) => [s, this.data[s]]));
  }
  async stop(): Promise<void> {}
}

const type = (code: string, cacheSeconds: number): DocumentTypeDefinition => ({ code, nameRu: code, nameKk: code, source: 'S', records: 'one', cacheSeconds, classification: 'OPEN' });
const CACHED = type('CACHED', 60);
const FRESH = type('FRESH', 0);
const registry: SourceRegistry = {
  sources: new Map([['S', { code: 'S', nameRu: 's', ownerBin: '010840004568', connector: 'http', timeoutMs: 100, concurrency: 1, classification: 'OPEN', url: 'http://x' }]]),
  types: new Map([[CACHED.code, CACHED], [FRESH.code, FRESH]]),
};

describe('asking sources within a request', () => {
  it('asks a source once per document type for every subject of the request, each subject once', async () => {
    const source = new CountingSource({ a: { n: 1 }, b: { n: 2 } });
    const sources = new DocumentSources(registry, new Map([['S', source]]));
    const load = sources.forRequest('r1');
    const answers = await Promise.all([load(FRESH, 'a'), load(FRESH, 'b'), load(FRESH, 'a'), load(FRESH, 'c')]);
    expect(source.calls).toEqual([['a', 'b', 'c']]);
    expect(answers.map((a) => (a.ok ? a.record : a.code))).toEqual([{ n: 1 }, { n: 2 }, { n: 1 }, ErrorCode.NoRecordAtSource]);
  });

  it('gives every subject of a failed call the failure, and counts it', async () => {
    const source = new CountingSource({});
    source.failWith = new SourceError(ErrorCode.SourceTimeout, 'slow');
    const sources = new DocumentSources(registry, new Map([['S', source]]));
    const load = sources.forRequest('r2');
    const answers = await Promise.all([load(FRESH, 'a'), load(FRESH, 'b')]);
    expect(answers).toEqual([{ ok: false, code: ErrorCode.SourceTimeout, message: 'slow' }, { ok: false, code: ErrorCode.SourceTimeout, message: 'slow' }]);
    expect(sources.stats.get('S')).toMatchObject({ calls: 1, failures: 1 });
  });
});

describe('the per-type cache', () => {
  it('serves a cached type from memory until its lifetime ends, with the time it was first fetched', async () => {
    let now = new Date('2026-11-23T10:00:00+05:00');
    const source = new CountingSource({ a: { n: 1 } });
    const sources = new DocumentSources(registry, new Map([['S', source]]), () => now);
    const first = await sources.forRequest('r1')(CACHED, 'a');
    now = new Date('2026-11-23T10:00:59+05:00');
    const second = await sources.forRequest('r2')(CACHED, 'a');
    expect(source.calls).toHaveLength(1);
    expect(second).toEqual({ ok: true, record: { n: 1 }, fetchedAt: (first as { fetchedAt: Date }).fetchedAt, fromCache: true });
    now = new Date('2026-11-23T10:01:00+05:00');
    const third = await sources.forRequest('r3')(CACHED, 'a');
    expect(source.calls).toHaveLength(2);
    expect(third).toMatchObject({ fromCache: false, fetchedAt: now });
  });

  it('never caches a type whose source does not allow it, nor an answer that found nothing', async () => {
    const source = new CountingSource({ a: { n: 1 } });
    const sources = new DocumentSources(registry, new Map([['S', source]]));
    await sources.forRequest('r1')(FRESH, 'a');
    await sources.forRequest('r2')(FRESH, 'a');
    await sources.forRequest('r3')(CACHED, 'nobody');
    await sources.forRequest('r4')(CACHED, 'nobody');
    expect(source.calls).toEqual([['a'], ['a'], ['nobody'], ['nobody']]);
  });
});
