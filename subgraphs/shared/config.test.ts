import path from 'node:path';
import { ConfigError, GATEWAY_DEFAULTS, loadConfig } from './config';

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

  describe('revocation and time-stamps', () => {
    it('check CRLs, fail-open, outside production by default; fail-closed in production', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).pki).toMatchObject({ revocationCheck: 'crl', revocationFailClosed: false, ocspUrl: undefined, ocspTimeoutMs: 5000, tsaTrustDir: undefined });
      const production = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hub', JWT_SECRET: 'x'.repeat(32), UPSTREAM_HMAC_SECRET: 'y', TRUST_STORE_DIR: '/pki/trust', CRL_URLS: 'http://crl.example/nca.crl', HUB_SIGNING_CERT: '/pki/hub.pem', HUB_SIGNING_KEY: '/pki/hub.key' });
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
        loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hub', JWT_SECRET: 'x'.repeat(32), UPSTREAM_HMAC_SECRET: 'y', TRUST_STORE_DIR: '/pki/trust', HUB_SIGNING_CERT: '/pki/hub.pem', HUB_SIGNING_KEY: '/pki/hub.key' });
      } catch (e) {
        production = (e as ConfigError).problems.join('\n');
      }
      expect(production).toContain('REVOCATION_FAIL_CLOSED with REVOCATION_CHECK=crl needs CRL_URLS or CRL_DIR');
    });
  });
});
