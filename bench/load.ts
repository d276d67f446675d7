import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * Closed-loop HTTP load with autocannon, driven from code in a worker thread of its own (so the
 * client does not share the hub's event loop: it stands for a client on another machine).
 * Loopback only.
 */
export interface LoadJob {
  label: string;
  url: string;
  headers: Record<string, string>;
  /** one body (sent for `seconds`), or many (each sent once, in order, until used up or `seconds` pass) */
  bodies: string[];
  /** many bodies sent round and round for `seconds` (distinct requests that may be sent again), instead of each once */
  cycle?: boolean;
  connections: number;
  seconds: number;
  /** a good response contains this and no "errors" */
  expect: string;
}

export interface LoadResult {
  label: string;
  /** good responses (2xx, expected body) */
  ok: number;
  /** non-2xx, unexpected bodies, connection errors and timeouts */
  failed: number;
  seconds: number;
  perSecond: number;
  /** milliseconds, over every response of the measured run */
  p50: number;
  p99: number;
  mean: number;
  firstFailure?: string;
}

export function runLoad(job: LoadJob): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(job.url)) throw new Error(`load only on loopback, not ${job.url}`);
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { benchLoad: job } });
    let result: LoadResult | undefined;
    worker.once('message', (r: LoadResult) => { result = r; });
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load worker ${job.label} exited with ${code} and no result`))));
  });
}

interface Histogram { p50: number; p99: number; mean: number }

function summarise(latencies: Float64Array, n: number): Histogram {
  const sorted = latencies.slice(0, n).sort();
  const at = (p: number) => (n ? sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] : NaN);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return { p50: at(50), p99: at(99), mean: n ? sum / n : NaN };
}

/** at most this many latencies are kept (a bound on memory; enough for minutes of load) */
const MAX_SAMPLES = 4_000_000;

async function fire(job: LoadJob, bodies: string[], seconds: number): Promise<LoadResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as (opts: Record<string, unknown>, cb?: (err: unknown, result: any) => void) => any;
  const latencies = new Float64Array(MAX_SAMPLES);
  let n = 0;
  let next = 0;
  let firstFailure: string | undefined;
  const many = bodies.length > 1;
  const once = many && !job.cycle;
  const start = process.hrtime.bigint();
  const result = await new Promise<any>((resolve, reject) => {
    const instance = autocannon({
      url: job.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...job.headers },
      connections: many ? Math.min(job.connections, bodies.length) : job.connections,
      timeout: 30,
      ...(many ? { requests: [{ method: 'POST', setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] }) }] } : { body: bodies[0] }),
      ...(once ? { amount: bodies.length } : { duration: seconds }),
      verifyBody: (body: string) => body.includes(job.expect) && !body.includes('"errors"'),
    }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      if (n < MAX_SAMPLES) latencies[n++] = responseTime;
    });
    instance.on('reqMismatch', (body: string) => { firstFailure ??= String(body).slice(0, 300); });
    instance.on('reqError', (error: Error) => { firstFailure ??= String(error); });
    // many bodies each sent once: bounded in time as well as in count
    const timer = once ? setTimeout(() => instance.stop(), seconds * 1000) : undefined;
    instance.once('done', () => clearTimeout(timer));
  });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const twoxx = result['2xx'] as number;
  const failed = (result.non2xx as number) + (result.mismatches as number) + (result.errors as number) + (result.timeouts as number);
  const ok = Math.max(0, twoxx - (result.mismatches as number));
  return { label: job.label, ok, failed, seconds: elapsed, perSecond: ok / elapsed, ...summarise(latencies, n), firstFailure };
}

if (!isMainThread && workerData?.benchLoad) {
  const job = workerData.benchLoad as LoadJob;
  fire(job, job.bodies, job.seconds).then(
    (result) => parentPort!.postMessage(result),
    (error) => { throw error; },
  );
}
