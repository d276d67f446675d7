import path from 'node:path';
import { ConfigError, DEV_JWT_SECRET, DEV_UPSTREAM_SECRET, GATEWAY_DEFAULTS, loadConfig } from './config';

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
      NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hub', TRUST_STORE_DIR: '/etc/nca', HUB_SIGNING_CERT: '/etc/hub.pem', HUB_SIGNING_KEY: '/etc/hub.key',
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
    it('default to depth 12, 3000 tokens, 30 aliases, cost 20000, 600 operations a minute and 8 MiB, with any document allowed', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).gateway).toEqual({ ...GATEWAY_DEFAULTS, trustedOperationsFile: undefined });
      expect(GATEWAY_DEFAULTS).toEqual({ maxDepth: 12, maxTokens: 3000, maxAliases: 30, maxCost: 20_000, rateLimit: { perMinute: 600 }, maxRequestBytes: 8 * 1024 * 1024 });
    });

    it('are read from GATEWAY_*, 0 turning a limit off', () => {
      const manifest = path.join(__dirname, '..', '..', 'test', 'e2e', 'gateway-hardening', 'trusted-operations.json');
      const { gateway } = loadConfig({
        NODE_ENV: 'development', GATEWAY_MAX_DEPTH: '8', GATEWAY_MAX_TOKENS: '0', GATEWAY_MAX_ALIASES: '5', GATEWAY_MAX_COST: '1000',
        GATEWAY_RATE_LIMIT_PER_MINUTE: '0', GATEWAY_MAX_REQUEST_BYTES: '10485760', GATEWAY_TRUSTED_OPERATIONS: manifest,
      });
      expect(gateway).toEqual({ maxDepth: 8, maxTokens: 0, maxAliases: 5, maxCost: 1000, rateLimit: { perMinute: 0 }, maxRequestBytes: 10_485_760, trustedOperationsFile: manifest });
    });

    it('list every bad value', () => {
      const problems = problemsOf({
        GATEWAY_MAX_DEPTH: 'deep', GATEWAY_MAX_TOKENS: '-1', GATEWAY_MAX_ALIASES: '2.5', GATEWAY_MAX_COST: 'lots',
        GATEWAY_RATE_LIMIT_PER_MINUTE: '1e400', GATEWAY_MAX_REQUEST_BYTES: '100', GATEWAY_TRUSTED_OPERATIONS: '/nowhere/operations.json',
      });
      for (const name of ['GATEWAY_MAX_DEPTH', 'GATEWAY_MAX_TOKENS', 'GATEWAY_MAX_ALIASES', 'GATEWAY_MAX_COST', 'GATEWAY_RATE_LIMIT_PER_MINUTE']) {
        expect(problems).toContain(`${name} must be a whole number of at least 0`);
      }
      expect(problems).toContain('GATEWAY_MAX_REQUEST_BYTES must be a whole number of at least 1024');
      expect(problems).toContain('GATEWAY_TRUSTED_OPERATIONS: no file "/nowhere/operations.json"');
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
});
