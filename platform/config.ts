import { existsSync } from 'node:fs';
import { EnvReader, urlOf } from './config-readers';
import { withFileSecrets } from './file-secrets';

/**
 * The one typed configuration module. Every variable is read here, and every bad one is
 * reported at once, so that a misconfigured deployment fails with the whole list.
 */
export interface HubConfig {
  env: 'development' | 'test' | 'production';
  databaseUrl?: string;
  /** each process's pools of connections to the hub's database */
  database: DatabasePoolConfig;
  dataDir: string;
  embeddedPgPort: number;
  ports: { gateway: number; applications: number; documents: number; statuses: number; signatures: number };
  /** Address the services listen on: loopback by default, 0.0.0.0 in containers. */
  bindHost: string;
  /** Where the gateway reaches each subgraph. */
  subgraphUrls: { applications: string; documents: string; statuses: string; signatures: string };
  /** maxLifetimeSeconds: the longest exp - iat (or exp - now without iat) a token may have (JWT_MAX_LIFETIME_SECONDS) */
  jwt: { secret?: string; publicKey?: string; issuer?: string; audience?: string; maxLifetimeSeconds?: number };
  upstreamSecret: string;
  /** how subgraphs take the gateway's signed requests: the window around their stamp, and how many ids they remember */
  upstream: { windowSeconds: number; replayCacheSize: number };
  /** NCA RK trust roots and intermediates (PEM files), and the revocation lists to check */
  pki: PkiConfig;
  /** the hub's own system certificate and key: it signs the requests it sends and the stages it records */
  hubSigner: { certFile: string; keyFile: string };
  /** the tamper-evident exchange log (issue 18): how often the sequencer signs a tree head, and its hash */
  exchangeLog: ExchangeLogConfig;
  delivery: DeliveryConfig;
  /** where each document source is reached, by its code (SOURCE_URL_<CODE>): postgres:// or http(s):// */
  documentSourceUrls: Record<string, string>;
  lookups: LookupConfig;
  /** the test stand's demo provider system that npm start runs in development */
  providerStand: {
    port: number; enabled: boolean; acceptAfterMs: number; resultAfterMs: number;
    /** PROVIDER_STAND_URL: where the hub reaches it */
    url?: string;
    /** PROVIDER_STAND_HUB_URL: where it reports stages and results (the gateway) */
    hubUrl: string;
  };
  gateway: GatewayConfig;
  telemetry: TelemetryConfig;
  metrics: MetricsConfig;
}

/**
 * Where each service serves GET /metrics: a port of its own, never the public one, on loopback
 * unless METRICS_HOST says otherwise. METRICS_PORT is the gateway's and, as 4000-4004 are the
 * services' own ports, the subgraphs' follow it (+1 applications, +2 documents, +3 statuses,
 * +4 signatures) unless <NAME>_METRICS_PORT sets one.
 */
export interface MetricsConfig {
  host: string;
  ports: { gateway: number; applications: number; documents: number; statuses: number; signatures: number };
  /** operation names the gateway's metrics label as themselves (beside the trusted manifest's and the console's); any other is "other" */
  operations: string[];
}

/** The exchange log's hash (LOG_HASH): fixed for a log's life, written into every tree head. */
export const LOG_HASHES = ['sha-256', 'streebog-256'] as const;
export type LogHashName = (typeof LOG_HASHES)[number];

export interface ExchangeLogConfig {
  /** LOG_STH_SECONDS: a signed tree head at least this often while leaves arrive */
  sthSeconds: number;
  hash: LogHashName;
}

/** Where revocation is asked: the CRLs, the OCSP responders, or both (REVOCATION_CHECK). */
export const REVOCATION_CHECKS = ['crl', 'ocsp', 'both'] as const;
export type RevocationCheck = (typeof REVOCATION_CHECKS)[number];

