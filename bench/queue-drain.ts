import { ProviderStand } from '../provider-stand/stand';
import { DEV_PROVIDER_TOKEN } from '../platform/config';
import { runSubmitters } from './submitter';
import { BenchHub, cpuLine, cpuPer, envInt, hubCpuName, eventually, fmt, inParallel, JUSTICE_BIN, nowMs, onHubThread, ratio, Row, ScenarioResult, signAs, sleep, SUBMIT, submission, tokenFor, verdict } from './harness';

/** The outage: 10 minutes. */
const FULL_OUTAGE_SECONDS = 600;

interface MessageCheck { message_id: string; outcome: string; delivered_at: Date | null; attempts_delivered: number; attempts_failed: number; sent_stages: number }

/** The provider's system's own acceptance rate: the same request messages POSTed straight to a fresh stand, as the delivery worker POSTs them. */
async function standBaseline(hub: BenchHub, bodies: Record<string, unknown>[], concurrency: number) {
  const stand = await new ProviderStand({ signers: hub.signers }).start();
  try {
    const url = stand.endpointFor(JUSTICE_BIN);
    const start = nowMs();
    await inParallel(bodies.length, concurrency, async (i) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-message-id': String(bodies[i].messageId), authorization: `Bearer ${DEV_PROVIDER_TOKEN}` },
        body: JSON.stringify(bodies[i]),
        signal: AbortSignal.timeout(10_000),
      });
      const answer = await response.json() as { accepted?: boolean };
      if (!answer.accepted) throw new Error(`the stand did not accept a direct POST: ${JSON.stringify(answer)}`);
    });
    const seconds = (nowMs() - start) / 1000;
    if (stand.accepted.length !== bodies.length) throw new Error(`the stand accepted ${stand.accepted.length} of ${bodies.length} direct POSTs`);
    return { seconds, perSecond: bodies.length / seconds };
  } finally {
    await stand.stop();
  }
}

