import path from 'node:path';
import { startGateway } from '../gateway/server';
import { DEV_JWT_SECRET, DEV_UPSTREAM_SECRET } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { randomUUID } from 'node:crypto';
import { BenchHub, cpuLine, cpuPer, envInt, hubCpuName, onHubThread, ThreadUse, fmt, JUSTICE_BIN, percentile, ratio, registration, REPORT_STAGE, Row, ScenarioResult, signAs, tokenFor, verdict } from './harness';
import { FanOutResult, runFanOut } from './subscribers';

/** What a contact-centre screen follows: the justice department's stage changes, fields of the statuses subgraph. */
/**
 * What a contact-centre screen follows: the justice department's stage changes, with the request's
 * number, a field of another subgraph (applications): each event needs an entity fetch there.
 */
const STAGE_CHANGED = `subscription Changes($filter: StageChangeFilter) {
  stageChanged(filter: $filter) { cursor stage occurredAt receivedAt messageId providerBin application { number } }
}`;

/** The gateways' URLs: the harness's when it runs several, else its one and a second one started here on the same subgraphs. */
async function twoGateways(hub: BenchHub): Promise<{ urls: string[]; stop: () => Promise<void> }> {
  const given = (hub as BenchHub & { gatewayUrls?: string[] }).gatewayUrls;
  if (given && given.length >= 2) return { urls: given.slice(0, 2), stop: async () => undefined };
  const second = await startGateway({
    supergraphPath: path.join(repoRoot(), 'schema', 'supergraph.graphql'),
    port: 0,
    host: '127.0.0.1',
    jwt: { secret: DEV_JWT_SECRET },
    upstreamSecret: DEV_UPSTREAM_SECRET,
    subgraphUrls: hub.subgraphUrls,
    logging: false,
    limits: { rateLimit: { perMinute: 0 } },
  });
  return { urls: [hub.gatewayUrl, `http://127.0.0.1:${second.port}/graphql`], stop: () => second.stop() };
}

