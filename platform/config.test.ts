import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, DEV_CORS_ORIGINS, DEV_JWT_SECRET, DEV_UPSTREAM_SECRET, GATEWAY_DEFAULTS, loadConfig } from './config';

/** Every problem loadConfig reports for a development environment with these variables, one per line ('' when none). */
function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig({ NODE_ENV: 'development', ...env });
  } catch (e) {
    return (e as ConfigError).problems.join('\n');
  }
  return '';
}

describe('configuration', () => {
  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', GATEWAY_PORT: 'abc', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('GATEWAY_PORT');
    expect(problems).toContain('DATABASE_URL is required in production');
    expect(problems).toContain('JWT_SECRET must be at least 32 characters');
    expect(problems).toContain('UPSTREAM_HMAC_SECRET is required in production');
  });

  it('uses marked test-only secrets outside production', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.jwt.secret).toMatch(/^test-only/);
    expect(config.upstreamSecret).toMatch(/^test-only/);
    expect(config.ports.gateway).toBe(4000);
  });

  describe('secrets in production', () => {
    const real = { JWT: 'a-real-production-jwt-secret-of-40-chars!', UPSTREAM: 'a-real-production-upstream-secret-40-chars' };
    const production = (env: NodeJS.ProcessEnv) => problemsOf({
      NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hub', TRUST_STORE_DIR: '/etc/nca', CRL_URLS: 'http://crl.example/nca.crl', HUB_SIGNING_CERT: '/etc/hub.pem', HUB_SIGNING_KEY: '/etc/hub.key',
      JWT_SECRET: real.JWT, UPSTREAM_HMAC_SECRET: real.UPSTREAM, ...env,
    });

    it('accept long secrets of their own', () => {
      expect(production({})).toBe('');
    });

    it('refuse the development values, also with white space around them, all listed at once', () => {
      const problems = production({ JWT_SECRET: `${DEV_JWT_SECRET} `, UPSTREAM_HMAC_SECRET: `\t${DEV_UPSTREAM_SECRET}\n` });
      expect(problems).toContain('JWT_SECRET must not be the test-only development secret in production');
      expect(problems).toContain('UPSTREAM_HMAC_SECRET must not be the test-only development secret in production');
    });

    it('refuse secrets shorter than 32 characters, the upstream one too', () => {
      const problems = production({ JWT_SECRET: 'x'.repeat(31), UPSTREAM_HMAC_SECRET: 'x' });
      expect(problems).toContain('JWT_SECRET must be at least 32 characters');
      expect(problems).toContain('UPSTREAM_HMAC_SECRET must be at least 32 characters');
    });

    it('count the characters that are not white space', () => {
      const problems = production({ JWT_SECRET: ` ${'x'.repeat(20)}${' '.repeat(20)}`, UPSTREAM_HMAC_SECRET: `${'y'.repeat(10)}${' '.repeat(30)}` });
      expect(problems).toContain('JWT_SECRET must be at least 32 characters');
      expect(problems).toContain('UPSTREAM_HMAC_SECRET must be at least 32 characters');
    });
  });

  describe('tokens', () => {
    it('live at most 12 hours unless JWT_MAX_LIFETIME_SECONDS says otherwise', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).jwt.maxLifetimeSeconds).toBe(12 * 60 * 60);
      expect(loadConfig({ NODE_ENV: 'development', JWT_MAX_LIFETIME_SECONDS: '3600' }).jwt.maxLifetimeSeconds).toBe(3600);
      expect(problemsOf({ JWT_MAX_LIFETIME_SECONDS: 'forever' })).toContain('JWT_MAX_LIFETIME_SECONDS must be a number of at least 60, got "forever"');
    });
  });

  describe("the subgraphs' check of the gateway's requests", () => {
    it('takes a request within 60 s of its stamp and remembers up to 100000 ids, unless told', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).upstream).toEqual({ windowSeconds: 60, replayCacheSize: 100_000 });
      expect(loadConfig({ NODE_ENV: 'development', UPSTREAM_SIGNATURE_WINDOW_SECONDS: '30', UPSTREAM_REPLAY_CACHE_SIZE: '500000' }).upstream).toEqual({ windowSeconds: 30, replayCacheSize: 500_000 });
    });

    it('lists every bad value', () => {
      const problems = problemsOf({ UPSTREAM_SIGNATURE_WINDOW_SECONDS: '0', UPSTREAM_REPLAY_CACHE_SIZE: 'lots' });
      expect(problems).toContain('UPSTREAM_SIGNATURE_WINDOW_SECONDS must be a number of at least 1, got "0"');
      expect(problems).toContain('UPSTREAM_REPLAY_CACHE_SIZE must be a whole number of at least 1000, got "lots"');
    });
  });

  describe("the gateway's limits", () => {
    it('default to depth 12, 3000 tokens, 30 aliases, cost 20000, 2000 fields, 500 fragment spreads, 600 operations a minute and 8 MiB, with any document allowed', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).gateway).toEqual({ ...GATEWAY_DEFAULTS, corsOrigins: DEV_CORS_ORIGINS, trustedOperationsFile: undefined });
      expect(GATEWAY_DEFAULTS).toEqual({ maxDepth: 12, maxTokens: 3000, maxAliases: 30, maxCost: 20_000, maxFields: 2000, maxFragmentSpreads: 500, rateLimit: { perMinute: 600 }, maxRequestBytes: 8 * 1024 * 1024, corsOrigins: [] });
    });

    it('are read from GATEWAY_*, 0 turning a limit off', () => {
      const manifest = path.join(__dirname, '..', 'test', 'e2e', 'gateway-hardening', 'trusted-operations.json');
      const { gateway } = loadConfig({
        NODE_ENV: 'development', GATEWAY_MAX_DEPTH: '8', GATEWAY_MAX_TOKENS: '0', GATEWAY_MAX_ALIASES: '5', GATEWAY_MAX_COST: '1000',
        GATEWAY_MAX_FIELDS: '300', GATEWAY_MAX_FRAGMENT_SPREADS: '0', GATEWAY_RATE_LIMIT_PER_MINUTE: '0', GATEWAY_MAX_REQUEST_BYTES: '10485760', GATEWAY_TRUSTED_OPERATIONS: manifest,
      });
      expect(gateway).toEqual({ maxDepth: 8, maxTokens: 0, maxAliases: 5, maxCost: 1000, maxFields: 300, maxFragmentSpreads: 0, rateLimit: { perMinute: 0 }, maxRequestBytes: 10_485_760, trustedOperationsFile: manifest, corsOrigins: DEV_CORS_ORIGINS });
    });

    it('allow no cross-origin browser in production unless CORS_ORIGINS lists origins; outside production the console\'s development server', () => {
      const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', JWT_SECRET: 'a-real-secret-of-at-least-32-characters!', UPSTREAM_HMAC_SECRET: 'another-real-secret-of-32-characters!!', TRUST_STORE_DIR: '/trust', CRL_URLS: 'http://crl.example/nca.crl', HUB_SIGNING_CERT: '/c.pem', HUB_SIGNING_KEY: '/k.pem' };
      const corsOf = (env: NodeJS.ProcessEnv) => { try { return loadConfig(env).gateway.corsOrigins; } catch (e) { return (e as ConfigError).problems.filter((p) => p.startsWith('CORS_ORIGINS')); } };
      expect(corsOf(production)).toEqual([]);
      expect(corsOf({ ...production, CORS_ORIGINS: 'https://portal.example.kz, https://cc.example.kz:8443' })).toEqual(['https://portal.example.kz', 'https://cc.example.kz:8443']);
      expect(corsOf({ NODE_ENV: 'development' })).toEqual(DEV_CORS_ORIGINS);
      expect(corsOf({ NODE_ENV: 'development', CORS_ORIGINS: '' })).toEqual([]);
      expect(problemsOf({ CORS_ORIGINS: '*,https://portal.example.kz/app,ftp://files.example.kz,https://ok.example.kz' }).split('\n').filter((p) => p.startsWith('CORS_ORIGINS'))).toEqual([
        'CORS_ORIGINS: "*" is not an origin (scheme://host[:port], no path; "*" is not allowed)',
        'CORS_ORIGINS: "https://portal.example.kz/app" is not an origin (scheme://host[:port], no path; "*" is not allowed)',
        'CORS_ORIGINS: "ftp://files.example.kz" is not an origin (scheme://host[:port], no path; "*" is not allowed)',
      ]);
    });

    it('list every bad value', () => {
      const problems = problemsOf({
        GATEWAY_MAX_DEPTH: 'deep', GATEWAY_MAX_TOKENS: '-1', GATEWAY_MAX_ALIASES: '2.5', GATEWAY_MAX_COST: 'lots',
        GATEWAY_MAX_FIELDS: 'all', GATEWAY_MAX_FRAGMENT_SPREADS: '-3', GATEWAY_RATE_LIMIT_PER_MINUTE: '1e400', GATEWAY_MAX_REQUEST_BYTES: '100', GATEWAY_TRUSTED_OPERATIONS: '/nowhere/operations.json',
      });
      for (const name of ['GATEWAY_MAX_DEPTH', 'GATEWAY_MAX_TOKENS', 'GATEWAY_MAX_ALIASES', 'GATEWAY_MAX_COST', 'GATEWAY_MAX_FIELDS', 'GATEWAY_MAX_FRAGMENT_SPREADS', 'GATEWAY_RATE_LIMIT_PER_MINUTE']) {
        expect(problems).toContain(`${name} must be a whole number of at least 0`);
      }
      expect(problems).toContain('GATEWAY_MAX_REQUEST_BYTES must be a whole number of at least 1024');
      expect(problems).toContain('GATEWAY_TRUSTED_OPERATIONS: no file "/nowhere/operations.json"');
    });
  });

  describe('the shared rate limit', () => {
    it('is this instance\'s own without REDIS_URL; with it, in Redis under a prefix, Redis given 250 ms unless told', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).gateway.rateLimit).toEqual({ perMinute: 600 });
      expect(loadConfig({ NODE_ENV: 'development', REDIS_URL: 'redis://cache:6379/2' }).gateway.rateLimit).toEqual({ perMinute: 600, redis: { url: 'redis://cache:6379/2', prefix: 'qyzmet:rate:', timeoutMs: 250 } });
      expect(loadConfig({ NODE_ENV: 'development', REDIS_URL: 'rediss://cache:6380', RATE_LIMIT_REDIS_PREFIX: 'hub-b:', REDIS_TIMEOUT_MS: '50' }).gateway.rateLimit.redis).toEqual({ url: 'rediss://cache:6380', prefix: 'hub-b:', timeoutMs: 50 });
    });

    it('refuses a REDIS_URL that is not redis:// and a timeout that is not a positive whole number', () => {
      const problems = problemsOf({ REDIS_URL: 'http://cache:6379', REDIS_TIMEOUT_MS: '0' });
      expect(problems).toContain('REDIS_URL must be a redis:// or rediss:// URL');
      expect(problems).toContain('REDIS_TIMEOUT_MS must be a whole number of at least 1');
    });
  });

  describe('metrics', () => {
    it('are served on ports of their own, on loopback: METRICS_PORT the gateway\'s, the subgraphs\' after it unless each is set', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).metrics).toEqual({
        host: '127.0.0.1', ports: { gateway: 9400, applications: 9401, documents: 9402, statuses: 9403, signatures: 9404 }, operations: [],
      });
      expect(loadConfig({ NODE_ENV: 'development', METRICS_PORT: '19500', STATUSES_METRICS_PORT: '19999', METRICS_HOST: '10.0.0.5', METRICS_OPERATIONS: 'Report, Submit' }).metrics).toEqual({
        host: '10.0.0.5', ports: { gateway: 19500, applications: 19501, documents: 19502, statuses: 19999, signatures: 19504 }, operations: ['Report', 'Submit'],
      });
      // 0: any free port, each
      expect(loadConfig({ NODE_ENV: 'development', METRICS_PORT: '0' }).metrics.ports).toEqual({ gateway: 0, applications: 0, documents: 0, statuses: 0, signatures: 0 });
    });

    it('refuse a metrics port that is a service\'s public port, and operation names that are not names', () => {
      const problems = problemsOf({ METRICS_PORT: '4000', DOCUMENTS_METRICS_PORT: 'x', METRICS_OPERATIONS: 'Good,not-a-name' });
      expect(problems).toContain('the metrics port of gateway (4000) is a service\'s public port: metrics must have ports of their own');
      expect(problems).toContain('the metrics port of applications (4001) is a service\'s public port: metrics must have ports of their own');
      expect(problems).toContain('DOCUMENTS_METRICS_PORT must be a port number (0-65535), got "x"');
      expect(problems).toContain('METRICS_OPERATIONS: "not-a-name" is not an operation name');
    });
  });

  describe('the database pools', () => {
    it('hold 10 connections and wait up to 30 s for one unless told', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).database).toEqual({ poolSize: 10, connectTimeoutMs: 30_000 });
      expect(loadConfig({ NODE_ENV: 'development', DATABASE_POOL_SIZE: '25', DATABASE_CONNECT_TIMEOUT_MS: '60000' }).database).toEqual({ poolSize: 25, connectTimeoutMs: 60_000 });
    });

    it('list every bad value, and never wait for ever', () => {
      const problems = problemsOf({ DATABASE_POOL_SIZE: '0', DATABASE_CONNECT_TIMEOUT_MS: '0' });
      expect(problems).toContain('DATABASE_POOL_SIZE must be a whole number of at least 1, got "0"');
      expect(problems).toContain('DATABASE_CONNECT_TIMEOUT_MS must be a whole number of at least 100 (there is no "wait for ever"), got "0"');
      expect(problemsOf({ DATABASE_POOL_SIZE: 'many', DATABASE_CONNECT_TIMEOUT_MS: '1.5' })).toContain('DATABASE_CONNECT_TIMEOUT_MS');
    });
  });

  describe('telemetry', () => {
    it('logs at info and records no traces unless told', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).telemetry).toEqual({ logLevel: 'info', tracing: { exporter: 'off', otlpEndpoint: 'http://localhost:4318' } });
    });

    it('reads LOG_LEVEL and TRACING_EXPORTER; an OTLP endpoint alone turns OTLP export on', () => {
      expect(loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'debug', TRACING_EXPORTER: 'console' }).telemetry).toEqual({ logLevel: 'debug', tracing: { exporter: 'console', otlpEndpoint: 'http://localhost:4318' } });
      expect(loadConfig({ NODE_ENV: 'development', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).telemetry.tracing).toEqual({ exporter: 'otlp', otlpEndpoint: 'http://collector:4318' });
      expect(loadConfig({ NODE_ENV: 'development', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', TRACING_EXPORTER: 'off' }).telemetry.tracing.exporter).toBe('off');
    });

    it('lists every bad value', () => {
      const problems = problemsOf({ LOG_LEVEL: 'loud', TRACING_EXPORTER: 'jaeger', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' });
      expect(problems).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
      expect(problems).toContain('TRACING_EXPORTER must be one of off, console, otlp, got "jaeger"');
      expect(problems).toContain('OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL');
    });
  });

  describe('document lookups', () => {
    it('take a consent for 30 days unless LOOKUP_CONSENT_MAX_AGE_DAYS says otherwise', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).lookups).toEqual({ consentMaxAgeDays: 30 });
      expect(loadConfig({ NODE_ENV: 'development', LOOKUP_CONSENT_MAX_AGE_DAYS: '7' }).lookups).toEqual({ consentMaxAgeDays: 7 });
    });

    it('refuse a maximum age that is not a number of at least one day', () => {
      expect(problemsOf({ LOOKUP_CONSENT_MAX_AGE_DAYS: '0' })).toContain('LOOKUP_CONSENT_MAX_AGE_DAYS must be a number of at least 1, got "0"');
      expect(problemsOf({ LOOKUP_CONSENT_MAX_AGE_DAYS: 'month' })).toContain('LOOKUP_CONSENT_MAX_AGE_DAYS must be a number of at least 1, got "month"');
    });
  });

  describe('revocation and time-stamps', () => {
    it('check CRLs, fail-open, outside production by default; fail-closed in production', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).pki).toMatchObject({ revocationCheck: 'crl', revocationFailClosed: false, ocspUrl: undefined, ocspTimeoutMs: 5000, tsaTrustDir: undefined });
      const production = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hub', JWT_SECRET: 'x'.repeat(32), UPSTREAM_HMAC_SECRET: 'y'.repeat(32), TRUST_STORE_DIR: '/pki/trust', CRL_URLS: 'http://crl.example/nca.crl', HUB_SIGNING_CERT: '/pki/hub.pem', HUB_SIGNING_KEY: '/pki/hub.key' });
      expect(production.pki.revocationFailClosed).toBe(true);
    });

    it('are read from REVOCATION_CHECK, REVOCATION_FAIL_CLOSED, OCSP_URL, OCSP_TIMEOUT_MS and TSA_TRUST_DIR', () => {
      const { pki } = loadConfig({ NODE_ENV: 'development', REVOCATION_CHECK: 'both', REVOCATION_FAIL_CLOSED: 'on', OCSP_URL: 'http://ocsp.pki.gov.kz', OCSP_TIMEOUT_MS: '2000', TSA_TRUST_DIR: '/pki/tsa' });
      expect(pki).toMatchObject({ revocationCheck: 'both', revocationFailClosed: true, ocspUrl: 'http://ocsp.pki.gov.kz', ocspTimeoutMs: 2000, tsaTrustDir: '/pki/tsa' });
    });

    it('list every bad value, and a fail-closed production on CRLs with none configured', () => {
      const problems = problemsOf({ REVOCATION_CHECK: 'sometimes', REVOCATION_FAIL_CLOSED: 'maybe', OCSP_URL: 'ocsp.pki.gov.kz', OCSP_TIMEOUT_MS: '5' });
      expect(problems).toContain('REVOCATION_CHECK must be one of crl, ocsp, both');
      expect(problems).toContain('REVOCATION_FAIL_CLOSED must be on or off');
      expect(problems).toContain('OCSP_URL must be an http(s) URL');
      expect(problems).toContain('OCSP_TIMEOUT_MS must be a number of at least 100');
      let production = '';
      try {
        loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hub', JWT_SECRET: 'x'.repeat(32), UPSTREAM_HMAC_SECRET: 'y'.repeat(32), TRUST_STORE_DIR: '/pki/trust', HUB_SIGNING_CERT: '/pki/hub.pem', HUB_SIGNING_KEY: '/pki/hub.key' });
      } catch (e) {
        production = (e as ConfigError).problems.join('\n');
      }
      expect(production).toContain('REVOCATION_FAIL_CLOSED with REVOCATION_CHECK=crl needs CRL_URLS or CRL_DIR');
    });
  });
});

