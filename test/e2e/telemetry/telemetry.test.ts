import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ProviderStand } from '../../../provider-stand/stand';
import { DELIVERY_QUEUE } from '../../../platform/queue';
import { eventually, operatorToken, routeProviderTo, signedSubmission, SUBMIT } from '../../support/applications';
import { collect, startHub, TestHub } from '../../support/hub';
import { demoSigners, registration, REPORT_STAGE, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { captureLogs, post, sample, scrape } from './support';

const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const TIMELINE = 'query Timeline($id: ID!) { application(id: $id) { number timeline { stage signature { signerName } } } }';
const DOCUMENT_TYPES = 'query Types { documentTypes { code } }';
const STAGE_CHANGED = 'subscription Watch { stageChanged(filter: { providerBin: "010840004568" }) { cursor stage } }';

describe('with tracing off (the default)', () => {
  let hub: TestHub;
  let stand: ProviderStand;
  const logs = captureLogs();
  // anything that traced through the global OpenTelemetry API would land here
  const globalSpans = new InMemorySpanExporter();

  beforeAll(async () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(globalSpans)] }));
    // the operations of these clients (as a manifest of trusted operations would name them)
    hub = await startHub({ telemetry: { logDestination: logs.destination }, gateway: { knownOperations: ['Report', 'Submit', 'Broken', 'Timeline', 'Types'] } });
    stand = await new ProviderStand({ signers: demoSigners() }).start();
    await routeProviderTo(hub.dataSource, JUSTICE_BIN, stand.endpointFor(JUSTICE_BIN));
  });

  afterAll(async () => {
    await stand?.stop();
    await hub?.stop();
    trace.disable();
  });

  const gatewayUrl = () => hub.gateways[0].url;
  const subgraph = (name: string) => hub.subgraphs.find((s) => s.name === name)!;

  it('returns the client\'s well-formed x-request-id, and makes one for a request without one or with a malformed one', async () => {
    const given = `client-${randomUUID()}`;
    expect((await post(gatewayUrl(), DOCUMENT_TYPES, {}, { authorization: `Bearer ${provider}`, 'x-request-id': given })).headers.get('x-request-id')).toBe(given);
    const made = (await post(gatewayUrl(), DOCUMENT_TYPES, {}, { authorization: `Bearer ${provider}` })).headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const replaced = (await post(gatewayUrl(), DOCUMENT_TYPES, {}, { 'x-request-id': 'not a valid id; DROP TABLE' })).headers.get('x-request-id');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    // the subgraph got the same id: its log line about the request carries it
    await eventually(async () => logs.lines.some((l) => l.service === 'documents' && l.msg === 'graphql request' && l.requestId === given));
  });

  it('logs a retried attempt with the same message as a delivered one ("msg":"delivery attempt"), its outcome RETRYING and its code', async () => {
    stand.mode = 'error';
    try {
      const submitted = await post(gatewayUrl(), SUBMIT, { input: signedSubmission() }, { authorization: `Bearer ${operatorToken()}` });
      expect(submitted.body.errors).toBeUndefined();
      const { id } = submitted.body.data.submitApplication.application;
      const retried = await eventually(async () => logs.lines.find((l) => l.service === 'applications' && l.applicationId === id && l.outcome === 'RETRYING'));
      expect(retried).toMatchObject({ msg: 'delivery attempt', attempt: 1, code: 'PROVIDER_HTTP_ERROR', httpStatus: 500 });
    } finally {
      stand.mode = 'normal';
    }
  });

  it('follows a submission by its request id from the gateway through the applications subgraph into the queued job and the delivery attempt', async () => {
    const requestId = `submit-${randomUUID()}`;
    const submitted = await post(gatewayUrl(), SUBMIT, { input: signedSubmission() }, { authorization: `Bearer ${operatorToken()}`, 'x-request-id': requestId });
    expect(submitted.body.errors).toBeUndefined();
    expect(submitted.headers.get('x-request-id')).toBe(requestId);
    const { id } = submitted.body.data.submitApplication.application;

    const [job] = await hub.dataSource.query(`SELECT data FROM pgboss.job WHERE name = $1 AND data->>'requestId' = $2`, [DELIVERY_QUEUE, requestId]);
    expect(job?.data).toMatchObject({ requestId });
    const attempt = await eventually(async () => logs.lines.find((l) => l.service === 'applications' && l.msg === 'delivery attempt' && l.applicationId === id));
    expect(attempt).toMatchObject({ requestId, outcome: 'DELIVERED', attempt: 1, to: JUSTICE_BIN, level: 'info' });

    const about = logs.lines.filter((l) => l.requestId === requestId);
    expect(about.find((l) => l.service === 'gateway' && l.msg === 'graphql request')).toMatchObject({ operation: 'Submit', operationType: 'mutation', outcome: 'ok', status: 200 });
    // the gateway's query plans are anonymous: a subgraph names an operation by its root fields
    expect(about.find((l) => l.service === 'applications' && l.msg === 'graphql request')).toMatchObject({ operation: 'submitApplication', operationType: 'mutation', outcome: 'ok' });
    expect(logs.lines.some((l) => l.traceId)).toBe(false);
  });

  it('serves Prometheus metrics on the gateway and on every subgraph, and its counters move with traffic', async () => {
    const linesBefore = logs.lines.length;
    const before = {
      gateway: await scrape(hub.gateways[0].metricsPort),
      applications: await scrape(subgraph('applications').metricsPort),
      statuses: await scrape(subgraph('statuses').metricsPort),
      documents: await scrape(subgraph('documents').metricsPort),
      signatures: await scrape(subgraph('signatures').metricsPort),
    };
    const report = await post(gatewayUrl(), REPORT_STAGE, { input: signed(registration()) }, { authorization: `Bearer ${provider}` });
    expect(report.body.errors).toBeUndefined();
    const submitted = await post(gatewayUrl(), SUBMIT, { input: signedSubmission() }, { authorization: `Bearer ${operatorToken()}` });
    const { id } = submitted.body.data.submitApplication.application;
    await eventually(async () => logs.lines.some((l) => l.msg === 'delivery attempt' && l.applicationId === id));
    expect((await post(gatewayUrl(), TIMELINE, { id }, { authorization: `Bearer ${operatorToken()}` })).body.data.application.timeline[0].signature.signerName).toBe('DEMO OPERATOR');
    expect((await post(gatewayUrl(), DOCUMENT_TYPES, {}, { authorization: `Bearer ${provider}` })).body.errors).toBeUndefined();
    expect((await post(gatewayUrl(), 'query Broken { noSuchField }', {}, { authorization: `Bearer ${provider}` })).body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const gateway = await scrape(hub.gateways[0].metricsPort);
    const moved = (text: string, was: string, name: string, labels: Record<string, string>) => (sample(text, name, labels) || 0) - (sample(was, name, labels) || 0);
    expect(moved(gateway, before.gateway, 'qyzmet_graphql_requests_total', { service: 'gateway', operation: 'Report', outcome: 'ok' })).toBe(1);
    expect(moved(gateway, before.gateway, 'qyzmet_graphql_requests_total', { service: 'gateway', operation: 'Submit', outcome: 'ok' })).toBe(1);
    expect(moved(gateway, before.gateway, 'qyzmet_graphql_requests_total', { service: 'gateway', operation: 'Broken', outcome: 'error' })).toBe(1);
    expect(moved(gateway, before.gateway, 'qyzmet_graphql_request_duration_seconds_count', { service: 'gateway', operation: 'Submit' })).toBe(1);
    expect(sample(gateway, 'qyzmet_graphql_request_duration_seconds_bucket', { operation: 'Submit', le: '+Inf' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'qyzmet_active_subscriptions', { service: 'gateway' })).toBe(0);
    // the process's own metrics (prom-client's defaults)
    expect(sample(gateway, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(gateway, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    const applications = await scrape(subgraph('applications').metricsPort);
    expect(moved(applications, before.applications, 'qyzmet_graphql_requests_total', { service: 'applications', operation: 'submitApplication', outcome: 'ok' })).toBe(1);
    // ours, and no more than the worker logged meanwhile: it may also deliver a request an earlier test
    // file left queued in the run's shared database
    const delivered = logs.lines.slice(linesBefore).filter((l) => l.msg === 'delivery attempt' && l.outcome === 'DELIVERED');
    expect(delivered.some((l) => l.applicationId === id)).toBe(true);
    const deliveries = moved(applications, before.applications, 'qyzmet_deliveries_total', { service: 'applications', outcome: 'delivered' });
    expect(deliveries).toBeGreaterThanOrEqual(1);
    expect(deliveries).toBeLessThanOrEqual(delivered.length);
    expect(moved(applications, before.applications, 'qyzmet_signature_verifications_total', { service: 'applications', verdict: 'VALID' })).toBeGreaterThanOrEqual(1);
    expect(sample(applications, 'qyzmet_queue_depth', { service: 'applications', queue: DELIVERY_QUEUE })).toBeGreaterThanOrEqual(0);
    expect(sample(applications, 'qyzmet_queue_oldest_age_seconds', { service: 'applications', queue: DELIVERY_QUEUE })).toBeGreaterThanOrEqual(0);

    const statuses = await scrape(subgraph('statuses').metricsPort);
    expect(moved(statuses, before.statuses, 'qyzmet_graphql_requests_total', { service: 'statuses', operation: 'reportStage', outcome: 'ok' })).toBe(1);
    expect(moved(statuses, before.statuses, 'qyzmet_signature_verifications_total', { service: 'statuses', verdict: 'VALID' })).toBe(1);
    expect(sample(statuses, 'qyzmet_active_subscriptions', { service: 'statuses' })).toBe(0);
    expect(moved(await scrape(subgraph('documents').metricsPort), before.documents, 'qyzmet_graphql_requests_total', { service: 'documents', operation: 'documentTypes', outcome: 'ok' })).toBe(1);
    expect(moved(await scrape(subgraph('signatures').metricsPort), before.signatures, 'qyzmet_graphql_requests_total', { service: 'signatures', operation: '_entities', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  it('serves metrics on ports of their own, on loopback, and none on the public ports', async () => {
    for (const [name, service] of [['gateway', hub.gateways[0]] as const, ...hub.subgraphs.map((s) => [s.name, s] as const)]) {
      const onPublicPort = await fetch(`http://127.0.0.1:${service.port}/metrics`);
      expect({ name, status: onPublicPort.status }).toEqual({ name, status: 404 });
      expect(service.metricsPort).not.toBe(service.port);
      expect(sample(await scrape(service.metricsPort), 'qyzmet_graphql_requests_total')).toBeGreaterThanOrEqual(0);
      // nothing but the metrics there
      expect((await fetch(`http://127.0.0.1:${service.metricsPort}/graphql`)).status).toBe(404);
    }
  });

  it('labels only the operations it knows: 1000 invented operation names add no label value, anonymous ones are "anonymous"', async () => {
    const labels = async () => new Set([...(await scrape(hub.gateways[0].metricsPort)).matchAll(/^qyzmet_graphql_requests_total\{[^}]*operation="([^"]*)"/gm)].map((m) => m[1]));
    expect((await post(gatewayUrl(), DOCUMENT_TYPES, {}, { authorization: `Bearer ${provider}` })).body.errors).toBeUndefined();
    expect((await post(gatewayUrl(), '{ __typename }')).body.errors).toBeUndefined();
    const before = await labels();
    expect([...before]).toEqual(expect.arrayContaining(['Types', 'anonymous']));

    let sent = 0;
    await Promise.all(Array.from({ length: 10 }, async (_, worker) => {
      for (let i = worker; i < 1000; i += 10) {
        const answer = await post(gatewayUrl(), `query Invented${i}x${randomUUID().slice(0, 8)} { __typename }`);
        expect(answer.body.errors).toBeUndefined();
        sent++;
      }
    }));
    expect(sent).toBe(1000);
    const after = await labels();
    const added = [...after].filter((label) => !before.has(label));
    expect(added.filter((label) => label !== 'other')).toEqual([]);
    expect(after.has('other')).toBe(true);
  }, 180_000);

  it('measures the queue: a job waiting to be delivered counts in its depth and its age', async () => {
    await hub.applications!.worker!.stop();
    let id: string;
    try {
      const submitted = await post(gatewayUrl(), SUBMIT, { input: signedSubmission() }, { authorization: `Bearer ${operatorToken()}` });
      expect(submitted.body.errors).toBeUndefined();
      id = submitted.body.data.submitApplication.application.id;
      const text = await scrape(subgraph('applications').metricsPort);
      expect(sample(text, 'qyzmet_queue_depth', { queue: DELIVERY_QUEUE })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'qyzmet_queue_oldest_age_seconds', { queue: DELIVERY_QUEUE })).toBeGreaterThan(0);
    } finally {
      hub.applications!.worker!.start();
    }
    // delivered once the worker is back: nothing is left for the next test file
    await eventually(async () => logs.lines.some((l) => l.msg === 'delivery attempt' && l.applicationId === id && l.outcome === 'DELIVERED'));
  });

  it('counts the subscriptions open on the gateway and on the statuses subgraph', async () => {
    const sub = collect(hub.wsClient(tokenFor('contact_centre')), STAGE_CHANGED);
    const active = async (port: number) => sample(await scrape(port), 'qyzmet_active_subscriptions');
    await eventually(async () => await active(hub.gateways[0].metricsPort) === 1 && await active(subgraph('statuses').metricsPort) === 1);
    sub.unsubscribe();
    await eventually(async () => await active(hub.gateways[0].metricsPort) === 0);
    // statuses lets go of it at once, without waiting for another stage event (see stage-subscription.ts)
    await eventually(async () => await active(subgraph('statuses').metricsPort) === 0);
    expect(sub.errors).toEqual([]);
  });

  it('records no spans at all', () => {
    expect(globalSpans.getFinishedSpans()).toEqual([]);
  });
});

describe('with a tracer provider', () => {
  let hub: TestHub;
  const spans = new InMemorySpanExporter();
  const logs = captureLogs();

  beforeAll(async () => {
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    // spans are named by the operation's metrics label: a known operation's own name
    hub = await startHub({ telemetry: { logDestination: logs.destination, tracerProvider }, gateway: { knownOperations: ['Report'] } });
  });
  afterAll(async () => { await hub?.stop(); });

  it('makes one trace of an operation: the gateway\'s span and the subgraph\'s span under it, with the operation\'s name and request id', async () => {
    const requestId = `traced-${randomUUID()}`;
    const report = await post(hub.gateways[0].url, REPORT_STAGE, { input: signed(registration()) }, { authorization: `Bearer ${provider}`, 'x-request-id': requestId });
    expect(report.body.errors).toBeUndefined();
    const mine = (service: string) => spans.getFinishedSpans().find((s) => s.attributes['qyzmet.service'] === service && s.attributes['qyzmet.request_id'] === requestId);
    const gateway: ReadableSpan = await eventually(async () => mine('gateway'));
    const statuses: ReadableSpan = await eventually(async () => mine('statuses'));
    expect(gateway.name).toBe('mutation Report');
    expect(gateway.attributes).toMatchObject({ 'graphql.operation.name': 'Report', 'graphql.operation.type': 'mutation', 'http.response.status_code': 200 });
    expect(statuses.attributes['graphql.operation.type']).toBe('mutation');
    expect(statuses.spanContext().traceId).toBe(gateway.spanContext().traceId);
    expect(statuses.parentSpanContext?.spanId).toBe(gateway.spanContext().spanId);
    // the log lines about the request carry its trace
    const traced = logs.lines.filter((l) => l.requestId === requestId);
    expect(traced.map((l) => l.service)).toEqual(expect.arrayContaining(['gateway', 'statuses']));
    expect(traced.every((l) => l.traceId === gateway.spanContext().traceId)).toBe(true);
  });
});
