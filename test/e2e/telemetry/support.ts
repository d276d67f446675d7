import { LogDestination } from '../../../platform/telemetry/logger';

export interface LogLine {
  level: string;
  service: string;
  msg?: string;
  requestId?: string;
  traceId?: string;
  [field: string]: unknown;
}

/** A pino destination that keeps every line, parsed, for the test to search. */
export function captureLogs(): { lines: LogLine[]; destination: LogDestination } {
  const lines: LogLine[] = [];
  return { lines, destination: { write: (line: string) => { lines.push(JSON.parse(line)); } } };
}

/** POSTs an operation to a gateway with extra headers; the response's headers and body. */
export async function post(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { headers: response.headers, status: response.status, body: await response.json() as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

/** GET /metrics of a service listening on this port. */
export async function scrape(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`/metrics on ${port}: HTTP ${response.status}`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/**
 * The sum of a metric's samples whose labels include these (NaN when it has none), from the
 * Prometheus text format.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (!Object.entries(labels).every(([k, v]) => got[k] === v)) continue;
    sum += Number(match[3]);
    found = true;
  }
  return found ? sum : NaN;
}