export interface PkiConfig {
  trustStoreDir: string;
  crlDir: string;
  crlUrls: string[];
  crlRefreshMinutes: number;
  demo: boolean;
  /** REVOCATION_CHECK: crl unless told */
  revocationCheck?: RevocationCheck;
  /** REVOCATION_FAIL_CLOSED: refuse a signature when no source has a fresh revocation answer; on in production unless told */
  revocationFailClosed?: boolean;
  /** OCSP_URL: one responder for every certificate, instead of each certificate's Authority Information Access */
  ocspUrl?: string;
  /** OCSP_TIMEOUT_MS */
  ocspTimeoutMs?: number;
  /** TSA_TRUST_DIR: roots (and TSA certificates) that signature time-stamps must chain to; the trust store unless told */
  tsaTrustDir?: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const TRACING_EXPORTERS = ['off', 'console', 'otlp'] as const;
export type TracingExporter = (typeof TRACING_EXPORTERS)[number];

/** Logs and traces (metrics: MetricsConfig). */
export interface TelemetryConfig {
  /** LOG_LEVEL: info unless told */
  logLevel: LogLevel;
  /**
   * TRACING_EXPORTER: off (the default; nothing is recorded), console (spans printed, for
   * development) or otlp (OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces). Setting
   * OTEL_EXPORTER_OTLP_ENDPOINT alone means otlp.
   */
  tracing: { exporter: TracingExporter; otlpEndpoint: string };
}

/**
 * The hub's database pools (DATABASE_POOL_SIZE, DATABASE_CONNECT_TIMEOUT_MS). A request waits for
 * a connection (a free one of the pool, or a new one) up to the timeout: long enough that a busy
 * machine only slows requests down, bounded so that a database that does not answer fails them.
 */
export interface DatabasePoolConfig {
  /** connections of one process's pool */
  poolSize: number;
  /** longest wait for a connection, in ms */
  connectTimeoutMs: number;
}

export const DATABASE_POOL_DEFAULTS: DatabasePoolConfig = { poolSize: 10, connectTimeoutMs: 30_000 };

/** How requests reach providers' systems: retries with capped exponential backoff, then dead letter. */
export interface DeliveryConfig {
  /** attempts before a message is dead-lettered, for failures other than an unreachable provider */
  maxAttempts: number;
  /** a message whose provider stays unreachable waits this long (from its creation) before it is dead-lettered */
  maxAgeSeconds: number;
  /** while a provider is unreachable, one of its parked messages is tried this often (its circuit's probe) */
  probeSeconds: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  timeoutMs: number;
  pollMs: number;
  /** requests POSTed at once */
  concurrency: number;
  /** jobs a worker takes at once: their journal reads and writes, signatures and job completions are made together */
  batchSize: number;
  /** an active delivery not finished in this time (a killed process) is tried again */
  expireSeconds: number;
  maintenanceSeconds: number;
  /** false (DELIVERY_WORKER=off): this applications process takes submissions but does not deliver */
  worker: boolean;
  /** bearer tokens for providers' systems, by the variable the catalogue names (PROVIDER_TOKEN_*) */
  providerTokens: Record<string, string>;
  /** each provider's system endpoint by BIN (PROVIDER_ENDPOINT_<BIN>), over the catalogue's */
  providerEndpoints?: Record<string, string>;
  /** the demo provider system, for the catalogue's {PROVIDER_STAND_URL} addresses (never in production) */
  standUrl?: string;
}

/** What entitles a document lookup. */
export interface LookupConfig {
  /** LOOKUP_CONSENT_MAX_AGE_DAYS: a subject's consent older than this is refused (CONSENT_EXPIRED) */
  consentMaxAgeDays: number;
}

export const LOOKUP_DEFAULTS: LookupConfig = { consentMaxAgeDays: 30 };

/**
 * What the gateway lets one client ask (GATEWAY_*). A limit of 0 is off. The request size must
 * take an application's attachments: up to 5 MB as base64 inside JSON (about 6.7 MB).
 */
export interface GatewayConfig {
  /** deepest nesting of fields in an operation */
  maxDepth: number;
  /** tokens in a document (parsing stops there) */
  maxTokens: number;
  maxAliases: number;
  /** estimated cost of an operation: objects it may return, lists assumed 10 long */
  maxCost: number;
  /** fields of an operation once its fragments are expanded (scalars and __typename too) */
  maxFields: number;
  /** fragment spreads of an operation, each counted every time it is expanded */
  maxFragmentSpreads: number;
  /**
   * operations per minute of one client: a signed-in user by the token's sub, else an IP address;
   * with `redis` (REDIS_URL) counted in Redis, shared by every gateway instance
   */
  rateLimit: { perMinute: number; redis?: { url: string; prefix: string; timeoutMs: number } };
  /** bytes of a request body (and of a graphql-ws message) */
  maxRequestBytes: number;
  /** a manifest of trusted operations (JSON, id → document): when set, only those are executed */
  trustedOperationsFile?: string;
  /** origins (scheme://host[:port]) whose browsers may call the gateway with credentials (CORS); none: no cross-origin access */
  corsOrigins: string[];
}

/** The limits in production when no GATEWAY_* variable is set. */
export const GATEWAY_DEFAULTS: GatewayConfig = {
  maxDepth: 12,
  maxTokens: 3000,
  maxAliases: 30,
  maxCost: 20_000,
  maxFields: 2000,
  maxFragmentSpreads: 500,
  rateLimit: { perMinute: 600 },
  maxRequestBytes: 8 * 1024 * 1024,
  corsOrigins: [],
};

/** Outside production, without CORS_ORIGINS: the console's development server (npx vite console). */
export const DEV_CORS_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

/** Test-only bearer token the demo provider system accepts, used for any PROVIDER_TOKEN_* not set outside production. */
export const DEV_PROVIDER_TOKEN = 'test-only-demo-provider-token';

/** Test-only development secrets: never valid in production (see loadConfig). */
export const DEV_JWT_SECRET = 'test-only-dev-jwt-secret-do-not-use-in-production';
export const DEV_UPSTREAM_SECRET = 'test-only-dev-upstream-hmac-secret';

/** The longest a token may live by default: a working day with room (JWT_MAX_LIFETIME_SECONDS). */
export const JWT_MAX_LIFETIME_DEFAULT = 12 * 60 * 60;

/** Shortest HS256 JWT secret or upstream HMAC secret taken (RFC 7518 3.2: a key at least as long as the hash, 256 bits). */
export const MIN_SECRET_LENGTH = 32;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** An origin exactly as a browser sends it: http(s)://host[:port], nothing after. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** The schemes of a web address. */
const HTTP = ['http', 'https'] as const;

export function loadConfig(given: NodeJS.ProcessEnv = process.env): HubConfig {
  // <VARIABLE>_FILE: secrets from files (compose and Kubernetes secrets), file-secrets.ts
  const fileProblems: string[] = [];
  const env = withFileSecrets(given, fileProblems);
  const read = new EnvReader(env);
  const { problems } = read;
  problems.push(...fileProblems);
  const port = read.port.bind(read);
  const number = read.number.bind(read);
  const gatewayLimit = read.limit.bind(read);

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) problems.push(`NODE_ENV must be development, test or production, got "${nodeEnv}"`);
  const production = nodeEnv === 'production';
  // the development values are public (they are in this repository), with or without white space
  // around them; white space does not count towards a secret's length
  const checkSecret = (name: string, value: string, developmentValue: string) => {
    const meaningful = value.trim();
    if (production && meaningful === developmentValue) problems.push(`${name} must not be the test-only development secret in production`);
    if (meaningful.length < MIN_SECRET_LENGTH) problems.push(`${name} must be at least ${MIN_SECRET_LENGTH} characters`);
  };

