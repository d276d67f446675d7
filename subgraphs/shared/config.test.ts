import { ConfigError, loadConfig } from './config';

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
});
