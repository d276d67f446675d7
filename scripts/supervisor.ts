import { ChildProcess, spawn } from 'node:child_process';

/**
 * npm start's supervision of the services it runs. A service that exits while the hub runs (a
 * crash, an OOM kill, an operator's kill) is started again after a delay that doubles with each
 * exit in a row, so that one that cannot start does not spin: 0.5 s, 1 s, 2 s, … up to 30 s. A
 * service that ran for a minute has recovered, and its next exit starts from 0.5 s again. Every
 * exit is logged with its exit code or signal and the delay; meanwhile the gateway answers that
 * service's fields with SUBGRAPH_UNAVAILABLE (and a gateway that is down refuses connections).
 */
export interface RestartPolicy {
  initialMs: number;
  maxMs: number;
  /** a service that ran this long counts as recovered: its next exit is the first in a row again */
  stableMs: number;
}

export const RESTART_POLICY: RestartPolicy = { initialMs: 500, maxMs: 30_000, stableMs: 60_000 };

/** The delay before the restart after `exitsInARow` exits in a row (1 for the first). */
export function restartDelayMs(exitsInARow: number, policy: RestartPolicy = RESTART_POLICY): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(0, exitsInARow - 1), 30));
}

/** A process gets this long to stop after SIGTERM, then SIGKILL (each service exits itself at 8 s). */
const STOP_GRACE_MS = 10_000;

export interface ServiceSpec {
  name: string;
  /** the script node runs */
  script: string;
  /** answers 2xx once the service serves */
  readyUrl: string;
}

interface Supervised {
  spec: ServiceSpec;
  child?: ChildProcess;
  startedAt: number;
  exitsInARow: number;
  restart?: NodeJS.Timeout;
  /** stopped on purpose (stop()): not restarted until started again */
  stopped?: boolean;
}

export class Supervisor {
  private readonly services = new Map<string, Supervised>();
  private stopping = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
    private readonly policy: RestartPolicy = RESTART_POLICY,
  ) {}

  /** Starts the service, supervised from now on, and resolves once it is ready (rejects if it exits first or is not ready in time). */
  async start(spec: ServiceSpec, readyTimeoutMs = 30_000): Promise<void> {
    const service: Supervised = { spec, startedAt: Date.now(), exitsInARow: 0 };
    this.services.set(spec.name, service);
    const child = this.spawn(service);
    await waitReady(spec.readyUrl, child, readyTimeoutMs);
  }

  /**
   * Stops the services in this order (the gateway first, so that no new request reaches a
   * stopping service), each with SIGTERM, and no service is restarted any more.
   */
  async stopAll(order: string[]): Promise<void> {
    this.stopping = true;
    for (const service of this.services.values()) clearTimeout(service.restart);
    const names = [...order.filter((n) => this.services.has(n)), ...[...this.services.keys()].filter((n) => !order.includes(n))];
    for (const name of names) await this.terminate(name);
  }

  /** Stops one service with SIGTERM and does not restart it (start() it again): an outage a benchmark or a fault test makes. */
  async stop(name: string): Promise<void> {
    const service = this.services.get(name);
    if (!service) return;
    service.stopped = true;
    clearTimeout(service.restart);
    await this.terminate(name);
  }

  /** The process id of the service's current process (what its CPU time is read from), if it runs. */
  pidOf(name: string): number | undefined {
    const child = this.services.get(name)?.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  private async terminate(name: string): Promise<void> {
    const child = this.services.get(name)!.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.log(`stopping ${name} (pid ${child.pid})`);
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('exit', (exitCode, signal) => {
        clearTimeout(force);
        // anything but 0 means it did not stop cleanly (its last log lines say why)
        if (exitCode !== 0) this.log(`${name} exited with ${signal ?? exitCode}`);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private spawn(service: Supervised): ChildProcess {
    const { name, script } = service.spec;
    const child = spawn(process.execPath, [script], { env: this.env, stdio: ['ignore', 'inherit', 'inherit'] });
    service.child = child;
    service.startedAt = Date.now();
    this.log(`${name} started (pid ${child.pid})`);
    let ended = false;
    const onEnd = (why: string) => {
      if (ended) return;
      ended = true;
      if (!this.stopping && !service.stopped) this.scheduleRestart(service, why);
    };
    child.once('exit', (code, signal) => onEnd(signal ?? `exit code ${code}`));
    // could not be started at all (the exit event may not follow)
    child.once('error', (error) => onEnd(`not started: ${error.message}`));
    return child;
  }

  private scheduleRestart(service: Supervised, why: string): void {
    const ranMs = Date.now() - service.startedAt;
    if (ranMs >= this.policy.stableMs) service.exitsInARow = 0;
    service.exitsInARow++;
    const delay = restartDelayMs(service.exitsInARow, this.policy);
    this.log(`${service.spec.name} exited unexpectedly (${why}) after ${(ranMs / 1000).toFixed(1)} s; restarting in ${delay / 1000} s (exit ${service.exitsInARow} in a row)`);
    service.restart = setTimeout(() => {
      service.restart = undefined;
      if (this.stopping) return;
      const child = this.spawn(service);
      waitReady(service.spec.readyUrl, child, Math.max(30_000, this.policy.maxMs)).then(
        () => this.log(`${service.spec.name} ready again (pid ${child.pid})`),
        // it exited again (logged with its restart) or hangs: the next exit says more
        () => undefined,
      );
    }, delay);
  }
}

/** Polls the URL until it answers 2xx; rejects when the process exits first or the time is up. */
export async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${url}: process exited with ${child.signalCode ?? `code ${child.exitCode}`}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}