  const databaseUrl = read.url('DATABASE_URL', ['postgres', 'postgresql'], undefined, 'a postgres://');
  if (production && !databaseUrl) problems.push('DATABASE_URL is required in production (the embedded PostgreSQL is for development)');
  const database: DatabasePoolConfig = {
    poolSize: read.wholeNumber('DATABASE_POOL_SIZE', DATABASE_POOL_DEFAULTS.poolSize, 1),
    connectTimeoutMs: read.wholeNumber('DATABASE_CONNECT_TIMEOUT_MS', DATABASE_POOL_DEFAULTS.connectTimeoutMs, 100, ' (there is no "wait for ever")'),
  };

  const publicKey = env.JWT_PUBLIC_KEY || undefined;
  let secret = env.JWT_SECRET || undefined;
  if (publicKey && !publicKey.includes('BEGIN PUBLIC KEY')) problems.push('JWT_PUBLIC_KEY must be a PEM public key (RS256)');
  if (!secret && !publicKey) {
    if (production) problems.push('JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256) is required in production');
    else secret = DEV_JWT_SECRET;
  }
  if (secret) checkSecret('JWT_SECRET', secret, DEV_JWT_SECRET);

  let upstreamSecret = env.UPSTREAM_HMAC_SECRET || '';
  if (!upstreamSecret) {
    if (production) problems.push('UPSTREAM_HMAC_SECRET is required in production');
    else upstreamSecret = DEV_UPSTREAM_SECRET;
  }
  if (upstreamSecret) checkSecret('UPSTREAM_HMAC_SECRET', upstreamSecret, DEV_UPSTREAM_SECRET);

