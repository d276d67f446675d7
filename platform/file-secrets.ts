import { readFileSync } from 'node:fs';

/**
 * `<VARIABLE>_FILE`: a secret (or address) may be read from a file instead (Docker and Kubernetes secrets
 * are files), so that secrets need not sit in the environment or a compose file. The file's
 * content is the value, without its trailing newline. Giving both is refused: which one wins
 * would be a guess.
 */
export const FILE_VARIABLES = ['DATABASE_URL', 'JWT_SECRET', 'JWT_PUBLIC_KEY', 'UPSTREAM_HMAC_SECRET', 'REDIS_URL'];
export const FILE_VARIABLE_PREFIXES = ['PROVIDER_TOKEN_', 'PROVIDER_ENDPOINT_', 'SOURCE_URL_'];

/** Only the hub's own secrets and addresses: other programs' *_FILE variables (TF_CLI_CONFIG_FILE, …) are theirs. */
const takesFile = (variable: string) => FILE_VARIABLES.includes(variable) || FILE_VARIABLE_PREFIXES.some((p) => variable.startsWith(p));

export function withFileSecrets(env: NodeJS.ProcessEnv, problems: string[]): NodeJS.ProcessEnv {
  const fromFiles: Record<string, string> = {};
  for (const [name, file] of Object.entries(env)) {
    if (!name.endsWith('_FILE') || !file) continue;
    const variable = name.slice(0, -'_FILE'.length);
    if (!takesFile(variable)) continue;
    if (env[variable]) {
      problems.push(`${variable} and ${name} are both set: give one`);
      continue;
    }
    try {
      fromFiles[variable] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  // unchanged when nothing comes from a file (config-variables.ts records what loadConfig reads)
  return Object.keys(fromFiles).length ? { ...env, ...fromFiles } : env;
}