export async function benchFanOut(hub: BenchHub, log: (msg: string) => void): Promise<ScenarioResult> {
  const subscribers = envInt('BENCH_SUBSCRIBERS', 1000);
  const middle = Math.max(1, Math.round(subscribers / 10));
  const large = envInt('BENCH_SUBSCRIBERS_LARGE', 10_000);
  const reports = envInt('BENCH_FANOUT_REPORTS', 200);
  const probes = 20;
  const timeoutMs = 10_000;
  const gapMs = 50;

  const signer = hub.signer('provider', JUSTICE_BIN);
  const run = randomUUID().slice(0, 8);
  const bodies = (label: string, count: number) => Array.from({ length: count }, (_, i) =>
    JSON.stringify({ query: REPORT_STAGE, variables: { input: signAs(signer, registration({ applicationNumber: `FAN-${run}-${label}-${i}` })) } }));
  const job = (label: string, n: number, gatewayUrls: string[]) => ({
    httpUrl: hub.gatewayUrl,
    wsUrls: gatewayUrls.map((url) => url.replace(/^http/, 'ws')),
    // each subscriber signs in as a contact-centre operator of their own, with a token of their own
    tokens: Array.from({ length: n }, (_, i) => tokenFor('contact_centre', { sub: `bench-cc-${label}-${i}` })),
    subscription: STAGE_CHANGED,
    variables: { filter: { providerBin: JUSTICE_BIN } },
    providerToken: tokenFor('provider', { bin: JUSTICE_BIN, sub: 'bench-provider' }),
    probes: bodies(`${label}-probe`, probes),
    reports: bodies(label, reports),
    // a report may take up to 10 s to reach everyone, 3 ms per subscriber beyond 3,333 (10,000 on a busy machine take seconds)
    timeoutMs: Math.max(timeoutMs, 3 * n),
    connectTimeoutMs: 300_000,
    gapMs,
  });

  /** the hub thread's use, and the applications subgraph's requests, from the first measured report to the end */
  const measured = async (label: string, n: number, gatewayUrls = [hub.gatewayUrl]) => {
    let measuring: Promise<{ thread: ThreadUse }> | undefined;
    let lookupsBefore: Promise<number> = Promise.resolve(0);
    let finish!: () => void;
    const done = new Promise<void>((resolve) => { finish = resolve; });
    const result = await runFanOut(job(label, n, gatewayUrls), () => {
      lookupsBefore = hub.subgraphRequests().then((r) => r.applications ?? 0);
      measuring = onHubThread(() => done);
    });
    const lookups = ((await hub.subgraphRequests()).applications ?? 0) - (await lookupsBefore);
    finish();
    const thread = measuring ? (await measuring).thread : undefined;
    return { ...result, thread, utilization: thread?.utilization ?? NaN, cpuMsPerReport: thread ? cpuPer(thread, reports) : NaN, cpuByProcess: thread ? cpuLine(thread, reports) : 'n/a', lookupsPerReport: lookups / reports };
  };
  log(`fan-out: baseline, 1 subscriber, ${reports} reports`);
  const one = await measured('one', 1);
  log(`fan-out: ${middle} subscribers, ${reports} reports`);
  const hundred = await measured('middle', middle);
  log(`fan-out: ${subscribers} subscribers, ${reports} reports`);
  const many = await measured('many', subscribers);
  log(`fan-out: ${many.subscribers} subscribers connected in ${many.connectSeconds.toFixed(1)} s, ${many.probesNeeded} probe report(s) until every one had subscribed`);
  log(`fan-out: ${large} subscribers across two gateways, ${reports} reports`);
  const gateways = await twoGateways(hub);
  let huge: Awaited<ReturnType<typeof measured>> | undefined;
  let hugeFailure: string | undefined;
  try {
    huge = await measured('large', large, gateways.urls);
    log(`fan-out: ${huge.subscribers} subscribers connected in ${huge.connectSeconds.toFixed(1)} s`);
  } catch (error) {
    hugeFailure = (error as Error).message.slice(0, 300);
    log(`fan-out: ${large} subscribers failed: ${hugeFailure}`);
  } finally {
    await gateways.stop();
  }

  const stats = (r: FanOutResult) => ({
    lastP50: percentile(r.toLast, 50), lastP99: percentile(r.toLast, 99), lastMax: percentile(r.toLast, 100),
    eachP50: percentile(r.toEach, 50), eachP99: percentile(r.toEach, 99),
    ackP50: percentile(r.ack, 50), ackP99: percentile(r.ack, 99),
    postP50: percentile(r.postToLast, 50), postP99: percentile(r.postToLast, 99),
  });
  const s1 = stats(one);
  const sM = stats(hundred);
  const sN = stats(many);
  const sL = huge && stats(huge);
  const lost = many.incomplete + one.incomplete;
  // the CPU one more subscriber of the same scope adds to each event: what is left per subscriber is sending it
  const perSubscriberUs = (1000 * (many.cpuMsPerReport - one.cpuMsPerReport)) / Math.max(1, subscribers - 1);
  // the resolution is shared; what may grow with subscribers is only the delivery, and 1,000 of them must fit in 100 ms of one core
  const deliveryBound = perSubscriberUs < 100;
  const lookupsFlat = many.lookupsPerReport <= one.lookupsPerReport + 0.1;
  const hugeErrors = huge ? huge.errors.length + huge.incomplete + huge.duplicates : NaN;
  const hugeReason = hugeFailure ?? (!huge ? 'not run' : huge.errors.length ? `first errors: ${huge.errors.slice(0, 2).join('; ')}` : `${huge.incomplete} report(s) short of a subscriber after ${Math.max(timeoutMs, 3 * large) / 1000} s, ${huge.duplicates} duplicated`);
  const rows: Row[] = [
    { measure: `p50 ms, acknowledgement → arrival at the last subscriber (${subscribers.toLocaleString('en')} vs 1)`, ours: fmt(sN.lastP50, 2), baseline: fmt(s1.lastP50, 2), ratio: ratio(sN.lastP50, s1.lastP50) },
    {
      measure: `p99 ms, acknowledgement → arrival at the last subscriber (${subscribers.toLocaleString('en')}, each with its own token, vs 1)`, ours: fmt(sN.lastP99, 2), baseline: fmt(s1.lastP99, 2), ratio: ratio(sN.lastP99, s1.lastP99),
      target: 'under 100 ms',
      verdict: verdict(sN.lastP99 < 100 && !many.incomplete, many.incomplete
        ? `${many.incomplete} report(s) did not reach every subscriber within ${timeoutMs / 1000} s`
        : `each report costs ${fmt(many.cpuMsPerReport, 1)} ms of ${hubCpuName()} with ${subscribers} subscribers (${many.cpuByProcess}) against ${fmt(one.cpuMsPerReport, 1)} ms with 1 (${one.cpuByProcess}) (${fmt(perSubscriberUs, 1)} µs per subscriber: one frame written per socket)`),
      targetId: 'fan-out-1000-own-tokens',
    },
    { measure: 'max ms, acknowledgement → last subscriber', ours: fmt(sN.lastMax, 2), baseline: fmt(s1.lastMax, 2), ratio: ratio(sN.lastMax, s1.lastMax) },
    { measure: `p99 ms, acknowledgement → last subscriber, ${middle.toLocaleString('en')} subscribers`, ours: fmt(sM.lastP99, 2), baseline: fmt(s1.lastP99, 2), ratio: ratio(sM.lastP99, s1.lastP99) },
    { measure: 'p50 / p99 ms, acknowledgement → each arrival (every subscriber, every report)', ours: `${fmt(sN.eachP50, 2)} / ${fmt(sN.eachP99, 2)}`, baseline: `${fmt(s1.eachP50, 2)} / ${fmt(s1.eachP99, 2)}`, ratio: `${ratio(sN.eachP50, s1.eachP50)} / ${ratio(sN.eachP99, s1.eachP99)}` },
    { measure: 'p50 / p99 ms, reportStage POST → arrival at the last subscriber', ours: `${fmt(sN.postP50, 2)} / ${fmt(sN.postP99, 2)}`, baseline: `${fmt(s1.postP50, 2)} / ${fmt(s1.postP99, 2)}`, ratio: `${ratio(sN.postP50, s1.postP50)} / ${ratio(sN.postP99, s1.postP99)}` },
    {
      measure: `${hubCpuName()} ms per report (the busiest ${hub.topology === 'single' ? 'thread' : 'service'} busy): ${subscribers.toLocaleString('en')} / ${middle.toLocaleString('en')} subscribers vs 1`,
      ours: `${fmt(many.cpuMsPerReport, 2)} (${fmt(100 * many.utilization, 0)}%) / ${fmt(hundred.cpuMsPerReport, 2)} (${fmt(100 * hundred.utilization, 0)}%)`,
      baseline: `${fmt(one.cpuMsPerReport, 2)} (${fmt(100 * one.utilization, 0)}%)`,
      ratio: `${ratio(many.cpuMsPerReport, one.cpuMsPerReport)} / ${ratio(hundred.cpuMsPerReport, one.cpuMsPerReport)}`,
      target: 'the event resolved once: under 100 µs more per subscriber (delivery only)',
      verdict: verdict(deliveryBound, `${fmt(perSubscriberUs, 1)} µs of CPU per subscriber per report`),
    },
    {
      measure: `applications subgraph requests per report (entity fetches for \`application { number }\`, and the report's own): ${subscribers.toLocaleString('en')} / ${middle.toLocaleString('en')} subscribers vs 1`,
      ours: `${fmt(many.lookupsPerReport, 2)} / ${fmt(hundred.lookupsPerReport, 2)}`, baseline: fmt(one.lookupsPerReport, 2), ratio: ratio(many.lookupsPerReport, one.lookupsPerReport),
      target: 'the same as with 1 (one fetch per event per scope)', verdict: verdict(lookupsFlat, `${fmt(many.lookupsPerReport - one.lookupsPerReport, 2)} more per report`),
    },
    { measure: 'CPU ms per report, by process', ours: many.cpuByProcess, baseline: one.cpuByProcess, ratio: '' },
    { measure: 'p50 / p99 ms, reportStage POST → acknowledgement', ours: `${fmt(sN.ackP50, 2)} / ${fmt(sN.ackP99, 2)}`, baseline: `${fmt(s1.ackP50, 2)} / ${fmt(s1.ackP99, 2)}`, ratio: `${ratio(sN.ackP50, s1.ackP50)} / ${ratio(sN.ackP99, s1.ackP99)}` },
    {
      measure: 'events lost (reports short of a subscriber after 10 s) / duplicated', ours: `${many.incomplete} (${many.missingArrivals} arrivals) / ${many.duplicates}`, baseline: `${one.incomplete} / ${one.duplicates}`, ratio: '',
      target: 'none', verdict: verdict(!lost && !many.duplicates && !one.duplicates, 'see the counts'),
    },
    {
      measure: `${large.toLocaleString('en')} subscribers across two gateways: p50 / p99 ms, acknowledgement → last subscriber; ${hubCpuName()} ms per report`,
      ours: sL ? `${fmt(sL.lastP50, 2)} / ${fmt(sL.lastP99, 2)}; ${fmt(huge!.cpuMsPerReport, 2)}` : 'failed', baseline: `${fmt(s1.lastP50, 2)} / ${fmt(s1.lastP99, 2)}; ${fmt(one.cpuMsPerReport, 2)}`, ratio: sL ? ratio(sL.lastP99, s1.lastP99) : '',
    },
    {
      measure: `${large.toLocaleString('en')} subscribers across two gateways: errors / reports short of a subscriber / duplicates`,
      ours: huge ? `${huge.errors.length} / ${huge.incomplete} / ${huge.duplicates}` : 'failed', baseline: '', ratio: '',
      target: 'complete without errors', verdict: verdict(hugeErrors === 0, hugeReason),
      targetId: 'fan-out-10000-two-gateways',
    },
  ];
  if (many.errors.length || one.errors.length) rows.push({ measure: 'subscription errors (first)', ours: many.errors.slice(0, 3).join('; '), baseline: one.errors.slice(0, 3).join('; '), ratio: '' });
  return {
    id: 'fan-out',
    title: `3. Fan-out: ${subscribers.toLocaleString('en')} graphql-ws subscribers through the gateway, each with its own token`,
    method: [
      `${subscribers.toLocaleString('en')} graphql-ws clients, each on its own WebSocket to the gateway with its own contact-centre token, subscribed to \`stageChanged(filter: {providerBin}) { … application { number } }\` (the number is a field of the applications subgraph: an entity fetch per event); they and the reporting provider run in a process of their own, ${hub.topology === 'single' ? 'the hub in the bench\'s main thread' : 'every service of the hub in a process of its own'}`,
      `one pre-signed report at a time through the gateway (\`reportStage\`, registering a new request); for each, the time from its acknowledgement (the reportStage response reaching the provider) to its arrival at every subscriber, on one clock; ${reports} reports, ${gapMs} ms apart, after probe reports until one had reached every subscriber (${many.probesNeeded} needed); a time below 0 means the event arrived before the acknowledgement`,
      `the same with ${middle.toLocaleString('en')} subscribers, and with ${large.toLocaleString('en')} split between two gateways (the second started on the same subgraphs unless the harness runs two)`,
      'baseline: the same, measured with 1 subscriber',
    ],
    sizes: { subscribers, middle, large, reports },
    rows,
    data: { one: { ...one, toEach: undefined, stats: s1 }, middle: { ...hundred, toEach: undefined, stats: sM }, many: { ...many, toEach: undefined, stats: sN }, large: huge ? { ...huge, toEach: undefined, stats: sL } : { failed: hugeFailure } },
  };
}
