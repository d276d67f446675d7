import { readFileSync } from 'node:fs';

/**
 * `<VARIABLE>_FILE`: any variable may be read from a file instead (Docker and Kubernetes secrets
 * are files), so that secrets need not sit in the environment or a compose file. The file's
 * content is the value, without its trailing newline. Giving both is refused: which one wins
 * would be a guess.
 */
export function withFileSecrets(env: NodeJS.ProcessEnv, problems: string[]): NodeJS.ProcessEnv {
  const fromFiles: Record<string, string> = {};
  for (const [name, file] of Object.entries(env)) {
    if (!name.endsWith('_FILE') || !file) continue;
    const variable = name.slice(0, -'_FILE'.length);
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
