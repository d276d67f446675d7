import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../platform/paths';
import { benchFanOut } from './fan-out';
import { benchExchangeLog } from './exchange-log';
import { benchFederatedQuery } from './federated-query';
import { benchFragmentBomb } from './fragment-bomb';
import { BenchHub, benchTopology, renderScenario, ScenarioResult, startBenchHub } from './harness';
import { monthlyReportRows, renderTargets } from './targets';
import { benchQueueDrain } from './queue-drain';
import { benchStageReports } from './stage-reports';

const HUB_SCENARIOS: { id: string; run: (hub: BenchHub, log: (msg: string) => void) => Promise<ScenarioResult> }[] = [
  { id: 'federated-query', run: benchFederatedQuery },
  { id: 'stage-reports', run: benchStageReports },
  { id: 'fan-out', run: benchFanOut },
  { id: 'queue-drain', run: benchQueueDrain },
  { id: 'fragment-bomb', run: benchFragmentBomb },
  { id: 'exchange-log', run: benchExchangeLog },
];
const ALL = [...HUB_SCENARIOS.map((s) => s.id), 'monthly-report'];

const started = Date.now();
const log = (msg: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

/**
 * bench/monthly-report.ts (benchMonthlyReport, its own embedded database) in a child process: a
 * second embedded PostgreSQL in one process fails (embedded-postgres.ts releaseSignals unhooks
 * async-exit-hook's signal handlers a second time and throws). Its table is what it prints.
 */
function monthlyReportInChild(timeoutMs = 180 * 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'monthly-report.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const table = out.slice(out.indexOf('### ')).trim();
      if (code === 0 && out.includes('### ')) resolve(`${table}\n`);
      else reject(new Error(`monthly report exited with ${signal ?? code}: ${out.slice(-2000)}`));
    });
  });
}

/** The scenarios to run: BENCH_ONLY=federated-query,fan-out (default: all). */
function selected(): string[] {
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of only) if (!ALL.includes(id)) throw new Error(`BENCH_ONLY: no scenario "${id}" (${ALL.join(', ')})`);
  return only.length ? only : ALL;
}

/**
 * npm run bench: the hub on a fresh database, each scenario in turn, then the monthly report (on a
 * database of its own); bench/results/latest.md and latest.json. A scenario that fails is reported
 * as failed and the others still run.
 */
async function main(): Promise<number> {
  const wanted = selected();
  const topology = benchTopology();
  const loadBefore = loadavg();
  const results: ScenarioResult[] = [];
  const failures: { id: string; error: string }[] = [];
  const hubScenarios = HUB_SCENARIOS.filter((s) => wanted.includes(s.id));
  if (hubScenarios.length) {
    log(`starting the hub (topology: ${topology})`);
    const hub = await startBenchHub(log);
    // Ctrl-C or SIGTERM (forwarded by the parent) stops the hub's processes and the database before exiting
    const interrupted = (signal: NodeJS.Signals) => { log(`${signal}: stopping the hub`); void hub.stop().finally(() => process.exit(130)); };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    try {
      for (const scenario of hubScenarios) {
        log(`${scenario.id}: start`);
        try {
          results.push(await scenario.run(hub, log));
          log(`${scenario.id}: done`);
        } catch (error) {
          log(`${scenario.id}: FAILED ${(error as Error).stack ?? error}`);
          failures.push({ id: scenario.id, error: String((error as Error).message ?? error) });
        }
      }
    } finally {
      log('stopping the hub');
      await hub.stop();
    }
  }
  if (wanted.includes('monthly-report')) {
    log('monthly-report: start (loads its own database)');
    try {
      const markdown = await monthlyReportInChild();
      const { rows, sizes } = monthlyReportRows(markdown);
      results.push({ id: 'monthly-report', title: '5. Monthly report', method: [], sizes, rows, data: { markdown }, markdown: markdown.replace(/^### /, '### 5. ') });
      log('monthly-report: done');
    } catch (error) {
      log(`monthly-report: FAILED ${(error as Error).stack ?? error}`);
      failures.push({ id: 'monthly-report', error: String((error as Error).message ?? error) });
    }
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : 'embedded PostgreSQL 17'}`;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const loadAfter = loadavg();
  const overrides = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_') && k !== 'BENCH_IN_CHILD').map(([k, v]) => `${k}=${v}`);
  const markdown = [
    '## Qyzmet Hub benchmarks',
    '',
    `Measured ${new Date().toISOString()} on ${machine}, in ${((Date.now() - started) / 1000).toFixed(0)} s. ${overrides.length ? `Sizes reduced or changed: ${overrides.join(', ')}.` : 'Default (full) sizes.'}`,
    `Load average (1, 5, 15 min) at the start ${load(loadBefore)}, at the end ${load(loadAfter)}: other work on the machine shows in the figures.`,
    'Every figure stands beside its baseline, measured in the same run on the same machine; a ratio is ours ÷ baseline (for rates, higher is better; for times, lower is better).',
    topology === 'single'
      ? 'Topology: single (BENCH_TOPOLOGY=single). The whole hub (gateway and four subgraphs) runs in the bench\'s process, on one thread (in production each is a process of its own); clients run in worker threads; PostgreSQL is a process of its own. "Hub-thread CPU" is that thread\'s CPU time over the measured run, divided by the operations; "by process" adds PostgreSQL\'s (the postmaster and every backend, /proc).'
      : 'Topology: production (BENCH_TOPOLOGY=processes): each service (gateway, applications, documents, signatures, statuses) and the demo provider system is a process of its own, started from dist/ as npm start starts it (harness/hub-processes.ts, npm start\'s Supervisor), configured through the environment; the load comes from the bench\'s process (autocannon and the subscribers in worker threads), PostgreSQL is a process of its own. "CPU per op, by process" is each process\'s user + system time (/proc/<pid>/stat) over the measured run divided by the operations; postgres is the postmaster with every backend (live, and reaped ones through its cutime/cstime); "hub CPU" sums the gateway and the four subgraphs.',
    '',
    renderTargets({ wanted, results, failures, topology }),
    ...results.map(renderScenario),
    ...failures.map((f) => `### ${f.id}: FAILED\n\n${f.error}\n`),
  ].join('\n');
  const dir = path.join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.md'), markdown);
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify({ measuredAt: new Date().toISOString(), machine, topology, loadAverage: { start: loadBefore, end: loadAfter }, overrides, seconds: (Date.now() - started) / 1000, results, failures }, null, 2));
  log(`written ${path.join(dir, 'latest.md')} and latest.json`);
  return failures.length ? 1 : 0;
}

/**
 * The hub's services log each request as JSON lines on stdout, as in production; the bench runs in
 * a child process whose stdout goes to bench/results/hub.log (as a log collector would take it),
 * so the terminal shows only the progress (stderr) and, at the end, the table.
 */
function runInChild(): Promise<number> {
  const dir = path.join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'hub.log');
  const fd = openSync(logFile, 'w');
  console.error(`[bench] the hub's own log: ${logFile}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename], { env: { ...process.env, BENCH_IN_CHILD: '1' }, stdio: ['ignore', fd, 'inherit'] });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.once('exit', (code, signal) => {
      closeSync(fd);
      const latest = path.join(dir, 'latest.md');
      if (existsSync(latest) && statSync(latest).mtimeMs >= started) console.log(readFileSync(latest, 'utf8'));
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

(process.env.BENCH_IN_CHILD ? main() : runInChild()).then((code) => {
  // pg-boss, pools and sockets are closed by now; anything left over must not keep the bench alive
  process.exit(code);
}, (error) => {
  console.error(error);
  process.exit(1);
});
