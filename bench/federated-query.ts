import { readFileSync } from 'node:fs';
import { IncomingMessage } from 'node:http';
import path from 'node:path';
import { ApolloGateway, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError } from 'graphql';
import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET, DEV_UPSTREAM_SECRET } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { HMAC_EXTENSION, signUpstream, STAMP_EXTENSION, stampFor } from '../platform/upstream-signature';
import {
  BenchHub, CITIZEN_IIN, GraphQLResponse, cpuLine, dataOf, envInt, eventually, fmt, gql, hubCpuName, JUSTICE_BIN, cpuPer, onHubThread, ratio, REPORT_STAGE, Row, ScenarioResult, signAs, SUBMIT, submission, ThreadUse, tokenFor, verdict,
} from './harness';
import { LoadResult, runLoad } from './load';

/** An application with its planned date, stage and timeline (statuses), each stage's signature (signatures), its service's name and its attachments (applications). */
const FEDERATED = `query Application($id: ID!) {
  application(id: $id) {
    id number acceptedAt
    service { code name }
    attachments { id purpose documentType fileName mediaType sizeBytes sha256 }
    plannedDate currentStage
    timeline { stage occurredAt receivedAt signature { verdict signerName signerBin } }
  }
}`;

/** More direct calls a second than the applications subgraph answers on one core: the bodies made for a run. */
const DIRECT_PER_SECOND_MAX = 8_000;

/** What the applications subgraph owns of the same: everything but what statuses resolves (plannedDate, currentStage, timeline). */
const DIRECT = `query Application($id: ID!) {
  application(id: $id) {
    id number acceptedAt
    service { code name }
    attachments { id purpose documentType fileName mediaType sizeBytes sha256 }
  }
}`;

/** The plan's second request: what statuses resolves of the application (signatures as references only). */
const STATUSES_PART = `query Part($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Application { plannedDate currentStage timeline { stage occurredAt receivedAt signature { __typename id } } }
  }
}`;

/** The plan's third request: the timeline's signatures, all in one. */
const SIGNATURES_PART = `query Part($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Signature { verdict signerName signerBin } }
}`;

interface ApolloContext { jwtPayload?: Record<string, unknown> }

/**
 * The hub's upstream protocol from @apollo/gateway: the verified JWT's payload in extensions.jwt,
 * each request's stamp (id, time, subgraph) and the HMAC over query, variables, payload and stamp
 * in extensions["hmac-signature"], as our gateway sends them (platform/upstream-signature.ts),
 * so the subgraphs accept it.
 */
class SignedDataSource extends RemoteGraphQLDataSource<ApolloContext> {
  constructor(private readonly subgraph: string, url: string) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<ApolloContext>): void {
    const extensions: Record<string, unknown> = { ...(request.extensions ?? {}) };
    if (context?.jwtPayload) extensions.jwt = { payload: context.jwtPayload };
    extensions[STAMP_EXTENSION] = stampFor(this.subgraph);
    extensions[HMAC_EXTENSION] = signUpstream({ query: request.query, variables: request.variables, extensions }, DEV_UPSTREAM_SECRET);
    request.extensions = extensions;
  }
}

/** @apollo/gateway with the same supergraph SDL and the same subgraph URLs, served by @apollo/server on loopback. */
export async function startApolloGateway(subgraphUrls: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(path.join(repoRoot(), 'schema', 'supergraph.graphql'), 'utf8'),
    buildService: ({ name, url }) => new SignedDataSource(name, (subgraphUrls[name] ?? url)!),
  });
  const server = new ApolloServer<ApolloContext>({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }: { req: IncomingMessage }) => {
      const header = req.headers.authorization;
      if (!header) return {};
      try {
        const payload = jwt.verify(header.replace(/^Bearer\s+/i, ''), DEV_JWT_SECRET, { algorithms: ['HS256'] });
        return { jwtPayload: payload as Record<string, unknown> };
      } catch {
        throw new GraphQLError('invalid token', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
    },
  });
  return { url: url.replace('localhost', '127.0.0.1'), stop: () => server.stop() };
}