  const ports = {
    gateway: port('GATEWAY_PORT', 4000),
    applications: port('APPLICATIONS_PORT', 4001),
    documents: port('DOCUMENTS_PORT', 4002),
    statuses: port('STATUSES_PORT', 4003),
    signatures: port('SIGNATURES_PORT', 4004),
  };
  const subgraphUrl = (name: 'applications' | 'documents' | 'statuses' | 'signatures') =>
    read.url(`${name.toUpperCase()}_URL`, HTTP, `http://localhost:${ports[name]}/graphql`)!;

  const dataDir = env.HUB_DATA_DIR || '.data';
  const crlRefreshMinutes = read.positive('CRL_REFRESH_MINUTES', 60);
  const crlUrls = read.list('CRL_URLS');
  for (const url of crlUrls) if (!urlOf(url, HTTP)) problems.push(`CRL_URLS: "${url}" is not an http(s) URL`);
  if (production && !env.TRUST_STORE_DIR) problems.push('TRUST_STORE_DIR (NCA RK root and intermediate certificates) is required in production');
  const revocationCheck = read.oneOf('REVOCATION_CHECK', REVOCATION_CHECKS, 'crl');
  const revocationFailClosed = read.onOff('REVOCATION_FAIL_CLOSED', production);
  // fail-closed on CRLs alone with no CRL configured would refuse every signature
  if (production && revocationFailClosed && revocationCheck === 'crl' && !crlUrls.length && !env.CRL_DIR) problems.push('REVOCATION_FAIL_CLOSED with REVOCATION_CHECK=crl needs CRL_URLS or CRL_DIR (NCA RK publishes its CRLs), or REVOCATION_CHECK=ocsp|both');
  const ocspUrl = read.url('OCSP_URL', HTTP);

