import { fork } from 'node:child_process';

/**
 * The client side of the fan-out scenario, in a process of its own (the hub keeps the main
 * thread): `tokens.length` graphql-ws clients, each on its own WebSocket to the gateway with its own
 * token and a stageChanged subscription, and the provider that POSTs the reports. Acknowledgement
 * and arrival times are taken on this thread's clock (process.hrtime), so they compare directly.
 */
export interface FanOutJob {
  httpUrl: string;
  /** the gateways' graphql-ws URLs: subscriber i connects to wsUrls[i % wsUrls.length] */
  wsUrls: string[];
  /** one per subscriber */
  tokens: string[];
  subscription: string;
  variables: Record<string, unknown>;
  providerToken: string;
  /** pre-signed reportStage bodies: probes until one reaches every subscriber, then the measured ones */
  probes: string[];
  reports: string[];
  /** how long one report may take to reach every subscriber */
  timeoutMs: number;
  /** how long all subscribers may take to connect */
  connectTimeoutMs: number;
  /** a pause between one report's last arrival and the next report */
  gapMs: number;
}

export interface FanOutResult {
  subscribers: number;
  connectSeconds: number;
  probesNeeded: number;
  /** per measured report: ms from its acknowledgement to its arrival at the last subscriber (negative: before the ack) */
  toLast: number[];
  /** per measured report and subscriber: ms from the acknowledgement to the arrival */
  toEach: number[];
  /** ms from POST to acknowledgement, per measured report */
  ack: number[];
  /** per measured report: ms from its POST to its arrival at the last subscriber (the hub's whole work) */
  postToLast: number[];
  /** measured reports that did not reach every subscriber in time, and the arrivals they lacked */
  incomplete: number;
  missingArrivals: number;
  /** events that arrived more than once at a subscriber */
  duplicates: number;
  errors: string[];
}

/** `onMeasuring` is called as the measured reports start (after connecting and probing). */
export function runFanOut(job: FanOutJob, onMeasuring: () => void = () => undefined): Promise<FanOutResult> {
  for (const url of [job.httpUrl, ...job.wsUrls]) if (!/^(http|ws):\/\/127\.0\.0\.1[:/]/.test(url)) throw new Error(`fan-out only on loopback, not ${url}`);
  return new Promise((resolve, reject) => {
    // a process, not a worker thread: 10,000 clients' sockets and the gateways' 10,000 would not fit
    // in one process's descriptors (20,000 here), and the clients' CPU stays out of the hub's process
    const child = fork(__filename, [CLIENTS_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    let result: FanOutResult | undefined;
    child.on('message', (m: FanOutResult | { phase: 'measuring' } | { ready: true }) => {
      if ('ready' in m) child.send({ benchFanOut: job });
      else if ('phase' in m) onMeasuring();
      else result = m;
    });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`fan-out clients exited with ${code} and no result`))));
  });
}

/** how the parent tells this module, run as its child, that it is the clients */
const CLIENTS_FLAG = '--fan-out-clients';

