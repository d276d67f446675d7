/**
 * Small typed readers of environment variables for loadConfig. Each reads one variable, gives its
 * fallback when it is unset or empty, and writes what is wrong with it to `problems` instead of
 * throwing, so that loadConfig lists every bad variable at once.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** A problem beside the readers' own (a rule across variables, a value required in production). */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** The value as set; undefined when unset or empty. */
  text(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  /** A TCP port, 0 for "any free one". */
  port(name: string, fallback: number): number {
    return this.numeric(name, fallback, (v) => Number.isInteger(v) && v >= 0 && v <= 65535, 'a port number (0-65535)');
  }

  /** A whole number of at least `min`; `why` adds the reason for the minimum to the message. */
  wholeNumber(name: string, fallback: number, min: number, why = ''): number {
    return this.numeric(name, fallback, (v) => Number.isSafeInteger(v) && v >= min, `a whole number of at least ${min}${why}`);
  }

  /** A limit: a whole number, where 0 (unless `min` is above it) turns the limit off. */
  limit(name: string, fallback: number, min = 0): number {
    return this.wholeNumber(name, fallback, min, min === 0 ? ' (0 turns the limit off)' : '');
  }

  /** A number above zero. */
  positive(name: string, fallback: number): number {
    return this.numeric(name, fallback, (v) => Number.isFinite(v) && v > 0, 'a positive number');
  }

  /** Any finite number of at least `min` (seconds that may be fractions, say). */
  number(name: string, fallback: number, min: number): number {
    return this.numeric(name, fallback, (v) => Number.isFinite(v) && v >= min, `a number of at least ${min}`);
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = (this.text(name) ?? fallback) as T;
    if (!values.includes(value)) this.problems.push(`${name} must be one of ${values.join(', ')}, got "${this.env[name]}"`);
    return value;
  }

  /** A switch: on/true or off/false. */
  onOff(name: string, fallback: boolean): boolean {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    if (!['on', 'off', 'true', 'false'].includes(raw)) this.problems.push(`${name} must be on or off, got "${raw}"`);
    return ['on', 'true'].includes(raw);
  }

  /** A URL of one of `schemes` (e.g. ['http', 'https']), `fallback` when unset; `kind` names the schemes in the message. */
  url(name: string, schemes: readonly string[], fallback?: string, kind = describe(schemes)): string | undefined {
    const value = this.text(name) ?? fallback;
    if (value !== undefined && !urlOf(value, schemes)) this.problems.push(`${name} must be ${kind} URL`);
    return value;
  }

  /** A comma-separated list, blanks around items and empty items left out. */
  list(name: string): string[] {
    return (this.env[name] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  }

  private numeric(name: string, fallback: number, accept: (value: number) => boolean, expected: string): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!accept(value)) this.problems.push(`${name} must be ${expected}, got "${raw}"`);
    return value;
  }
}

/** Whether `value` is a URL of one of `schemes` with something after the scheme. */
export function urlOf(value: string, schemes: readonly string[]): boolean {
  return schemes.some((scheme) => value.startsWith(`${scheme}://`) && value.length > scheme.length + 3);
}

/** How the readers name a set of schemes: "an http(s)", "a postgres://", "a redis:// or rediss://". */
function describe(schemes: readonly string[]): string {
  if (schemes.length === 2 && schemes[0] === 'http' && schemes[1] === 'https') return 'an http(s)';
  return `a ${schemes.map((s) => `${s}://`).join(' or ')}`;
}
