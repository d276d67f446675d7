import { fmt, Row, ScenarioResult, TargetId, Topology } from './harness';

/**
 * The targets of issue 17, each a row of the "Targets at national load" table, whether the run
 * measured it or not: a target the run did not measure says NOT MEASURED and why, never nothing.
 */
interface Target {
  id: TargetId;
  scenario: string;
  text: string;
  /** where this run's conditions fall short of the target's (a reduced size, a bench-only setting) */
  shortOf?: (result: ScenarioResult) => string[];
  /** why the bench cannot measure it at all yet (when no row of the scenario carries it) */
  unmeasured?: string;
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

export const TARGETS: Target[] = [
  {
    id: 'federated-vs-direct', scenario: 'federated-query', text: 'federated query over distinct ids ≥ 0.75× the owning subgraph called directly',
    // one id sent again and again lets the gateway merge identical in-flight upstream requests, which flatters it
    shortOf: (r) => (num(r.sizes['distinct ids'] ?? 1) < 500 ? [`${fmt(num(r.sizes['distinct ids'] ?? 1), 0)} application id(s) repeated, not 500 distinct`] : []),
  },
  { id: 'federated-vs-apollo', scenario: 'federated-query', text: 'federated query ≥ 3× @apollo/gateway' },
  { id: 'stage-reports-vs-baseline', scenario: 'stage-reports', text: 'signed stage reports ≥ 0.5× the baseline (crypto.verify + the same rows by plain SQL, same concurrency)' },
  { id: 'stage-reports-statuses-cpu', scenario: 'stage-reports', text: 'CPU per signed stage report ≤ 3 ms in statuses' },
  {
    id: 'fan-out-1000-own-tokens', scenario: 'fan-out', text: '1,000 subscribers on one gateway, each with its own token, selecting a field of another subgraph: p99 acknowledgement → receipt < 100 ms',
    shortOf: (r) => (num(r.sizes.subscribers) < 1000 ? [`${fmt(num(r.sizes.subscribers), 0)} subscribers, not 1,000`] : []),
  },
  {
    id: 'fan-out-10000-two-gateways', scenario: 'fan-out', text: '10,000 subscribers across two gateways complete without errors (p99)',
    shortOf: (r) => (num(r.sizes.large) < 10000 ? [`${fmt(num(r.sizes.large), 0)} subscribers, not 10,000`] : []),
  },
  {
    id: 'drain-10000-after-outage', scenario: 'queue-drain', text: '10,000 deliveries queued during a 10-minute outage, production retry settings: all delivered exactly once within 30 s of the return',
    shortOf: (r) => {
      const short: string[] = [];
      if (num(r.sizes.applications) < 10_000) short.push(`${fmt(num(r.sizes.applications), 0)} deliveries, not 10,000`);
      const cap = num(r.sizes['retry cap s']);
      if (Number.isFinite(cap) && cap !== 600) short.push(`retry cap ${cap} s, not production's 600 s`);
      const outage = num(r.data.downSeconds);
      if (Number.isFinite(outage) && outage < 600) short.push(`outage ${fmt(outage, 0)} s, not 10 minutes`);
      return short;
    },
  },
  {
    id: 'monthly-report-10m', scenario: 'monthly-report', text: 'monthly report over 10 million stage records < 1 s',
    shortOf: (r) => (num(r.sizes['stage records']) < 10_000_000 ? [`${fmt(num(r.sizes['stage records']), 0)} stage records, not 10 million`] : []),
  },
];

/**
 * The monthly report renders its own table in a child process; its figures for the targets table
 * are read back from that table's report line and its count of stage records.
 */
export function monthlyReportRows(markdown: string): { rows: Row[]; sizes: Record<string, number> } {
  const records = /([\d,]+) stage records/.exec(markdown);
  // | report query for <month> … | median | database CPU | ratio | under 1000 ms: met |
  const line = /\| report query[^|]*\| ([\d.]+) \| [^|]*\| ([\d.]+x) \| under 1000 ms: (met|MISSED)/.exec(markdown);
  const scan = /\| baseline:[^|]*\| ([\d.]+) \|/.exec(markdown);
  const sizes: Record<string, number> = records ? { 'stage records': Number(records[1].replace(/,/g, '')) } : {};
  if (!line) return { rows: [], sizes };
  const ms = Number(line[1]);
  return {
    sizes,
    rows: [{
      measure: 'report query ms', ours: `${fmt(ms, 1)} ms`, baseline: scan ? `${fmt(Number(scan[1]), 1)} ms (the month's own requests)` : '', ratio: line[2],
      verdict: line[3] === 'met' ? 'met' : `MISSED: ${fmt(ms, 0)} ms`, targetId: 'monthly-report-10m',
    }],
  };
}

export interface RunOutcome {
  wanted: string[];
  results: ScenarioResult[];
  failures: { id: string; error: string }[];
  topology: Topology;
}

/** The targets table: target, measured, baseline, ratio, met/MISSED/NOT MEASURED, and where the run's conditions fell short of the target's. */
export function renderTargets(run: RunOutcome): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = TARGETS.map((t) => {
    const cells = (measured: string, baseline: string, r: string, verdict: string, conditions: string) => `| ${escape(t.text)} | ${escape(measured)} | ${escape(baseline)} | ${escape(r)} | ${escape(verdict)} | ${escape(conditions)} |`;
    if (!run.wanted.includes(t.scenario)) return cells('', '', '', `NOT MEASURED: ${t.scenario} was not run (BENCH_ONLY)`, '');
    const failed = run.failures.find((f) => f.id === t.scenario);
    if (failed) return cells('', '', '', `NOT MEASURED: ${t.scenario} failed: ${failed.error.slice(0, 200)}`, '');
    const result = run.results.find((r) => r.id === t.scenario);
    // a target may need several rows (the drain: the time, and exactly once): met when every one is
    const rows = result?.rows.filter((r) => r.targetId === t.id) ?? [];
    const row = rows[0];
    if (!result || !row) return cells('', '', '', `NOT MEASURED: ${t.unmeasured ?? `${t.scenario} has no figure for it`}`, '');
    const short = [...(run.topology === 'single' ? ['single topology (one process), not production\'s'] : []), ...(t.shortOf?.(result) ?? [])];
    const verdicts = rows.map((r) => r.verdict || 'NOT MEASURED: the row has no verdict');
    const verdict = verdicts.every((v) => v === 'met') ? 'met' : verdicts.filter((v) => v !== 'met').join('; ');
    return cells(row.ours, row.baseline, row.ratio, verdict, short.length ? `reduced: ${short.join('; ')}` : 'as the target states');
  });
  return [
    '### Targets at national load (issue 17)',
    '',
    '| target | measured | baseline | ratio | met / MISSED | conditions of this run |',
    '|---|---|---|---|---|---|',
    ...lines,
    '',
  ].join('\n');
}
