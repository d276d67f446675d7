import { randomUUID } from 'node:crypto';
import { BenchHub, cpuLine, cpuPer, envInt, hubCpuName, onHubThread, ThreadUse, fmt, JUSTICE_BIN, percentile, ratio, registration, REPORT_STAGE, Row, ScenarioResult, signAs, tokenFor, verdict } from './harness';
import { FanOutResult, runFanOut } from './subscribers';

/** What a contact-centre screen follows: the justice department's stage changes, fields of the statuses subgraph. */
const STAGE_CHANGED = `subscription Changes($filter: StageChangeFilter) {
  stageChanged(filter: $filter) { cursor stage occurredAt receivedAt messageId providerBin application { id } }
}`;

export async function benchFanOut(hub: BenchHub, log: (msg: string) => void): Promise<ScenarioResult> {
  const subscribers = envInt('BENCH_SUBSCRIBERS', 1000);
  const reports = envInt('BENCH_FANOUT_REPORTS', 200);
  const probes = 20;
  const timeoutMs = 10_000;
  const gapMs = 50;

  const signer = hub.signer('provider', JUSTICE_BIN);
  const run = randomUUID().slice(0, 8);
  const bodies = (label: string, count: number) => Array.from({ length: count }, (_, i) =>
    JSON.stringify({ query: REPORT_STAGE, variables: { input: signAs(signer, registration({ applicationNumber: `FAN-${run}-${label}-${i}` })) } }));
  const job = (label: string, n: number) => ({
    httpUrl: hub.gatewayUrl,
    wsUrl: hub.gatewayUrl.replace(/^http/, 'ws'),
    // each subscriber signs in as a contact-centre operator of their own
    tokens: Array.from({ length: n }, (_, i) => tokenFor('contact_centre', { sub: `bench-cc-${label}-${i}` })),
    subscription: STAGE_CHANGED,
    variables: { filter: { providerBin: JUSTICE_BIN } },
    providerToken: tokenFor('provider', { bin: JUSTICE_BIN, sub: 'bench-provider' }),
    probes: bodies(`${label}-probe`, probes),
    reports: bodies(label, reports),
    timeoutMs,
    connectTimeoutMs: 120_000,
    gapMs,
  });

  /** the hub thread's use from the first measured report to the end */
  const measured = async (label: string, n: number) => {
    let measuring: Promise<{ thread: ThreadUse }> | undefined;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => { finish = resolve; });
    const result = await runFanOut(job(label, n), () => { measuring = onHubThread(() => done); });
    finish();
    const thread = measuring ? (await measuring).thread : undefined;
    return { ...result, thread, utilization: thread?.utilization ?? NaN, cpuMsPerReport: thread ? cpuPer(thread, reports) : NaN, cpuByProcess: thread ? cpuLine(thread, reports) : 'n/a' };
  };
  log(`fan-out: baseline, 1 subscriber, ${reports} reports`);
  const one = await measured('one', 1);
  log(`fan-out: ${subscribers} subscribers, ${reports} reports`);
  const many = await measured('many', subscribers);
  log(`fan-out: ${many.subscribers} subscribers connected in ${many.connectSeconds.toFixed(1)} s, ${many.probesNeeded} probe report(s) until every one had subscribed`);

  const stats = (r: FanOutResult) => ({
    lastP50: percentile(r.toLast, 50), lastP99: percentile(r.toLast, 99), lastMax: percentile(r.toLast, 100),
    eachP50: percentile(r.toEach, 50), eachP99: percentile(r.toEach, 99),
    ackP50: percentile(r.ack, 50), ackP99: percentile(r.ack, 99),
    postP50: percentile(r.postToLast, 50), postP99: percentile(r.postToLast, 99),
  });
  const s1 = stats(one);
  const sN = stats(many);
  const lost = many.incomplete + one.incomplete;
  const rows: Row[] = [
    { measure: `p50 ms, acknowledgement → arrival at the last subscriber (${subscribers.toLocaleString('en')} vs 1)`, ours: fmt(sN.lastP50, 2), baseline: fmt(s1.lastP50, 2), ratio: ratio(sN.lastP50, s1.lastP50) },
    {
      measure: `p99 ms, acknowledgement → arrival at the last subscriber (${subscribers.toLocaleString('en')} vs 1)`, ours: fmt(sN.lastP99, 2), baseline: fmt(s1.lastP99, 2), ratio: ratio(sN.lastP99, s1.lastP99),
      target: 'under 100 ms',
      verdict: verdict(sN.lastP99 < 100 && !many.incomplete, many.incomplete
        ? `${many.incomplete} report(s) did not reach every subscriber within ${timeoutMs / 1000} s`
        : `each report costs ${fmt(many.cpuMsPerReport, 1)} ms of ${hubCpuName()} with ${subscribers} subscribers (${many.cpuByProcess}) against ${fmt(one.cpuMsPerReport, 1)} ms with 1 (${one.cpuByProcess})`),
      targetId: 'fan-out-1000-own-tokens',
    },
    { measure: 'max ms, acknowledgement → last subscriber', ours: fmt(sN.lastMax, 2), baseline: fmt(s1.lastMax, 2), ratio: ratio(sN.lastMax, s1.lastMax) },
    { measure: 'p50 / p99 ms, acknowledgement → each arrival (every subscriber, every report)', ours: `${fmt(sN.eachP50, 2)} / ${fmt(sN.eachP99, 2)}`, baseline: `${fmt(s1.eachP50, 2)} / ${fmt(s1.eachP99, 2)}`, ratio: `${ratio(sN.eachP50, s1.eachP50)} / ${ratio(sN.eachP99, s1.eachP99)}` },
    { measure: 'p50 / p99 ms, reportStage POST → arrival at the last subscriber', ours: `${fmt(sN.postP50, 2)} / ${fmt(sN.postP99, 2)}`, baseline: `${fmt(s1.postP50, 2)} / ${fmt(s1.postP99, 2)}`, ratio: `${ratio(sN.postP50, s1.postP50)} / ${ratio(sN.postP99, s1.postP99)}` },
    { measure: `${hubCpuName()} ms per report (the busiest ${hub.topology === 'single' ? 'thread' : 'service'} busy)`, ours: `${fmt(many.cpuMsPerReport, 2)} (${fmt(100 * many.utilization, 0)}%)`, baseline: `${fmt(one.cpuMsPerReport, 2)} (${fmt(100 * one.utilization, 0)}%)`, ratio: ratio(many.cpuMsPerReport, one.cpuMsPerReport) },
    { measure: 'CPU ms per report, by process', ours: many.cpuByProcess, baseline: one.cpuByProcess, ratio: '' },
    { measure: 'p50 / p99 ms, reportStage POST → acknowledgement', ours: `${fmt(sN.ackP50, 2)} / ${fmt(sN.ackP99, 2)}`, baseline: `${fmt(s1.ackP50, 2)} / ${fmt(s1.ackP99, 2)}`, ratio: `${ratio(sN.ackP50, s1.ackP50)} / ${ratio(sN.ackP99, s1.ackP99)}` },
    {
      measure: 'events lost (reports short of a subscriber after 10 s) / duplicated', ours: `${many.incomplete} (${many.missingArrivals} arrivals) / ${many.duplicates}`, baseline: `${one.incomplete} / ${one.duplicates}`, ratio: '',
      target: 'none', verdict: verdict(!lost && !many.duplicates && !one.duplicates, 'see the counts'),
    },
  ];
  if (many.errors.length || one.errors.length) rows.push({ measure: 'subscription errors (first)', ours: many.errors.slice(0, 3).join('; '), baseline: one.errors.slice(0, 3).join('; '), ratio: '' });
  return {
    id: 'fan-out',
    title: `3. Fan-out: ${subscribers.toLocaleString('en')} graphql-ws subscribers through the gateway`,
    method: [
      `${subscribers.toLocaleString('en')} graphql-ws clients, each on its own WebSocket to the gateway with its own contact-centre token, subscribed to \`stageChanged(filter: {providerBin})\` (fields of the statuses subgraph); they and the reporting provider run in a worker thread of the bench's process, ${hub.topology === 'single' ? 'the hub in its main thread' : 'every service of the hub in a process of its own'}`,
      `one pre-signed report at a time through the gateway (\`reportStage\`, registering a new request); for each, the time from its acknowledgement (the reportStage response reaching the provider) to its arrival at every subscriber, on one clock; ${reports} reports, ${gapMs} ms apart, after probe reports until one had reached every subscriber (${many.probesNeeded} needed); a time below 0 means the event arrived before the acknowledgement`,
      'baseline: the same, measured with 1 subscriber',
    ],
    sizes: { subscribers, reports },
    rows,
    data: { one: { ...one, toEach: undefined, stats: s1 }, many: { ...many, toEach: undefined, stats: sN } },
  };
}
