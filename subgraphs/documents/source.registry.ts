import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../platform/config';
import { repoRoot } from '../../platform/paths';
import { resolveAddress } from '../../platform/provider-addresses';

/** Secret data (государственные секреты) is never exchanged (exchange rules p.2). */
export type Classification = 'OPEN' | 'SECRET';

export interface SourceDefinition {
  code: string;
  nameRu: string;
  /** the provider whose database or system it is */
  ownerBin: string;
  connector: 'sql' | 'http';
  /** http: where the demo provider system serves it (development and tests only) */
  demoUrl?: string;
  /** http: the variable holding the bearer token */
  tokenEnv?: string;
  timeoutMs: number;
  concurrency: number;
  classification: Classification;
}

export interface DocumentTypeDefinition {
  code: string;
  nameRu: string;
  nameKk: string;
  source: string;
  /** one record per subject, or a list (titles to several properties) */
  records: 'one' | 'many';
  /** sql: $1 is the array of subjects; every row has a `subject` column */
  query?: string;
  /** how long a fetched record may be served again without asking the source; 0: never */
  cacheSeconds: number;
  classification: Classification;
}

export interface RegistryFile {
  sources: SourceDefinition[];
  documentTypes: DocumentTypeDefinition[];
}

/** A source with where it is reached, resolved from the environment. */
export interface ResolvedSource extends SourceDefinition {
  url: string;
  token?: string;
}

export interface SourceRegistry {
  sources: Map<string, ResolvedSource>;
  types: Map<string, DocumentTypeDefinition>;
}

export interface RegistryEnvironment {
  production: boolean;
  /** the hub's own database: outside production a sql source without an address reads the demo registers there */
  hubDatabaseUrl?: string;
  /** SOURCE_URL_<CODE> */
  sourceUrls: Record<string, string>;
  /** tokens by variable name (PROVIDER_TOKEN_*) */
  tokens: Record<string, string>;
  /** the test-only token of the demo provider system, used outside production when none is set */
  demoToken?: string;
  /** the demo provider system (PROVIDER_STAND_URL), for a demoUrl naming {PROVIDER_STAND_URL} */
  standUrl?: string;
}

export const readRegistryFile = (): RegistryFile =>
  JSON.parse(readFileSync(path.join(repoRoot(), 'reference', 'document-sources.json'), 'utf8')) as RegistryFile;

/**
 * Checks the registry and resolves every source's address; every problem is reported at once,
 * like the configuration module does.
 */
export function resolveRegistry(file: RegistryFile, env: RegistryEnvironment): SourceRegistry {
  const problems: string[] = [];
  const sources = new Map<string, ResolvedSource>();
  for (const s of file.sources) {
    const where = `document source ${s.code}`;
    if (sources.has(s.code)) problems.push(`${where} is defined twice`);
    if (!['sql', 'http'].includes(s.connector)) problems.push(`${where}: connector must be sql or http`);
    if (!(s.timeoutMs > 0)) problems.push(`${where}: timeoutMs must be positive`);
    if (!(Number.isInteger(s.concurrency) && s.concurrency > 0)) problems.push(`${where}: concurrency must be a positive integer`);
    if (!['OPEN', 'SECRET'].includes(s.classification)) problems.push(`${where}: classification must be OPEN or SECRET`);
    const variable = `SOURCE_URL_${s.code}`;
    let url: string | undefined = env.sourceUrls[s.code];
    if (!url && !env.production) url = s.connector === 'sql' ? env.hubDatabaseUrl : resolveAddress(s.demoUrl, env.standUrl);
    if (!url) problems.push(`${variable} is required (${s.nameRu})`);
    else if (s.connector === 'sql' && !/^postgres(ql)?:\/\//.test(url)) problems.push(`${variable} must be a postgres:// URL for a sql source`);
    else if (s.connector === 'http' && !/^https?:\/\//.test(url)) problems.push(`${variable} must be an http(s) URL for an http source`);
    let token: string | undefined;
    if (s.tokenEnv) {
      token = env.tokens[s.tokenEnv] ?? (env.production ? undefined : env.demoToken);
      if (!token) problems.push(`${s.tokenEnv} is required (the bearer token of ${s.code})`);
    }
    sources.set(s.code, { ...s, url: url ?? '', token });
  }
  const types = new Map<string, DocumentTypeDefinition>();
  for (const t of file.documentTypes) {
    const where = `document type ${t.code}`;
    if (types.has(t.code)) problems.push(`${where} is defined twice`);
    const source = sources.get(t.source);
    if (!source) problems.push(`${where}: no source ${t.source}`);
    if (source?.connector === 'sql' && !t.query?.includes('$1')) problems.push(`${where}: a sql source needs a query with $1 (the subjects)`);
    if (!['one', 'many'].includes(t.records)) problems.push(`${where}: records must be one or many`);
    if (!(t.cacheSeconds >= 0)) problems.push(`${where}: cacheSeconds must be 0 or more`);
    if (!['OPEN', 'SECRET'].includes(t.classification)) problems.push(`${where}: classification must be OPEN or SECRET`);
    types.set(t.code, t);
  }
  if (problems.length) throw new ConfigError(problems);
  return { sources, types };
}

/** What classification needs of a registry: the types and their sources' markings, not where the sources are. */
export interface ClassificationRegistry {
  sources: Map<string, Pick<SourceDefinition, 'classification'>>;
  types: Map<string, DocumentTypeDefinition>;
}

/** Secret when the type or its source is marked so. */
export function isSecret(registry: ClassificationRegistry, type: DocumentTypeDefinition): boolean {
  return type.classification === 'SECRET' || registry.sources.get(type.source)?.classification === 'SECRET';
}

/**
 * The one check of a document type named by a caller (a lookup's item, a submission's attachment):
 * secret when the registry's type of that code, spelt in any case or padded, is secret, so that
 * `security_clearance` is no way around `SECURITY_CLEARANCE`.
 */
export function isSecretTypeCode(registry: ClassificationRegistry, code: string): boolean {
  const wanted = code.trim().toUpperCase();
  for (const type of registry.types.values()) {
    if (type.code.toUpperCase() === wanted) return isSecret(registry, type);
  }
  return false;
}

let referenceClassification: ClassificationRegistry | undefined;

/** The classification of reference/document-sources.json, for services that do not reach the sources themselves. */
export function referenceClassificationRegistry(): ClassificationRegistry {
  if (!referenceClassification) {
    const file = readRegistryFile();
    referenceClassification = { sources: new Map(file.sources.map((s) => [s.code, s])), types: new Map(file.documentTypes.map((t) => [t.code, t])) };
  }
  return referenceClassification;
}