  const delivery: DeliveryConfig = {
    maxAttempts: number('DELIVERY_MAX_ATTEMPTS', 10, 1),
    maxAgeSeconds: number('DELIVERY_MAX_AGE_SECONDS', 7 * 24 * 3600, 1),
    probeSeconds: number('DELIVERY_PROBE_SECONDS', 5, 0.1),
    retryBaseSeconds: number('DELIVERY_RETRY_BASE_SECONDS', 5, 0.1),
    retryMaxSeconds: number('DELIVERY_RETRY_MAX_SECONDS', 600, 0.1),
    timeoutMs: number('DELIVERY_TIMEOUT_MS', 10_000, 100),
    pollMs: number('DELIVERY_POLL_MS', 500, 50),
    concurrency: number('DELIVERY_CONCURRENCY', 16, 1),
    batchSize: number('DELIVERY_BATCH_SIZE', 100, 1),
    expireSeconds: number('DELIVERY_EXPIRE_SECONDS', 60, 1),
    maintenanceSeconds: number('DELIVERY_MAINTENANCE_SECONDS', 30, 1),
    worker: env.DELIVERY_WORKER !== 'off',
    providerTokens: Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('PROVIDER_TOKEN_') && v) as [string, string][]),
  };
  // every address follows configuration: a provider's own system, and the demo stand wherever it runs
  const standPort = port('PROVIDER_STAND_PORT', 4010);
  const standUrl = production ? undefined : (env.PROVIDER_STAND_URL || `http://127.0.0.1:${standPort}`).replace(/\/+$/, '');
  if (standUrl && !/^https?:\/\/.+/.test(standUrl)) problems.push('PROVIDER_STAND_URL must be an http(s) URL');
  delivery.standUrl = standUrl;
  delivery.providerEndpoints = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('PROVIDER_ENDPOINT_') || !value) continue;
    if (!/^https?:\/\/.+/.test(value)) problems.push(`${name} must be an http(s) URL`);
    delivery.providerEndpoints[name.slice('PROVIDER_ENDPOINT_'.length)] = value;
  }
  if (delivery.expireSeconds * 1000 <= delivery.timeoutMs) problems.push('DELIVERY_EXPIRE_SECONDS must be longer than DELIVERY_TIMEOUT_MS, or a slow delivery would be tried twice');
  const documentSourceUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('SOURCE_URL_') || !value) continue;
    if (!urlOf(value, ['postgres', 'postgresql', 'http', 'https'])) problems.push(`${name} must be a postgres:// or http(s):// URL`);
    documentSourceUrls[name.slice('SOURCE_URL_'.length)] = value;
  }
  const lookups: LookupConfig = { consentMaxAgeDays: number('LOOKUP_CONSENT_MAX_AGE_DAYS', LOOKUP_DEFAULTS.consentMaxAgeDays, 1) };
  const logHash = (env.LOG_HASH || 'sha-256') as LogHashName;
  if (!LOG_HASHES.includes(logHash)) problems.push(`LOG_HASH must be one of ${LOG_HASHES.join(', ')}, got "${env.LOG_HASH}"`);
  const hubCert = env.HUB_SIGNING_CERT || '';
  const hubKey = env.HUB_SIGNING_KEY || '';
  if (production && (!hubCert || !hubKey)) problems.push("HUB_SIGNING_CERT and HUB_SIGNING_KEY (the hub's system certificate and key, PEM files) are required in production");

  const gateway: GatewayConfig = {
    maxDepth: gatewayLimit('GATEWAY_MAX_DEPTH', GATEWAY_DEFAULTS.maxDepth),
    maxTokens: gatewayLimit('GATEWAY_MAX_TOKENS', GATEWAY_DEFAULTS.maxTokens),
    maxAliases: gatewayLimit('GATEWAY_MAX_ALIASES', GATEWAY_DEFAULTS.maxAliases),
    maxCost: gatewayLimit('GATEWAY_MAX_COST', GATEWAY_DEFAULTS.maxCost),
    maxFields: gatewayLimit('GATEWAY_MAX_FIELDS', GATEWAY_DEFAULTS.maxFields),
    maxFragmentSpreads: gatewayLimit('GATEWAY_MAX_FRAGMENT_SPREADS', GATEWAY_DEFAULTS.maxFragmentSpreads),
    rateLimit: {
      perMinute: gatewayLimit('GATEWAY_RATE_LIMIT_PER_MINUTE', GATEWAY_DEFAULTS.rateLimit.perMinute),
      ...(env.REDIS_URL ? {
        redis: { url: env.REDIS_URL, prefix: env.RATE_LIMIT_REDIS_PREFIX ?? 'qyzmet:rate:', timeoutMs: gatewayLimit('REDIS_TIMEOUT_MS', 250, 1) },
      } : {}),
    },
    maxRequestBytes: gatewayLimit('GATEWAY_MAX_REQUEST_BYTES', GATEWAY_DEFAULTS.maxRequestBytes, 1024),
    trustedOperationsFile: env.GATEWAY_TRUSTED_OPERATIONS || undefined,
    corsOrigins: env.CORS_ORIGINS === undefined ? (production ? [] : DEV_CORS_ORIGINS) : read.list('CORS_ORIGINS'),
  };
  read.url('REDIS_URL', ['redis', 'rediss']);
  for (const origin of gateway.corsOrigins) {
    if (!isOrigin(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path; "*" is not allowed)`);
  }
  if (gateway.trustedOperationsFile && !existsSync(gateway.trustedOperationsFile)) problems.push(`GATEWAY_TRUSTED_OPERATIONS: no file "${gateway.trustedOperationsFile}"`);

  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const otlpEndpoint = read.url('OTEL_EXPORTER_OTLP_ENDPOINT', HTTP, 'http://localhost:4318')!.replace(/\/+$/, '');
  const exporter = read.oneOf('TRACING_EXPORTER', TRACING_EXPORTERS, env.OTEL_EXPORTER_OTLP_ENDPOINT ? 'otlp' : 'off');

  const metricsBase = port('METRICS_PORT', 9400);
  const metricsPort = (name: string, offset: number) => port(`${name.toUpperCase()}_METRICS_PORT`, metricsBase ? metricsBase + offset : 0);
  const metrics: MetricsConfig = {
    host: env.METRICS_HOST || '127.0.0.1',
    ports: {
      gateway: metricsBase,
      applications: metricsPort('applications', 1),
      documents: metricsPort('documents', 2),
      statuses: metricsPort('statuses', 3),
      signatures: metricsPort('signatures', 4),
    },
    operations: read.list('METRICS_OPERATIONS'),
  };
  for (const name of metrics.operations) if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) problems.push(`METRICS_OPERATIONS: "${name}" is not an operation name`);
  const publicPorts = new Set(Object.values(ports));
  for (const [service, value] of Object.entries(metrics.ports)) {
    if (value && publicPorts.has(value)) problems.push(`the metrics port of ${service} (${value}) is a service's public port: metrics must have ports of their own`);
  }

  const config: HubConfig = {
    env: nodeEnv as HubConfig['env'],
    databaseUrl,
    database,
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
    jwt: { secret, publicKey, issuer: env.JWT_ISSUER || undefined, audience: env.JWT_AUDIENCE || undefined, maxLifetimeSeconds: number('JWT_MAX_LIFETIME_SECONDS', JWT_MAX_LIFETIME_DEFAULT, 60) },
    upstreamSecret,
    upstream: {
      windowSeconds: number('UPSTREAM_SIGNATURE_WINDOW_SECONDS', 60, 1),
      replayCacheSize: gatewayLimit('UPSTREAM_REPLAY_CACHE_SIZE', 100_000, 1000),
    },
    pki: {
      trustStoreDir: env.TRUST_STORE_DIR || `${dataDir}/pki/trust`,
      crlDir: env.CRL_DIR || `${dataDir}/pki/crl`,
      crlUrls,
      crlRefreshMinutes,
      // the test stand's demo CA (ЦОН exchange rules p.15), made by npm start when no trust store is configured
      demo: !production && !env.TRUST_STORE_DIR,
      revocationCheck,
      revocationFailClosed,
      ocspUrl,
      ocspTimeoutMs: number('OCSP_TIMEOUT_MS', 5000, 100),
      tsaTrustDir: env.TSA_TRUST_DIR || undefined,
    },
    // the demo PKI (npm start) issues the hub's test-only system certificate under this name
    hubSigner: { certFile: hubCert || `${dataDir}/pki/demo/hub.pem`, keyFile: hubKey || `${dataDir}/pki/demo/hub.key` },
    exchangeLog: { sthSeconds: number('LOG_STH_SECONDS', 10, 1), hash: logHash },
    delivery,
    documentSourceUrls,
    lookups,
    providerStand: {
      port: standPort,
      url: standUrl,
      hubUrl: env.PROVIDER_STAND_HUB_URL || `http://localhost:${ports.gateway}/graphql`,
      enabled: !production && env.PROVIDER_STAND !== 'off',
      acceptAfterMs: number('PROVIDER_STAND_ACCEPT_MS', 2000, 0),
      resultAfterMs: number('PROVIDER_STAND_RESULT_MS', 5000, 0),
    },
    gateway,
    telemetry: { logLevel, tracing: { exporter, otlpEndpoint } },
    metrics,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