describe('addresses of providers', () => {
  it('puts the demo provider system where PROVIDER_STAND_PORT (or PROVIDER_STAND_URL) says, for deliveries and lookups alike', () => {
    const onPort = loadConfig({ NODE_ENV: 'development', PROVIDER_STAND_PORT: '5510' });
    expect([onPort.providerStand.port, onPort.providerStand.url, onPort.delivery.standUrl]).toEqual([5510, 'http://127.0.0.1:5510', 'http://127.0.0.1:5510']);
    const elsewhere = loadConfig({ NODE_ENV: 'development', PROVIDER_STAND_URL: 'http://provider-stand:4010/' });
    expect(elsewhere.delivery.standUrl).toBe('http://provider-stand:4010');
  });

  it('knows no demo provider system in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow();
    let problems: string[] = [];
    try { loadConfig({ NODE_ENV: 'production', PROVIDER_STAND_URL: 'http://stand' }); } catch (e) { problems = (e as ConfigError).problems; }
    expect(problems.join('\n')).not.toContain('PROVIDER_STAND_URL');
  });

  it('takes PROVIDER_ENDPOINT_<BIN> for a provider\'s system and refuses one that is not an http(s) URL', () => {
    expect(loadConfig({ NODE_ENV: 'development', PROVIDER_ENDPOINT_010840004568: 'https://justice.example.kz/requests' }).delivery.providerEndpoints).toEqual({ '010840004568': 'https://justice.example.kz/requests' });
    expect(problemsOf({ PROVIDER_ENDPOINT_010840004568: 'justice.example.kz' })).toBe('PROVIDER_ENDPOINT_010840004568 must be an http(s) URL');
  });
});