export async function benchQueueDrain(hub: BenchHub, log: (msg: string) => void): Promise<ScenarioResult> {
  const count = envInt('BENCH_DRAIN_APPLICATIONS', 10_000);
  // service (default): in worker threads through the applications service; gateway: through the gateway
  const mode = process.env.BENCH_DRAIN_SUBMIT === 'gateway' ? 'gateway' : 'service';
  const threads = envInt('BENCH_SUBMIT_THREADS', 2);
  const width = envInt('BENCH_SUBMIT_CONCURRENCY', mode === 'gateway' ? 16 : 8);
  // the outage: 10 minutes, long enough that every request's next retry is at the 600 s cap
  const outageSeconds = envInt('BENCH_OUTAGE_SECONDS', FULL_OUTAGE_SECONDS);
  const drainLimitMs = envInt('BENCH_DRAIN_TIMEOUT_SECONDS', 600) * 1000;
  if (outageSeconds < FULL_OUTAGE_SECONDS) log(`queue drain: REDUCED run: the provider's system is down for ${outageSeconds} s, not the issue's ${FULL_OUTAGE_SECONDS} s (BENCH_OUTAGE_SECONDS)`);
  const { stand, dataSource } = hub;

  const operator = hub.signer('operator');
  const token = tokenFor('operator', { iin: operator.iin, bin: operator.bin, sub: 'bench-operator' });
  const signStart = nowMs();
  const inputs = Array.from({ length: count }, () => signAs(operator, submission()));
  log(`queue drain: ${count} submissions signed in ${((nowMs() - signStart) / 1000).toFixed(1)} s`);

  await stand.goDown();
  const downMs = nowMs();
  const [{ since }] = await dataSource.query('SELECT now() AS since');
  const runMessages = `SELECT m.* FROM exchange_message m JOIN application a ON a.id = m.application_id
                       WHERE m.direction = 'OUT' AND m.kind = 'REQUEST' AND m.created_at >= $1 AND a.channel = 'HUB'`;

  let submitSeconds: number;
  let how: string;
  if (mode === 'gateway') {
    log(`queue drain: submitting ${count} applications through the gateway, ${width} at a time, while the provider's system is down`);
    const submitStart = nowMs();
    let failedSubmissions = 0;
    let firstError = '';
    await inParallel(count, width, async (i) => {
      const response = await fetch(hub.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: SUBMIT, variables: { input: inputs[i] } }),
        signal: AbortSignal.timeout(60_000),
      });
      const result = await response.json() as { errors?: unknown; data?: { submitApplication?: { duplicate: boolean } } };
      if (result.errors || result.data?.submitApplication?.duplicate !== false) {
        if (failedSubmissions++ === 0) firstError = JSON.stringify(result).slice(0, 500);
      }
    });
    submitSeconds = (nowMs() - submitStart) / 1000;
    if (failedSubmissions) throw new Error(`${failedSubmissions} of ${count} submissions failed; first: ${firstError}`);
    how = `through the gateway (\`submitApplication\`, ${width} at a time)`;
  } else {
    log(`queue drain: submitting ${count} applications through the applications service in ${threads} worker thread(s), ${width} at a time each, while the provider's system is down`);
    const r = await runSubmitters({
      databaseUrl: hub.databaseUrl, pkiDir: hub.pkiDir, delivery: hub.delivery, inputs, threads, concurrency: width,
      identity: { subject: 'bench-operator', role: 'operator', iin: operator.iin, bin: operator.bin },
    });
    submitSeconds = r.seconds;
    if (r.failed) throw new Error(`${r.failed} of ${count} submissions failed; first: ${r.firstError}`);
    how = `through the applications service's submitApplication (the resolver's function: every check, the operator's CMS verified, one transaction with the delivery enqueued; only the gateway and GraphQL skipped) in ${threads} worker thread(s), each an applications instance of its own with the delivery worker off, ${width} at a time each`;
  }
  log(`queue drain: submitted in ${submitSeconds.toFixed(1)} s (${(count / submitSeconds).toFixed(1)}/s)`);

  // every request has been tried and failed at least once while the provider was down, and none
  // reached it; then the outage lasts its full length (longer only if the first attempts take longer)
  const outageStart = nowMs();
  await eventually('every request failed once while the provider was down', async () => {
    const [{ n }] = await dataSource.query(`SELECT count(DISTINCT d.message_id)::int AS n FROM delivery_attempt d JOIN (${runMessages}) m ON m.id = d.message_id WHERE d.outcome = 'FAILED'`, [since]);
    return n === count;
  }, Math.max(outageSeconds * 1000, 900_000), 1000);
  const waitedSeconds = (nowMs() - outageStart) / 1000;
  log(`queue drain: all ${count} failed at least once (${waitedSeconds.toFixed(1)} s after the last submission); the outage goes on until ${outageSeconds} s`);
  const outageLeftMs = outageSeconds * 1000 - (nowMs() - downMs);
  if (outageLeftMs > 0) await sleep(outageLeftMs);
  const downSeconds = (nowMs() - downMs) / 1000;
  const [{ n: deliveredEarly }] = await dataSource.query(`SELECT count(*)::int AS n FROM (${runMessages}) m WHERE m.outcome = 'DELIVERED'`, [since]);
  if (deliveredEarly) throw new Error(`${deliveredEarly} requests were delivered while the provider was down`);
  const [{ dead: deadDuringOutage }] = await dataSource.query(`SELECT count(*)::int AS dead FROM (${runMessages}) m WHERE m.outcome = 'DEAD'`, [since]);
  log(`queue drain: down for ${downSeconds.toFixed(0)} s (${deadDuringOutage} dead-lettered); the provider's system comes back`);

  const acceptedBefore = (await stand.records()).accepted.length;
  const backAt = new Date();
  const backMs = nowMs();
  await stand.comeBack();
  let drained = true;
  const { thread } = await onHubThread(async () => {
    try {
      await eventually('every request delivered after the provider came back', async () => {
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM (${runMessages}) m WHERE m.outcome = 'DELIVERED'`, [since]);
        return n === count;
      }, drainLimitMs, 250);
    } catch {
      drained = false;
    }
  });
  const observedSeconds = (nowMs() - backMs) / 1000;

  const messages: MessageCheck[] = await dataSource.query(`
    SELECT m.message_id, m.outcome, m.delivered_at,
      (SELECT count(*)::int FROM delivery_attempt d WHERE d.message_id = m.id AND d.outcome = 'DELIVERED') AS attempts_delivered,
      (SELECT count(*)::int FROM delivery_attempt d WHERE d.message_id = m.id AND d.outcome = 'FAILED') AS attempts_failed,
      (SELECT count(*)::int FROM stage_record s WHERE s.application_id = m.application_id AND s.stage = 2) AS sent_stages
    FROM (${runMessages}) m`, [since]);
  const delivered = messages.filter((m) => m.outcome === 'DELIVERED' && m.delivered_at);
  const times = delivered.map((m) => new Date(m.delivered_at!).getTime() - backAt.getTime());
  const firstSeconds = times.length ? Math.min(...times) / 1000 : NaN;
  const allSeconds = drained && times.length ? Math.max(...times) / 1000 : NaN;
  const drainRate = drained ? count / (allSeconds - firstSeconds) : NaN;
  const cpuMsPerDelivery = cpuPer(thread, delivered.length);

  // exactly once: the provider took each message id once, on the wire once; the hub recorded one delivery and one "sent" stage each
  const ids = new Set(messages.map((m) => m.message_id));
  const standRecords = await stand.records();
  const taken = standRecords.accepted.slice(acceptedBefore);
  const takenOfRun = taken.filter((id) => ids.has(id));
  const wire = [...ids].map((id) => standRecords.received.get(id) ?? 0);
  const exactlyOnce = {
    messages: messages.length,
    acceptedByStand: takenOfRun.length,
    distinctAccepted: new Set(takenOfRun).size,
    acceptedNotOfRun: taken.length - takenOfRun.length,
    receivedOnWireOnce: wire.filter((n) => n === 1).length,
    receivedMoreThanOnce: wire.filter((n) => n > 1).length,
    oneDeliveryEach: messages.filter((m) => m.attempts_delivered === 1).length,
    oneSentStageEach: messages.filter((m) => m.sent_stages === 1).length,
    failedAttemptsBeforeReturn: messages.reduce((n, m) => n + m.attempts_failed, 0),
  };
  const onceOk = drained && exactlyOnce.messages === count && exactlyOnce.acceptedByStand === count && exactlyOnce.distinctAccepted === count
    && exactlyOnce.receivedOnWireOnce === count && exactlyOnce.oneDeliveryEach === count && exactlyOnce.oneSentStageEach === count;

  log('queue drain: baseline, the same request messages POSTed straight to a fresh provider stand');
  const bodies: { body: Record<string, unknown> }[] = await dataSource.query(`SELECT m.body FROM (${runMessages}) m ORDER BY m.created_at`, [since]);
  const baseline = await standBaseline(hub, bodies.map((b) => b.body), hub.delivery.concurrency);

  const c = (n: number) => n.toLocaleString('en');
  const d = hub.delivery;
  const met = drained && onceOk && allSeconds < 30;
  // why a miss: waiting for the return to be noticed (the probe), or the drain's own pace
  const missedBecause = !drained
    ? `the drain did not finish in ${fmt(drainLimitMs / 1000, 0)} s: ${c(delivered.length)} of ${c(count)} delivered`
    : !onceOk
      ? `not exactly once: ${JSON.stringify(exactlyOnce)}`
      : `${fmt(firstSeconds, 1)} s until the return was noticed (a probe every ${d.probeSeconds} s), then ${fmt(allSeconds - firstSeconds, 1)} s for ${c(count)} deliveries at ${fmt(drainRate, 0)}/s: ${fmt(cpuMsPerDelivery, 2)} ms of ${hubCpuName()} each (${cpuLine(thread, delivered.length)}), against the stand's own ${fmt(baseline.perSecond, 0)}/s`;
  const reduced = outageSeconds < FULL_OUTAGE_SECONDS ? ` (REDUCED: ${outageSeconds} s, not ${FULL_OUTAGE_SECONDS} s)` : '';
  const rows: Row[] = [
    {
      measure: `seconds from the provider's return to the last of ${c(count)} deliveries, after ${fmt(downSeconds, 0)} s down${reduced}`,
      ours: drained ? fmt(allSeconds, 1) : `not done after ${fmt(observedSeconds, 0)} s (${delivered.length} delivered)`, baseline: fmt(baseline.seconds, 1), ratio: ratio(allSeconds, baseline.seconds),
      target: 'under 30 s, exactly once',
      targetId: 'drain-10000-after-outage',
      verdict: verdict(met, met ? `noticed after ${fmt(firstSeconds, 1)} s (probe every ${d.probeSeconds} s), then ${fmt(drainRate, 0)}/s` : missedBecause),
    },
    { measure: 'deliveries/s while draining (first to last delivery) vs the stand\'s direct acceptance rate', ours: fmt(drainRate, 0), baseline: fmt(baseline.perSecond, 0), ratio: ratio(drainRate, baseline.perSecond) },
    { measure: `${hubCpuName()} ms per delivery while draining (the busiest ${hub.topology === 'single' ? 'thread' : 'service'} busy)`, ours: `${fmt(cpuMsPerDelivery, 2)} (${fmt(100 * thread.utilization, 0)}%)`, baseline: '', ratio: '' },
    { measure: 'CPU ms per delivery while draining, by process', ours: cpuLine(thread, delivered.length), baseline: '', ratio: '' },
    { measure: 'seconds from the return to the first delivery (the circuit\'s probe noticing it)', ours: fmt(firstSeconds, 2), baseline: '', ratio: '', target: `at most the probe interval, ${d.probeSeconds} s` },
    { measure: 'requests dead-lettered during the outage', ours: c(deadDuringOutage), baseline: '', ratio: '', target: '0', verdict: verdict(deadDuringOutage === 0, `${deadDuringOutage} dead-lettered while the provider was unreachable`) },
    {
      measure: 'exactly once: message ids accepted by the provider once / received on the wire once / one delivery and one "sent" stage recorded each',
      ours: `${c(exactlyOnce.distinctAccepted)} of ${c(exactlyOnce.acceptedByStand)} / ${c(exactlyOnce.receivedOnWireOnce)} / ${c(exactlyOnce.oneDeliveryEach)} and ${c(exactlyOnce.oneSentStageEach)}`,
      baseline: c(count), ratio: '', target: `all ${c(count)}`,
      verdict: onceOk ? 'met' : `FAILED: ${JSON.stringify(exactlyOnce)}`,
      targetId: 'drain-10000-after-outage',
    },
  ];
  return {
    id: 'queue-drain',
    title: `4. Queue drain: ${count.toLocaleString('en')} applications submitted while the provider's system was down`,
    method: [
      `the demo provider system (ProviderStand) goes down; ${c(count)} operator-signed applications (signed before timing) are submitted ${how}: ${fmt(count / submitSeconds, 1)}/s, ${fmt(submitSeconds, 0)} s; every request has failed at least once ${fmt(waitedSeconds, 0)} s after the last submission (${c(exactlyOnce.failedAttemptsBeforeReturn)} failed attempts in all); the stand comes back ${fmt(downSeconds, 0)} s after it went down (BENCH_OUTAGE_SECONDS=${outageSeconds}${reduced ? ', a reduced run' : ', the issue\'s 10 minutes'})`,
      `delivery exactly as in production (the DELIVERY_* defaults: retries capped at ${d.retryMaxSeconds} s, ${d.maxAttempts} attempts for other failures, a probe of the unreachable provider every ${d.probeSeconds} s, ${d.batchSize} jobs a batch, ${d.concurrency} POSTs at a time, poll ${d.pollMs} ms, timeout ${d.timeoutMs / 1000} s): the time includes noticing the return`,
      'times from the stand\'s return to each request\'s delivered_at in the journal; exactly once from the stand\'s own records (accepted, received per message id) and the hub\'s (delivery attempts, "sent" stages)',
      `baseline: the same ${count.toLocaleString('en')} request messages (from the journal) POSTed straight to a fresh ProviderStand from this process, ${hub.delivery.concurrency} at a time as the worker does: its own acceptance time and rate`,
    ],
    sizes: { applications: count, submitted: mode === 'gateway' ? `through the gateway, ${width} at a time` : `${threads} thread(s) × ${width}`, 'outage s': outageSeconds, 'retry cap s': d.retryMaxSeconds },
    rows,
    data: { count, mode, outageSeconds, downSeconds, reduced: outageSeconds < FULL_OUTAGE_SECONDS, submitSeconds, waitedSeconds, firstSeconds, allSeconds, drainRate, drained, deadDuringOutage, exactlyOnce, baseline, hubThread: thread, cpuMsPerDelivery, met },
  };
}
