import { ProviderStand } from '../provider-stand/stand';
import { DEV_PROVIDER_TOKEN } from '../platform/config';
import { runSubmitters } from './submitter';
import { BenchHub, cpuLine, cpuPer, envInt, hubCpuName, eventually, fmt, inParallel, JUSTICE_BIN, nowMs, onHubThread, ratio, Row, ScenarioResult, signAs, SUBMIT, submission, tokenFor, verdict } from './harness';

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
  const outageLimitMs = envInt('BENCH_DRAIN_OUTAGE_SECONDS', 900) * 1000;
  const drainLimitMs = envInt('BENCH_DRAIN_TIMEOUT_SECONDS', 600) * 1000;
  const { stand, dataSource } = hub;

  const operator = hub.signer('operator');
  const token = tokenFor('operator', { iin: operator.iin, bin: operator.bin, sub: 'bench-operator' });
  const signStart = nowMs();
  const inputs = Array.from({ length: count }, () => signAs(operator, submission()));
  log(`queue drain: ${count} submissions signed in ${((nowMs() - signStart) / 1000).toFixed(1)} s`);

  await stand.goDown();
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

  // every request has been tried and failed at least once while the provider was down, and none reached it
  const outageStart = nowMs();
  await eventually('every request failed once while the provider was down', async () => {
    const [{ n }] = await dataSource.query(`SELECT count(DISTINCT d.message_id)::int AS n FROM delivery_attempt d JOIN (${runMessages}) m ON m.id = d.message_id WHERE d.outcome = 'FAILED'`, [since]);
    return n === count;
  }, outageLimitMs, 1000);
  const waitedSeconds = (nowMs() - outageStart) / 1000;
  const [{ n: deliveredEarly }] = await dataSource.query(`SELECT count(*)::int AS n FROM (${runMessages}) m WHERE m.outcome = 'DELIVERED'`, [since]);
  if (deliveredEarly) throw new Error(`${deliveredEarly} requests were delivered while the provider was down`);
  log(`queue drain: all ${count} failed at least once (${waitedSeconds.toFixed(1)} s after the last submission); the provider's system comes back`);

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
  const rows: Row[] = [
    {
      measure: `seconds from the provider's return to the last of ${count.toLocaleString('en')} deliveries`,
      ours: drained ? fmt(allSeconds, 1) : `not done after ${fmt(observedSeconds, 0)} s (${delivered.length} delivered)`, baseline: fmt(baseline.seconds, 1), ratio: ratio(allSeconds, baseline.seconds),
      target: 'under 30 s',
      targetId: 'drain-10000-after-outage',
      verdict: verdict(drained && allSeconds < 30, drained
        ? `the worker delivers ${fmt(drainRate, 0)}/s at its production concurrency (${hub.delivery.concurrency}): ${fmt(cpuMsPerDelivery, 1)} ms of ${hubCpuName()} per delivery (${cpuLine(thread, delivered.length)}; journal reads and two transactions, a hub signature made and verified, the "sent" stage), while the stand takes a request in ${fmt(1000 / baseline.perSecond, 1)} ms`
        : 'the drain did not finish in the time allowed'),
    },
    { measure: 'deliveries/s while draining (first to last delivery) vs the stand\'s direct acceptance rate', ours: fmt(drainRate, 0), baseline: fmt(baseline.perSecond, 0), ratio: ratio(drainRate, baseline.perSecond) },
    { measure: `${hubCpuName()} ms per delivery while draining (the busiest ${hub.topology === 'single' ? 'thread' : 'service'} busy)`, ours: `${fmt(cpuMsPerDelivery, 2)} (${fmt(100 * thread.utilization, 0)}%)`, baseline: '', ratio: '' },
    { measure: 'CPU ms per delivery while draining, by process', ours: cpuLine(thread, delivered.length), baseline: '', ratio: '' },
    { measure: 'seconds from the return to the first delivery (waiting for the next scheduled retry)', ours: fmt(firstSeconds, 2), baseline: '', ratio: '', target: `at most the retry cap, ${hub.delivery.retryMaxSeconds} s` },
    {
      measure: 'exactly once: message ids accepted by the provider once / received on the wire once / one delivery and one "sent" stage recorded each',
      ours: `${c(exactlyOnce.distinctAccepted)} of ${c(exactlyOnce.acceptedByStand)} / ${c(exactlyOnce.receivedOnWireOnce)} / ${c(exactlyOnce.oneDeliveryEach)} and ${c(exactlyOnce.oneSentStageEach)}`,
      baseline: count.toLocaleString('en'), ratio: '', target: `all ${count.toLocaleString('en')}`,
      verdict: onceOk ? 'met' : `FAILED: ${JSON.stringify(exactlyOnce)}`,
      targetId: 'drain-10000-after-outage',
    },
  ];
  return {
    id: 'queue-drain',
    title: `4. Queue drain: ${count.toLocaleString('en')} applications submitted while the provider's system was down`,
    method: [
      `the demo provider system (ProviderStand) goes down; ${count.toLocaleString('en')} operator-signed applications (signed before timing) are submitted ${how}: ${fmt(count / submitSeconds, 1)}/s, ${fmt(submitSeconds, 0)} s; the bench waits until every request has failed at least once (${fmt(waitedSeconds, 0)} s more, ${exactlyOnce.failedAttemptsBeforeReturn} failed attempts in all), then the stand comes back`,
      `delivery as in production (DELIVERY_* defaults: ${hub.delivery.concurrency} at a time, poll ${hub.delivery.pollMs} ms, timeout ${hub.delivery.timeoutMs / 1000} s) except the retry cap, ${hub.delivery.retryMaxSeconds} s instead of 600 s (BENCH_DRAIN_RETRY_MAX_SECONDS; and attempts up to ${hub.delivery.maxAttempts}, so the outage dead-letters nothing): the time includes waiting for each request's next retry`,
      'times from the stand\'s return to each request\'s delivered_at in the journal; exactly once from the stand\'s own records (accepted, received per message id) and the hub\'s (delivery attempts, "sent" stages)',
      `baseline: the same ${count.toLocaleString('en')} request messages (from the journal) POSTed straight to a fresh ProviderStand from this process, ${hub.delivery.concurrency} at a time as the worker does: its own acceptance time and rate`,
    ],
    sizes: { applications: count, submitted: mode === 'gateway' ? `through the gateway, ${width} at a time` : `${threads} thread(s) × ${width}`, 'retry cap s': hub.delivery.retryMaxSeconds },
    rows,
    data: { count, mode, submitSeconds, waitedSeconds, firstSeconds, allSeconds, drainRate, drained, exactlyOnce, baseline, hubThread: thread, cpuMsPerDelivery },
  };
}