describe('secrets from files (<VARIABLE>_FILE)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-secrets-'));
  const secretFile = (name: string, text: string) => { writeFileSync(path.join(dir, name), text); return path.join(dir, name); };

  it('reads a variable from the file its _FILE names, without the trailing newline', () => {
    const config = loadConfig({ NODE_ENV: 'development', JWT_SECRET_FILE: secretFile('jwt', 'a-jwt-secret-from-a-file-of-40-characters\n'), DATABASE_URL_FILE: secretFile('db', 'postgres://u:p@db/hub\n') });
    expect(config.jwt.secret).toBe('a-jwt-secret-from-a-file-of-40-characters');
    expect(config.databaseUrl).toBe('postgres://u:p@db/hub');
  });

  it('checks a secret read from a file like one given directly', () => {
    expect(problemsOf({ UPSTREAM_HMAC_SECRET_FILE: secretFile('short', 'short\n') })).toBe('UPSTREAM_HMAC_SECRET must be at least 32 characters');
  });

  it("leaves other programs' *_FILE variables alone", () => {
    expect(problemsOf({ TF_CLI_CONFIG_FILE: path.join(dir, 'missing'), HOME_FILE: '/nowhere' })).toBe('');
  });

  it('refuses a file it cannot read, and a variable given both ways', () => {
    expect(problemsOf({ JWT_SECRET_FILE: path.join(dir, 'missing') })).toBe(`JWT_SECRET_FILE: cannot read "${path.join(dir, 'missing')}" (ENOENT)`);
    expect(problemsOf({ JWT_SECRET: DEV_JWT_SECRET, JWT_SECRET_FILE: secretFile('jwt2', 'x') })).toBe('JWT_SECRET and JWT_SECRET_FILE are both set: give one');
  });
});