/** An application submitted through the hub, delivered, and taken further by the provider: five stages, two attachments. */
async function prepareApplication(hub: BenchHub): Promise<string> {
  const operator = hub.signer('operator');
  const operatorToken = tokenFor('operator', { iin: operator.iin, bin: operator.bin, sub: 'bench-operator' });
  const submitted = dataOf('submitApplication', await gql(hub.gatewayUrl, SUBMIT, { input: signAs(operator, submission()) }, operatorToken));
  const { id, number } = submitted.submitApplication.application as { id: string; number: string };
  await eventually('delivery of the prepared application', async () => {
    const [row] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM stage_record WHERE application_id = $1 AND stage = 2`, [id]);
    return row.n === 1;
  }, 60_000);
  const provider = tokenFor('provider', { bin: JUSTICE_BIN, sub: 'bench-provider' });
  const signer = hub.signer('provider', JUSTICE_BIN);
  // after the delivery that was just recorded, one second apart (within the 5-minute tolerance for clocks ahead)
  const base = Date.now();
  const later = (seconds: number) => new Date(base + seconds * 1000).toISOString();
  const steps: Record<string, unknown>[] = [
    { stage: 'ACCEPTED_INTO_WORK', executor: 'Ахметова Д.' },
    { stage: 'EXECUTED', executionDate: later(2) },
    { stage: 'AWAITING_ISSUANCE' },
  ];
  for (const [i, step] of steps.entries()) {
    const input = signAs(signer, { providerBin: JUSTICE_BIN, applicationNumber: number, occurredAt: later(i + 1), messageId: `bench-prep-${id}-${i}`, ...step });
    dataOf(`reportStage ${step.stage}`, await gql(hub.gatewayUrl, REPORT_STAGE, { input }, provider));
  }
  return id;
}

/**
 * `count` applications in all: the prepared one and copies of it under ids of their own (each with
 * its own number, submission, attachments and stage records, the signatures shared), so that every
 * request of a run may ask for another application and nothing can be merged in flight.
 */
export async function applicationsLike(dataSource: BenchHub['dataSource'], id: string, count: number): Promise<string[]> {
  if (count <= 1) return [id];
  return dataSource.transaction(async (m) => {
    await m.query('CREATE TEMP TABLE bench_copy ON COMMIT DROP AS SELECT gen_random_uuid() AS id, g FROM generate_series(1, $1::int) g', [count - 1]);
    // each row as the original, with the columns that make it another application's replaced
    const copy = (table: string, key: string, changes: string) =>
      m.query(`INSERT INTO ${table} SELECT (jsonb_populate_record(t, jsonb_build_object(${changes}))).* FROM ${table} t, bench_copy c WHERE t.${key} = $1`, [id]);
    await copy('application', 'id', "'id', c.id, 'number', t.number || '-' || c.g");
    await copy('submission', 'application_id', "'application_id', c.id, 'message_id', t.message_id || '-' || c.g");
    await copy('attachment', 'application_id', "'id', gen_random_uuid(), 'application_id', c.id");
    await copy('stage_record', 'application_id', "'id', gen_random_uuid(), 'seq', nextval(pg_get_serial_sequence('stage_record', 'seq')), 'application_id', c.id, 'message_id', t.message_id || '-' || c.g");
    const rows: { id: string }[] = await m.query('SELECT id FROM bench_copy ORDER BY g');
    return [id, ...rows.map((r) => r.id)];
  });
}

export async function benchFederatedQuery(hub: BenchHub, log: (msg: string) => void): Promise<ScenarioResult> {
  const seconds = envInt('BENCH_SECONDS', 20);
  const warmup = envInt('BENCH_WARMUP_SECONDS', 3, 0);
  const connections = envInt('BENCH_CONNECTIONS', 16);
  const distinct = envInt('BENCH_QUERY_IDS', 500);

  const id = await prepareApplication(hub);
  const ids = await applicationsLike(hub.dataSource, id, distinct);
  await hub.dataSource.query('ANALYZE application, attachment, submission, stage_record');
  const token = tokenFor('citizen', { iin: CITIZEN_IIN, sub: 'bench-citizen' });
  const variables = { id: ids[ids.length - 1] };
  const apollo = await startApolloGateway(hub.subgraphUrls);
  try {
    // the direct call is signed as the gateway would sign it, with the same token's payload; each
    // signed request is taken once, so each call gets a body of its own, made just before its run
    const payload = jwt.decode(token) as Record<string, unknown>;
    const signedBody = (subgraph: string, query: string, variables: Record<string, unknown>) => {
      const extensions: Record<string, unknown> = { jwt: { payload }, [STAMP_EXTENSION]: stampFor(subgraph) };
      extensions[HMAC_EXTENSION] = signUpstream({ query, variables, extensions }, DEV_UPSTREAM_SECRET);
      return JSON.stringify({ query, variables, extensions });
    };
    const directBody = (i = ids.length - 1) => signedBody('applications', DIRECT, { id: ids[i % ids.length] });
    const statusesBody = (i = ids.length - 1) => signedBody('statuses', STATUSES_PART, { representations: [{ __typename: 'Application', id: ids[i % ids.length] }] });
    // every application once per round, so no two requests in flight ask for the same one
    const federatedBodies = ids.map((each) => JSON.stringify({ query: FEDERATED, variables: { id: each } }));
    const auth = { authorization: `Bearer ${token}` };

    // both gateways answer the same, whole; the direct call the applications subgraph's part of it
    const ours = dataOf('our gateway', await gql(hub.gatewayUrl, FEDERATED, variables, token));
    const theirs = dataOf('@apollo/gateway', await gql(apollo.url, FEDERATED, variables, token));
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error(`the gateways answer differently:\n${JSON.stringify(ours)}\n${JSON.stringify(theirs)}`);
    const direct = dataOf('applications subgraph', await (await fetch(hub.subgraphUrls.applications, { method: 'POST', headers: { 'content-type': 'application/json' }, body: directBody() })).json() as never);
    const app = ours.application;
    if (app.timeline.length !== 5 || app.attachments.length !== 2 || !app.timeline.every((s: { signature?: { verdict: string } }) => s.signature?.verdict)) {
      throw new Error(`unexpected prepared application: ${JSON.stringify(app)}`);
    }
    if (JSON.stringify((direct as { application: unknown }).application) !== JSON.stringify({ ...app, plannedDate: undefined, currentStage: undefined, timeline: undefined })) {
      throw new Error(`the direct call answers other data than the gateway: ${JSON.stringify(direct)}`);
    }

    // the plan's other two requests, sent straight to their subgraphs, answer the rest of the same data
    const post = async (url: string, body: string) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json() as Promise<GraphQLResponse<{ _entities: any[] }>>;
    const statusesPart = dataOf('statuses subgraph', await post(hub.subgraphUrls.statuses, statusesBody()));
    const signatureIds: string[] = statusesPart._entities[0].timeline.map((s: { signature: { id: string } }) => s.signature.id);
    const signaturesBody = () => signedBody('signatures', SIGNATURES_PART, { representations: signatureIds.map((id) => ({ __typename: 'Signature', id })) });
    const signaturesPart = dataOf('signatures subgraph', await post(hub.subgraphUrls.signatures, signaturesBody()));
    const parts = {
      plannedDate: statusesPart._entities[0].plannedDate, currentStage: statusesPart._entities[0].currentStage,
      timeline: statusesPart._entities[0].timeline.map((s: Record<string, unknown>, i: number) => ({ ...s, signature: signaturesPart._entities[i] })),
    };
    if (JSON.stringify(parts) !== JSON.stringify({ plannedDate: app.plannedDate, currentStage: app.currentStage, timeline: app.timeline })) {
      throw new Error(`the plan's parts sent straight to statuses and signatures answer other data than the gateway: ${JSON.stringify(parts)}`);
    }

    // subgraph requests per client request, counted on the subgraphs' servers
    const fetchesPer = async (send: () => Promise<unknown>) => {
      const before = await hub.subgraphRequests();
      for (let i = 0; i < 10; i++) await send();
      const after = await hub.subgraphRequests();
      return Object.keys(after).reduce((n, k) => n + after[k] - before[k], 0) / 10;
    };
    const fetches = {
      ours: await fetchesPer(() => gql(hub.gatewayUrl, FEDERATED, variables, token)),
      apollo: await fetchesPer(() => gql(apollo.url, FEDERATED, variables, token)),
      direct: await fetchesPer(() => fetch(hub.subgraphUrls.applications, { method: 'POST', headers: { 'content-type': 'application/json' }, body: directBody() }).then((r) => r.text())),
    };

    const job = { connections, expect: '"application":{' };
    const partJob = { connections, expect: '"_entities":[{' };
    /** a warm-up run (not counted), then the measured one, with the hub thread's use over the latter */
    /** bodies: the distinct ones sent round and round, or a maker of as many as a run may send (each sent once: a signed direct call is taken once) */
    const measure = async (label: string, url: string, headers: Record<string, string>, body: string[] | ((n: number) => string[]), { expect } = job) => {
      log(`federated query: ${label}, ${warmup} + ${seconds} s at ${connections} connections over ${ids.length} applications`);
      const cycle = Array.isArray(body);
      const bodies = (s: number) => (Array.isArray(body) ? body : body(s));
      if (warmup > 0) await runLoad({ ...job, expect, label: `${label} (warm-up)`, url, headers, bodies: bodies(warmup), seconds: warmup, cycle });
      const { result, thread } = await onHubThread(() => runLoad({ ...job, expect, label, url, headers, bodies: bodies(seconds), seconds, cycle }));
      return { ...result, thread, cpuMsPerRequest: cpuPer(thread, result.ok + result.failed) };
    };
    const oursLoad = await measure('our gateway', hub.gatewayUrl, auth, federatedBodies);
    const apolloLoad = await measure('@apollo/gateway', apollo.url, auth, federatedBodies);
    // more bodies than the subgraph can take in the run (it answers a few thousand a second here)
    const directLoad = await measure('applications subgraph direct', hub.subgraphUrls.applications, {}, (s) => Array.from({ length: s * DIRECT_PER_SECOND_MAX }, (_, i) => directBody(i)));
    const statusesLoad = await measure('statuses subgraph direct (the plan\'s second request)', hub.subgraphUrls.statuses, {}, (s) => Array.from({ length: s * DIRECT_PER_SECOND_MAX }, (_, i) => statusesBody(i)), partJob);
    const signaturesLoad = await measure('signatures subgraph direct (the plan\'s third request)', hub.subgraphUrls.signatures, {}, (s) => Array.from({ length: s * DIRECT_PER_SECOND_MAX }, () => signaturesBody()), partJob);
    // The best a gateway that cost nothing could do: its three requests one after another on the same
    // two cores, each taking the machine time it takes when sent alone (1 / its rate at saturation).
    const planSeconds = 1 / directLoad.perSecond + 1 / statusesLoad.perSecond + 1 / signaturesLoad.perSecond;
    const bound = { vsDirect: (1 / planSeconds) / directLoad.perSecond, vsApollo: (1 / planSeconds) / apolloLoad.perSecond };
    const boundReason = (target: number, reached: number) => `even a gateway that cost nothing reaches at most ${fmt(reached, 2)}x (target ${target}x): the plan's three subgraph requests sent alone answer ${fmt(directLoad.perSecond, 0)}, ${fmt(statusesLoad.perSecond, 0)} and ${fmt(signaturesLoad.perSecond, 0)}/s, so the machine completes at most ${fmt(1 / planSeconds, 0)} plans/s`;

    const failures = [oursLoad, apolloLoad, directLoad, statusesLoad, signaturesLoad].filter((r) => r.failed > 0);
    const line = (r: LoadResult & { thread: ThreadUse }) => `${fmt(r.perSecond, 0)} req/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, ${hub.topology === 'single' ? 'hub thread' : 'busiest service'} ${fmt(100 * r.thread.utilization, 0)}% busy; CPU per request: ${cpuLine(r.thread, r.ok + r.failed)}`;
    const vsApollo = oursLoad.perSecond / apolloLoad.perSecond;
    const vsDirect = oursLoad.perSecond / directLoad.perSecond;
    const rows: Row[] = [
      {
        measure: 'requests/s: our gateway vs @apollo/gateway (same query, supergraph, subgraphs)',
        ours: fmt(oursLoad.perSecond, 0), baseline: fmt(apolloLoad.perSecond, 0), ratio: ratio(oursLoad.perSecond, apolloLoad.perSecond), target: 'at least 3x',
        targetId: 'federated-vs-apollo',
        verdict: verdict(vsApollo >= 3, `${boundReason(3, bound.vsApollo)}; CPU per request through ours: ${cpuLine(oursLoad.thread, oursLoad.ok + oursLoad.failed)}; through @apollo/gateway (in the bench's process): ${cpuLine(apolloLoad.thread, apolloLoad.ok + apolloLoad.failed)}; the same ${fetches.ours} subgraph requests' share is in both`),
      },
      { measure: 'p50 ms: our gateway vs @apollo/gateway', ours: fmt(oursLoad.p50, 2), baseline: fmt(apolloLoad.p50, 2), ratio: ratio(oursLoad.p50, apolloLoad.p50) },
      { measure: 'p99 ms: our gateway vs @apollo/gateway', ours: fmt(oursLoad.p99, 2), baseline: fmt(apolloLoad.p99, 2), ratio: ratio(oursLoad.p99, apolloLoad.p99) },
      {
        measure: 'requests/s: our gateway (whole query) vs the applications subgraph called directly (its own part)',
        ours: fmt(oursLoad.perSecond, 0), baseline: fmt(directLoad.perSecond, 0), ratio: ratio(oursLoad.perSecond, directLoad.perSecond), target: 'at least 0.75x',
        targetId: 'federated-vs-direct',
        verdict: verdict(vsDirect >= 0.75, `${boundReason(0.75, bound.vsDirect)}; a federated request costs ${fmt(oursLoad.cpuMsPerRequest, 2)} ms of ${hubCpuName()} (${fetches.ours} subgraph requests in sequence, with the gateway's parsing, planning, JWT and HMAC; ${cpuLine(oursLoad.thread, oursLoad.ok + oursLoad.failed)}) against ${fmt(directLoad.cpuMsPerRequest, 2)} ms for the direct call (${cpuLine(directLoad.thread, directLoad.ok + directLoad.failed)})`),
      },
      { measure: 'p50 ms: our gateway vs applications direct', ours: fmt(oursLoad.p50, 2), baseline: fmt(directLoad.p50, 2), ratio: ratio(oursLoad.p50, directLoad.p50) },
      { measure: 'p99 ms: our gateway vs applications direct', ours: fmt(oursLoad.p99, 2), baseline: fmt(directLoad.p99, 2), ratio: ratio(oursLoad.p99, directLoad.p99) },
      {
        measure: 'the plan\'s three requests sent straight to their subgraphs, req/s: applications / statuses / signatures',
        ours: `${fmt(directLoad.perSecond, 0)} / ${fmt(statusesLoad.perSecond, 0)} / ${fmt(signaturesLoad.perSecond, 0)}`, baseline: '', ratio: '',
      },
      {
        measure: 'bound: a gateway that cost nothing, vs the applications subgraph direct; vs @apollo/gateway',
        ours: `${fmt(1 / planSeconds, 0)} plans/s`, baseline: `${fmt(directLoad.perSecond, 0)}; ${fmt(apolloLoad.perSecond, 0)}`, ratio: `${ratio(1 / planSeconds, directLoad.perSecond)}; ${ratio(1 / planSeconds, apolloLoad.perSecond)}`,
      },
      {
        measure: 'subgraph requests per client request (ours; @apollo/gateway / direct)',
        ours: String(fetches.ours), baseline: `${fetches.apollo} / ${fetches.direct}`, ratio: '',
      },
      {
        measure: `${hubCpuName()} ms per request (ours; @apollo/gateway / direct)`,
        ours: fmt(oursLoad.cpuMsPerRequest, 2), baseline: `${fmt(apolloLoad.cpuMsPerRequest, 2)} / ${fmt(directLoad.cpuMsPerRequest, 2)}`,
        ratio: `${ratio(oursLoad.cpuMsPerRequest, apolloLoad.cpuMsPerRequest)} / ${ratio(oursLoad.cpuMsPerRequest, directLoad.cpuMsPerRequest)}`,
      },
    ];
    if (failures.length) {
      rows.push({ measure: 'failed responses (non-2xx, errors, unexpected bodies)', ours: failures.map((f) => `${f.label}: ${f.failed}`).join('; '), baseline: '', ratio: '', verdict: `first: ${failures[0].firstFailure ?? ''}` });
    }
    return {
      id: 'federated-query',
      title: '1. Federated query: an application with its timeline, service name and attachments',
      method: [
        `autocannon in a worker thread, ${connections} connections, closed loop, ${seconds} s after ${warmup} s of warm-up, loopback; each path: ${line(oursLoad)} (ours), ${line(apolloLoad)} (@apollo/gateway), ${line(directLoad)} (direct)`,
        `the bound: the plan's second and third requests (statuses' \`_entities\` for the application, signatures' \`_entities\` for its five signatures), signed as the gateway signs them and checked to answer the rest of the same data, each sent straight to its subgraph in a run of its own like the direct call (${line(statusesLoad)} (statuses), ${line(signaturesLoad)} (signatures)); a gateway that cost nothing would still need the machine time of all three requests per client request, so at most 1 / (1/applications + 1/statuses + 1/signatures) client requests a second`,
        `${ids.length} distinct applications (one prepared through the hub, the rest copies of its rows under ids of their own), asked for in turn on every path, so that no two requests in flight are the same and none can be merged`,
        'query: `application(id)` with `service { name }` and `attachments` (applications), `currentStage` and `timeline` (statuses), each stage\'s `signature` (signatures); the hub and @apollo/gateway answer byte-identical data, checked before timing',
        'our gateway: gateway/server.ts startGateway (production limits, rate limit off); @apollo/gateway 2.13 on @apollo/server 5 with the same supergraph SDL and subgraph URLs, a RemoteGraphQLDataSource that adds the JWT payload and the same HMAC (no limits plugins); the direct call: the applications subgraph asked for what it owns (everything but the stages), signed with the same token\'s payload',
        `a citizen reads their own application; ${hub.topology === 'single' ? 'the whole hub, both gateways and the load generator run in this one process (the load in its own thread)' : 'each service of the hub is a process of its own; @apollo/gateway and the load generator run in the bench\'s process (the load in its own thread)'}`,
      ],
      sizes: { seconds, warmup, connections, applications: ids.length, 'distinct ids': ids.length },
      rows,
      data: { ours: oursLoad, apollo: apolloLoad, direct: directLoad, statusesPart: statusesLoad, signaturesPart: signaturesLoad, bound, subgraphRequestsPerRequest: fetches },
    };
  } finally {
    await apollo.stop();
  }
}
