import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, parse } from 'graphql';
import { operationLimitErrors } from '../gateway/operation-shapes';
import { GATEWAY_DEFAULTS } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { BenchHub, envInt, fmt, gql, nowMs, percentile, ratio, ScenarioResult, verdict } from './harness';

/** Fragment Fi spreads F(i-1) twice: 2^levels times `__typename` once expanded, in about 1.3 KB for 30 levels. */
export function fragmentBomb(levels: number): string {
  let document = `{ services { ...F${levels} } } fragment F0 on Service { __typename }`;
  for (let i = 1; i <= levels; i++) document += ` fragment F${i} on Service { ...F${i - 1} ...F${i - 1} }`;
  return document;
}

const TRIVIAL = '{ __typename }';
const LEVELS = 30;

/** `count` requests one after another (anonymous, as the attack was); the latencies, and the codes of the first answer. */
async function sequential(url: string, query: string, count: number): Promise<{ latencies: number[]; codes: string[]; wrong: number }> {
  const latencies: number[] = [];
  let codes: string[] = [];
  let wrong = 0;
  for (let i = 0; i < count; i++) {
    const t = nowMs();
    const answer = await gql(url, query);
    latencies.push(nowMs() - t);
    const got = (answer.errors ?? []).map((e) => String(e.extensions?.code));
    if (i === 0) codes = got;
    if (query !== TRIVIAL ? !got.includes('MAX_FIELDS_EXCEEDED') : got.length > 0) wrong++;
  }
  return { latencies, codes, wrong };
}

/**
 * The fragment bomb of issue 14 (30 levels: 2^30 fields in 1.3 KB, anonymous) against the
 * gateway with its production limits: how long its refusal takes beside a trivial query's answer,
 * measured in the same run, and whether the hub's memory grows meanwhile (before the fix 20 levels
 * took 20 s and 870 MB in the query planner).
 */
export async function benchFragmentBomb(hub: BenchHub, log: (msg: string) => void): Promise<ScenarioResult> {
  const requests = envInt('BENCH_BOMB_REQUESTS', 200);
  const bomb = fragmentBomb(LEVELS);
  const rssMb = () => hub.gatewayRssMb();
  // warm-up: connections, the runtime's caches, JIT
  await sequential(hub.gatewayUrl, TRIVIAL, 20);
  await sequential(hub.gatewayUrl, bomb, 20);

  log(`fragment bomb: ${requests} trivial queries, then ${requests} bombs of ${LEVELS} levels (${bomb.length} bytes)`);
  global.gc?.();
  const rssStart = rssMb();
  const trivial = await sequential(hub.gatewayUrl, TRIVIAL, requests);
  global.gc?.();
  const rssBefore = rssMb();
  const refused = await sequential(hub.gatewayUrl, bomb, requests);
  global.gc?.();
  const rssAfter = rssMb();

  // the limit check alone, in this process: it measures the bomb without expanding it
  const schema = buildASTSchema(transformSupergraphToPublicSchema(parse(readFileSync(path.join(repoRoot(), 'schema', 'supergraph.graphql'), 'utf8'))), { assumeValidSDL: true });
  const document = parse(bomb);
  const checks = 1000;
  const parseStart = nowMs();
  for (let i = 0; i < checks; i++) parse(bomb);
  const parseUs = ((nowMs() - parseStart) * 1000) / checks;
  const checkStart = nowMs();
  for (let i = 0; i < checks; i++) operationLimitErrors(schema, document, GATEWAY_DEFAULTS);
  const checkUs = ((nowMs() - checkStart) * 1000) / checks;

  const p50 = percentile(refused.latencies, 50);
  const p99 = percentile(refused.latencies, 99);
  const trivialP50 = percentile(trivial.latencies, 50);
  const trivialP99 = percentile(trivial.latencies, 99);
  const max = Math.max(...refused.latencies);
  const grew = rssAfter - rssBefore;
  const trivialGrew = rssBefore - rssStart;
  const signed = (n: number) => `${n >= 0 ? '+' : ''}${fmt(n, 1)}`;
  return {
    id: 'fragment-bomb',
    title: '6. A fragment bomb refused',
    method: [
      `ours: the bomb of issue 14, \`fragment Fi on Service { ...F(i-1) ...F(i-1) }\` over \`__typename\`, ${LEVELS} levels (2^${LEVELS} fields once expanded, ${bomb.length} bytes), POSTed anonymously ${requests} times one after another to the gateway with its production limits; every answer must be refused with MAX_FIELDS_EXCEEDED (${requests - refused.wrong} were; codes of the first: ${refused.codes.join(', ')})`,
      `baseline: \`${TRIVIAL}\` answered by the same gateway, ${requests} times one after another, just before`,
      `the hub's resident memory (${hub.topology === 'single' ? 'this process: gateway and subgraphs' : 'the gateway\'s process'}) before and after the ${requests} bombs, beside its growth over the ${requests} trivial queries${global.gc && hub.topology === 'single' ? ', after a full GC each time' : ''}`,
      `the limit check alone (gateway/operation-shapes.ts operationLimitErrors, production limits) on the parsed bomb, ${1000} times in this process, beside parsing the same document ${1000} times`,
    ],
    sizes: { levels: LEVELS, 'document bytes': bomb.length, requests },
    rows: [
      {
        measure: 'refusal ms, p50 (bomb) vs answer ms (trivial)', ours: fmt(p50, 2), baseline: fmt(trivialP50, 2), ratio: ratio(p50, trivialP50),
        target: 'under 50 ms', verdict: verdict(p50 < 50 && refused.wrong === 0, refused.wrong ? `${refused.wrong} answers were not MAX_FIELDS_EXCEEDED` : 'slower than 50 ms'),
      },
      {
        measure: 'refusal ms, p99 and max (bomb) vs answer ms, p99 (trivial)', ours: `${fmt(p99, 2)} (max ${fmt(max, 2)})`, baseline: fmt(trivialP99, 2), ratio: ratio(p99, trivialP99),
        target: 'no slower than the trivial query (1.5x at most)', verdict: verdict(p99 <= 1.5 * trivialP99, `the machine's load shows in both; p99 of the trivial query ${fmt(trivialP99, 1)} ms`),
      },
      {
        measure: 'limit check µs (measuring the bomb) vs parse µs (of the same document)', ours: fmt(checkUs, 1), baseline: fmt(parseUs, 1), ratio: ratio(checkUs, parseUs),
        target: 'no more than parsing (1x)', verdict: verdict(checkUs <= parseUs, 'the check costs more than parsing the document'),
      },
      {
        measure: `hub RSS MB: growth over ${requests} bombs vs over ${requests} trivial queries`, ours: `${fmt(rssBefore, 0)} → ${fmt(rssAfter, 0)} (${signed(grew)})`, baseline: `${fmt(rssStart, 0)} → ${fmt(rssBefore, 0)} (${signed(trivialGrew)})`, ratio: '',
        target: 'grows less than 50 MB', verdict: verdict(grew < 50, `grew ${fmt(grew, 0)} MB`),
      },
    ],
    data: { trivial: trivial.latencies, refused: refused.latencies, rssStart, rssBefore, rssAfter, checkUs, parseUs, codes: refused.codes, wrong: refused.wrong },
  };
}
