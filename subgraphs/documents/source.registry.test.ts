import { ConfigError } from '../../platform/config';
import { isSecretTypeCode, readRegistryFile, referenceClassificationRegistry, resolveRegistry, RegistryFile } from './source.registry';

const env = { production: false, hubDatabaseUrl: 'postgres://hub@127.0.0.1/hub', sourceUrls: {}, tokens: {}, demoToken: 'test-only-demo', standUrl: 'http://127.0.0.1:4010' };

describe('the document source registry', () => {
  it('resolves the committed registry for development: sql sources read the hub database, the http one the demo provider system', () => {
    const registry = resolveRegistry(readRegistryFile(), env);
    expect(registry.sources.get('POPULATION_REGISTER')!.url).toBe(env.hubDatabaseUrl);
    expect(registry.sources.get('IDENTITY_DOCUMENTS')).toMatchObject({ url: 'http://127.0.0.1:4010/registers/identity-documents', token: 'test-only-demo' });
    expect([...registry.types.keys()]).toEqual(expect.arrayContaining(['IDENTITY', 'INDIVIDUAL', 'LEGAL_ENTITY', 'ADDRESS', 'REAL_ESTATE_TITLE', 'SECURITY_CLEARANCE']));
  });

  it('finds the demo provider system wherever PROVIDER_STAND_URL puts it (the registry names no host or port)', () => {
    const registry = resolveRegistry(readRegistryFile(), { ...env, standUrl: 'http://stand.internal:5510' });
    expect(registry.sources.get('IDENTITY_DOCUMENTS')!.url).toBe('http://stand.internal:5510/registers/identity-documents');
    expect(JSON.stringify(readRegistryFile())).not.toMatch(/127\.0\.0\.1|localhost/);
  });

  it('takes SOURCE_URL_<CODE> over the demo addresses', () => {
    const registry = resolveRegistry(readRegistryFile(), { ...env, sourceUrls: { IDENTITY_DOCUMENTS: 'https://docs.example.kz/api' } });
    expect(registry.sources.get('IDENTITY_DOCUMENTS')!.url).toBe('https://docs.example.kz/api');
  });

  it('lists every source without an address, and every missing token, at once in production', () => {
    let problems: string[] = [];
    try {
      resolveRegistry(readRegistryFile(), { production: true, sourceUrls: {}, tokens: {} });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('SOURCE_URL_POPULATION_REGISTER is required'),
      expect.stringContaining('SOURCE_URL_REAL_ESTATE_REGISTER is required'),
      expect.stringContaining('SOURCE_URL_IDENTITY_DOCUMENTS is required'),
      expect.stringContaining('PROVIDER_TOKEN_121240003216 is required'),
    ]));
    expect(problems).toHaveLength(6);
  });

  it('refuses a registry that does not hold together', () => {
    const file: RegistryFile = {
      sources: [{ code: 'S', nameRu: 's', ownerBin: '010840004568', connector: 'sql', timeoutMs: 0, concurrency: 1.5, classification: 'OPEN' }],
      documentTypes: [
        { code: 'A', nameRu: 'a', nameKk: 'a', source: 'S', records: 'one', query: 'SELECT 1', cacheSeconds: 0, classification: 'OPEN' },
        { code: 'B', nameRu: 'b', nameKk: 'b', source: 'NOWHERE', records: 'one', cacheSeconds: -1, classification: 'TOP' as 'OPEN' },
      ],
    };
    expect(() => resolveRegistry(file, { ...env, sourceUrls: { S: 'http://not-a-database' } })).toThrow(ConfigError);
    try {
      resolveRegistry(file, { ...env, sourceUrls: { S: 'http://not-a-database' } });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'document source S: timeoutMs must be positive',
        'document source S: concurrency must be a positive integer',
        'SOURCE_URL_S must be a postgres:// URL for a sql source',
        'document type A: a sql source needs a query with $1 (the subjects)',
        'document type B: no source NOWHERE',
        'document type B: cacheSeconds must be 0 or more',
        'document type B: classification must be OPEN or SECRET',
      ]);
    }
  });
});

describe('classification of a document type a caller names', () => {
  const registry = referenceClassificationRegistry();

  it('finds the secret type however it is spelt, and no open or unknown one', () => {
    for (const code of ['SECURITY_CLEARANCE', 'security_clearance', ' Security_Clearance ']) expect([code, isSecretTypeCode(registry, code)]).toEqual([code, true]);
    for (const code of ['IDENTITY', 'identity', 'HOROSCOPE', '']) expect([code, isSecretTypeCode(registry, code)]).toEqual([code, false]);
  });

  it('counts a type as secret when only its source is marked so', () => {
    const file = readRegistryFile();
    const secretSource = { ...file, sources: file.sources.map((s) => (s.code === 'ADDRESS_REGISTER' ? { ...s, classification: 'SECRET' as const } : s)) };
    const resolved = resolveRegistry(secretSource, env);
    expect(isSecretTypeCode(resolved, 'ADDRESS')).toBe(true);
    expect(isSecretTypeCode(resolved, 'INDIVIDUAL')).toBe(false);
  });
});
