import { loadConfig } from './config';

/**
 * Variables read by name pattern (every variable with the prefix): the README's configuration
 * table lists them with the placeholder.
 */
export const PATTERN_VARIABLES = ['PROVIDER_TOKEN_<BIN>', 'PROVIDER_ENDPOINT_<BIN>', 'SOURCE_URL_<CODE>', '<VARIABLE>_FILE'];

/**
 * Every variable the configuration module reads, found by letting loadConfig read an environment
 * that records each name asked for (in each NODE_ENV, since some are read in one only). The
 * README's table is checked against this list, so neither can drift from the other.
 */
export function variablesLoadConfigReads(): string[] {
  const read = new Set<string>();
  // some are read only in production, or only with another one set (REDIS_URL's)
  for (const given of [{}, { NODE_ENV: 'production' }, { REDIS_URL: 'redis://127.0.0.1:6379' }] as Record<string, string>[]) {
    const env = new Proxy({} as NodeJS.ProcessEnv, {
      get: (_target, name) => {
        if (typeof name === 'string') read.add(name);
        return typeof name === 'string' ? given[name] : undefined;
      },
      ownKeys: () => [],
    });
    try {
      loadConfig(env);
    } catch {
      // production without its required variables: what was read until then still counts
    }
  }
  return [...read].sort();
}

/** The variable names in the first column of the README's "## Configuration" table. */
export function readmeVariables(readme: string): string[] {
  const section = readme.split(/^## Configuration\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const first = line.split('|')[1];
    for (const m of first.matchAll(/`([A-Z<][A-Z0-9_<>]*)`/g)) names.add(m[1]);
  }
  return [...names].sort();
}