/** a probe report that has not reached every subscriber by then is followed by another (at least 1 ms per subscriber: 10,000 take seconds on a busy machine) */
const probeTimeoutMs = (subscribers: number) => Math.max(2000, subscribers);
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function work(job: FanOutJob): Promise<FanOutResult> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createClient } = require('graphql-ws') as typeof import('graphql-ws');
  const WebSocket = require('ws') as typeof import('ws');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const n = job.tokens.length;
  const errors: string[] = [];
  const addError = (e: unknown) => { if (errors.length < 20) errors.push(e instanceof Error ? e.message : JSON.stringify(e)); };
  // arrivals per message id: one time per subscriber (a second one is a duplicate)
  const arrivals = new Map<string, { at: number[]; seen: Set<number> }>();
  let duplicates = 0;
  let waiting: { messageId: string; resolve: () => void } | undefined;

  const clients: import('graphql-ws').Client[] = [];
  const connectStart = nowMs();
  let next = 0;
  const connectOne = (i: number) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscriber ${i} did not connect in ${job.connectTimeoutMs} ms`)), job.connectTimeoutMs);
    const client = createClient({
      url: job.wsUrls[i % job.wsUrls.length],
      webSocketImpl: WebSocket,
      connectionParams: { token: job.tokens[i] },
      retryAttempts: 0,
      lazy: true,
      on: { connected: () => { clearTimeout(timer); resolve(); }, error: (e) => addError(e) },
    });
    clients.push(client);
    client.subscribe<{ stageChanged: { messageId: string } }>({ query: job.subscription, variables: job.variables }, {
      next: (result) => {
        const t = nowMs();
        if (result.errors) addError(result.errors);
        const id = result.data?.stageChanged?.messageId;
        if (!id) return;
        let entry = arrivals.get(id);
        if (!entry) arrivals.set(id, (entry = { at: [], seen: new Set() }));
        if (entry.seen.has(i)) { duplicates++; return; }
        entry.seen.add(i);
        entry.at.push(t);
        if (waiting?.messageId === id && entry.at.length >= n) waiting.resolve();
      },
      error: (e) => { addError(e); clearTimeout(timer); reject(e instanceof Error ? e : new Error(JSON.stringify(e))); },
      complete: () => undefined,
    });
  });
  // at most 50 connecting at once
  await Promise.all(Array.from({ length: Math.min(50, n) }, async () => {
    while (next < n) await connectOne(next++);
  }));
  const connectSeconds = (nowMs() - connectStart) / 1000;
  if (n >= 5000) console.error(`[fan-out clients] ${n} connected in ${connectSeconds.toFixed(1)} s; probing`);

  /** POSTs one report; resolves with its ack time and the time it reached every subscriber (or undefined at the timeout). */
  const report = async (body: string, timeoutMs = job.timeoutMs) => {
    const messageId = (JSON.parse(body) as { variables: { input: { messageId: string } } }).variables.input.messageId;
    const reachedAll = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      waiting = { messageId, resolve: () => { clearTimeout(timer); resolve(true); } };
      if ((arrivals.get(messageId)?.at.length ?? 0) >= n) waiting.resolve();
    });
    const sent = nowMs();
    const response = await fetch(job.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${job.providerToken}` },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const acked = nowMs();
    if (!response.ok || text.includes('"errors"') || !text.includes('"duplicate":false')) throw new Error(`reportStage: ${response.status} ${text.slice(0, 300)}`);
    const complete = await reachedAll;
    waiting = undefined;
    const at = arrivals.get(messageId)?.at ?? [];
    arrivals.delete(messageId);
    return { sent, acked, complete, at };
  };

  try {
    // every subscription has reached the subgraph once a report reaches every subscriber
    let probesNeeded = 0;
    for (const body of job.probes) {
      probesNeeded++;
      if ((await report(body, probeTimeoutMs(n))).complete) break;
      if (probesNeeded === job.probes.length) throw new Error(`no probe report reached all ${n} subscribers; errors: ${errors.join('; ')}`);
    }
    await sleep(job.gapMs);
    process.send!({ phase: 'measuring' });
    const toLast: number[] = [];
    const toEach: number[] = [];
    const ack: number[] = [];
    const postToLast: number[] = [];
    let incomplete = 0;
    let missingArrivals = 0;
    for (const body of job.reports) {
      const r = await report(body);
      ack.push(r.acked - r.sent);
      for (const t of r.at) toEach.push(t - r.acked);
      if (!r.complete) {
        incomplete++;
        missingArrivals += n - r.at.length;
      } else {
        toLast.push(Math.max(...r.at) - r.acked);
        postToLast.push(Math.max(...r.at) - r.sent);
      }
      await sleep(job.gapMs);
    }
    return { subscribers: n, connectSeconds, probesNeeded, toLast, toEach, ack, postToLast, incomplete, missingArrivals, duplicates, errors };
  } finally {
    await Promise.race([Promise.all(clients.map((c) => c.dispose())), sleep(10_000)]);
  }
}

if (process.argv.includes(CLIENTS_FLAG) && process.send) {
  process.once('message', (m: { benchFanOut: FanOutJob }) => {
    work(m.benchFanOut).then(
      (result) => process.send!(result, () => process.exit(0)),
      (error) => { console.error(error); process.exit(1); },
    );
  });
  process.send({ ready: true });
}
