/**
 * The one typed configuration module. Every variable is read here, and every bad one is
 * reported at once, so that a misconfigured deployment fails with the whole list.
 */
export interface HubConfig {
  env: 'development' | 'test' | 'production';
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  ports: { gateway: number; applications: number; documents: number; statuses: number; signatures: number };
  /** Address the services listen on: loopback by default, 0.0.0.0 in containers. */
  bindHost: string;
  /** Where the gateway reaches each subgraph. */
  subgraphUrls: { applications: string; documents: string; statuses: string; signatures: string };
  jwt: { secret?: string; publicKey?: string; issuer?: string; audience?: string };
  upstreamSecret: string;
  /** NCA RK trust roots and intermediates (PEM files), and the revocation lists to check */
  pki: { trustStoreDir: string; crlDir: string; crlUrls: string[]; crlRefreshMinutes: number; demo: boolean };
}

/** Test-only development secrets: never valid in production (see loadConfig). */
export const DEV_JWT_SECRET = 'test-only-dev-jwt-secret-do-not-use-in-production';
export const DEV_UPSTREAM_SECRET = 'test-only-dev-upstream-hmac-secret';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) problems.push(`${name} must be a port number (0-65535), got "${raw}"`);
    return value;
  };

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) problems.push(`NODE_ENV must be development, test or production, got "${nodeEnv}"`);
  const production = nodeEnv === 'production';

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// URL');
  if (production && !databaseUrl) problems.push('DATABASE_URL is required in production (the embedded PostgreSQL is for development)');

  const publicKey = env.JWT_PUBLIC_KEY || undefined;
  let secret = env.JWT_SECRET || undefined;
  if (publicKey && !publicKey.includes('BEGIN PUBLIC KEY')) problems.push('JWT_PUBLIC_KEY must be a PEM public key (RS256)');
  if (!secret && !publicKey) {
    if (production) problems.push('JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256) is required in production');
    else secret = DEV_JWT_SECRET;
  }
  if (production && secret === DEV_JWT_SECRET) problems.push('JWT_SECRET must not be the test-only development secret in production');
  if (secret && secret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');

  let upstreamSecret = env.UPSTREAM_HMAC_SECRET || '';
  if (!upstreamSecret) {
    if (production) problems.push('UPSTREAM_HMAC_SECRET is required in production');
    else upstreamSecret = DEV_UPSTREAM_SECRET;
  }

  const ports = {
    gateway: port('GATEWAY_PORT', 4000),
    applications: port('APPLICATIONS_PORT', 4001),
    documents: port('DOCUMENTS_PORT', 4002),
    statuses: port('STATUSES_PORT', 4003),
    signatures: port('SIGNATURES_PORT', 4004),
  };
  const subgraphUrl = (name: 'applications' | 'documents' | 'statuses' | 'signatures') => {
    const variable = `${name.toUpperCase()}_URL`;
    const value = env[variable] || `http://localhost:${ports[name]}/graphql`;
    if (!/^https?:\/\/.+/.test(value)) problems.push(`${variable} must be an http(s) URL`);
    return value;
  };

  const dataDir = env.HUB_DATA_DIR || '.data';
  const crlRefreshMinutes = Number(env.CRL_REFRESH_MINUTES || 60);
  if (!Number.isFinite(crlRefreshMinutes) || crlRefreshMinutes <= 0) problems.push('CRL_REFRESH_MINUTES must be a positive number');
  const crlUrls = (env.CRL_URLS || '').split(',').map((u) => u.trim()).filter(Boolean);
  for (const url of crlUrls) if (!/^https?:\/\//.test(url)) problems.push(`CRL_URLS: "${url}" is not an http(s) URL`);
  if (production && !env.TRUST_STORE_DIR) problems.push('TRUST_STORE_DIR (NCA RK root and intermediate certificates) is required in production');

  const config: HubConfig = {
    env: nodeEnv as HubConfig['env'],
    databaseUrl,
    dataDir,
    embeddedPgPort: port('EMBEDDED_PG_PORT', 54329),
    ports,
    bindHost: env.BIND_HOST || '127.0.0.1',
    subgraphUrls: {
      applications: subgraphUrl('applications'),
      documents: subgraphUrl('documents'),
      statuses: subgraphUrl('statuses'),
      signatures: subgraphUrl('signatures'),
    },
    jwt: { secret, publicKey, issuer: env.JWT_ISSUER || undefined, audience: env.JWT_AUDIENCE || undefined },
    upstreamSecret,
    pki: {
      trustStoreDir: env.TRUST_STORE_DIR || `${dataDir}/pki/trust`,
      crlDir: env.CRL_DIR || `${dataDir}/pki/crl`,
      crlUrls,
      crlRefreshMinutes,
      // the test stand's demo CA (ЦОН exchange rules p.15), made by npm start when no trust store is configured
      demo: !production && !env.TRUST_STORE_DIR,
    },
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
