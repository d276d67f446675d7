import { GraphQLError } from 'graphql';
import { In } from 'typeorm';
import PgBoss from 'pg-boss';
import { Counter } from 'prom-client';
import { requestIdFrom } from '../../platform/context';
import { ErrorCode } from '../../platform/errors';
import { ExchangeMessageRow } from './exchange-message.entity';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { completeJobs, DELIVERY_QUEUE, DeliveryJob, enqueueDelivery } from '../../platform/queue';
import { createLogger, Logger } from '../../platform/telemetry/logger';
import { ServiceMetrics } from '../../platform/telemetry/metrics';
import { inRequestScope } from '../../platform/telemetry/scope';
import { ApplicationsDeps } from './applications.deps';
import { closeCircuit, holdOpenCircuit, OpenCircuit, openCircuit, openCircuits, releaseProbes } from './delivery.circuit';
import { DeliveredRequest, recordDeliveries } from './delivery.record';
import { DeliveryOutcome, postToProvider, UNREACHABLE_CODES } from './provider-client';
import { DeliveryConfig } from '../../platform/config';

export interface DeliveryTelemetry {
  logger?: Logger;
  /** the applications service's metrics: signature verifications during an attempt count there */
  metrics?: ServiceMetrics;
  /** qyzmet_deliveries_total{outcome}: delivered, retrying or dead */
  deliveries?: Counter<'outcome'>;
}

/** Capped exponential backoff with jitter: base·2^(n-1), at most max, then between half and all of it. */
export function retryDelaySeconds(attempt: number, base: number, max: number, random = Math.random): number {
  const full = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return full / 2 + (full / 2) * random();
}

/**
 * Whether a failed attempt dead-letters its message: at once for the provider's own rejection or a
 * 4xx (permanent); never for an unreachable provider until the message is older than
 * `maxAgeSeconds`; after `maxAttempts` for any other transient failure (a 5xx, an unrecorded delivery).
 */
export function deadLetters(failure: { code: ErrorCode; permanent: boolean }, attempt: number, ageSeconds: number, config: Pick<DeliveryConfig, 'maxAttempts' | 'maxAgeSeconds'>): boolean {
  if (failure.permanent) return true;
  if (UNREACHABLE_CODES.has(failure.code)) return ageSeconds >= config.maxAgeSeconds;
  return attempt >= config.maxAttempts;
}

/** One attempt of a batch: its job, the message and its provider, and what came of it. */
interface Attempt {
  job: PgBoss.Job<DeliveryJob>;
  message: ExchangeMessageRow;
  org: OrganisationRow;
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  answer: DeliveryOutcome;
}

type Failed = Attempt & { result: Extract<DeliveryOutcome, { ok: false }> };

/** Runs the tasks with at most `width` at a time. */
async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  }));
}

/**
 * Delivers queued requests to providers' systems, a batch of jobs at a time (DELIVERY_BATCH_SIZE):
 * the batch's messages and providers are read in one go, its attempts marked in flight in one
 * transaction, the requests POSTed DELIVERY_CONCURRENCY at a time (each its own attempt, with its
 * own delivery time), and then the deliveries recorded and their jobs completed in one
 * transaction, the failures (the next attempt enqueued, or the message dead-lettered) in another.
 * An unreachable provider opens its circuit and the message waits behind it (delivery.circuit.ts).
 * A process killed mid-batch leaves its jobs active; pg-boss expires them and hands them out
 * again, and the journal marks those attempts INTERRUPTED. A provider may thus see a request again
 * after a crash, with the same message id, by which it recognises it (exactly-once processing
 * rests on that id).
 */
export class DeliveryWorker {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private nextProbeCheck = 0;

  private readonly logger: Logger;

  constructor(private readonly deps: ApplicationsDeps, private readonly telemetry: DeliveryTelemetry = {}) {
    this.logger = telemetry.logger ?? createLogger('applications');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops fetching and waits for the batch under way to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.probeIfDue();
      let jobs: PgBoss.Job<DeliveryJob>[] = [];
      try {
        jobs = await this.deps.boss.fetch<DeliveryJob>(DELIVERY_QUEUE, { batchSize: this.deps.delivery.batchSize });
      } catch (error) {
        this.logger.error({ err: error }, 'delivery: cannot fetch jobs');
      }
      if (!jobs.length) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.deps.delivery.pollMs);
          this.wake = () => { clearTimeout(timer); resolve(); };
        });
        continue;
      }
      try {
        await this.deliver(jobs);
      } catch (error) {
        // the jobs stay active and are handed out again when they expire
        this.logger.error({ err: error, jobs: jobs.map((j) => j.id) }, 'delivery: a batch failed to record');
      }
    }
  }

  /** Each attempt's log lines carry the id of the request that enqueued it, and a retry it enqueues keeps it. */
  private scoped<T>(job: PgBoss.Job<DeliveryJob>, fn: () => T): T {
    return inRequestScope({ requestId: requestIdFrom(job.data.requestId), metrics: this.telemetry.metrics }, fn);
  }

  private async deliver(jobs: PgBoss.Job<DeliveryJob>[]): Promise<void> {
    const { dataSource, delivery } = this.deps;
    const rowIds = [...new Set(jobs.map((j) => j.data.messageRowId))];
    const messages = new Map((await dataSource.manager.createQueryBuilder(ExchangeMessageRow, 'm').addSelect('m.body').where('m.id IN (:...ids)', { ids: rowIds }).getMany()).map((m) => [m.id, m]));
    // a message settled meanwhile, or a second job for a message already in this batch, has nothing to deliver
    const taken = new Set<string>();
    const settled = jobs.filter((job) => {
      const message = messages.get(job.data.messageRowId);
      const done = !message || message.outcome === 'DELIVERED' || message.outcome === 'DEAD' || taken.has(job.data.messageRowId);
      taken.add(job.data.messageRowId);
      return done;
    });
    if (settled.length) {
      await dataSource.transaction((m) => completeJobs(this.deps.boss, m, settled.map((j) => j.id)));
      for (const job of settled) {
        const message = messages.get(job.data.messageRowId);
        this.scoped(job, () => this.logger.info({ job: job.id, messageId: message?.messageId, outcome: message?.outcome ?? 'NOT_FOUND' }, 'delivery: nothing to deliver'));
      }
    }
    let pending = jobs.filter((job) => !settled.includes(job));
    if (!pending.length) return;

    const bins = [...new Set(pending.map((j) => messages.get(j.data.messageRowId)!.counterpartBin))];
    const orgs = new Map((await dataSource.manager.findBy(OrganisationRow, { bin: In(bins) })).map((o) => [o.bin, o]));
    const circuits = await openCircuits(dataSource.manager);
    // a message's first attempt always goes out; one that failed before waits behind an open circuit,
    // unless it is the probe or past its maximum age: then one more attempt settles it (delivered, or dead-lettered)
    const parkable = pending.filter((job) => {
      const message = messages.get(job.data.messageRowId)!;
      const circuit = circuits.get(message.counterpartBin);
      const expired = (Date.now() - message.createdAt.getTime()) / 1000 >= delivery.maxAgeSeconds;
      return circuit && message.attempts > 0 && !expired && circuit.probeMessageId !== message.id;
    });
    if (parkable.length) {
      const parked = await this.park(parkable, messages);
      pending = pending.filter((job) => !parked.has(job.id));
    }
    if (!pending.length) return;

    const startedAt = new Date();
    const attempts: Attempt[] = pending.map((job) => {
      const message = messages.get(job.data.messageRowId)!;
      return { job, message, org: orgs.get(message.counterpartBin)!, attempt: message.attempts + 1, startedAt, finishedAt: startedAt, answer: undefined as unknown as DeliveryOutcome };
    });
    await this.markInFlight(attempts, startedAt);
    await inParallel(attempts, delivery.concurrency, (a) => this.scoped(a.job, async () => {
      a.answer = await postToProvider(a.org, a.message.body!, delivery, this.deps.allowDemoTokens);
      a.finishedAt = new Date();
    }));

    // any HTTP answer says the provider is reachable again: its parked messages are released at once
    const answered = new Set(attempts.filter((a) => circuits.has(a.org.bin) && (a.answer.ok || a.answer.httpStatus !== null)).map((a) => a.org.bin));
    for (const bin of answered) await this.close(bin);

    const notRecorded = await this.completeDelivered(attempts.filter((a) => a.answer.ok));
    const failed: Failed[] = [];
    for (const a of attempts) {
      const result = a.answer.ok ? notRecorded.get(a.job.id) ?? a.answer : a.answer;
      if (result.ok) {
        this.telemetry.deliveries?.inc({ outcome: 'delivered' });
        this.scoped(a.job, () => this.logger.info({ messageId: a.message.messageId, applicationId: a.message.applicationId, attempt: a.attempt, to: a.org.bin, outcome: 'DELIVERED', durationMs: a.finishedAt.getTime() - a.startedAt.getTime() }, 'delivery attempt'));
      } else {
        failed.push({ ...a, result });
      }
    }
    if (failed.length) await this.recordFailures(failed);
  }

  /** Releases a probe for each open circuit due one (README, Delivery); checked at most every second. */
  private async probeIfDue(): Promise<void> {
    if (Date.now() < this.nextProbeCheck) return;
    const { probeSeconds } = this.deps.delivery;
    this.nextProbeCheck = Date.now() + Math.min(1000, probeSeconds * 1000);
    try {
      const probed = await this.deps.dataSource.transaction((m) => releaseProbes(m, probeSeconds));
      if (probed.length) this.logger.info({ providers: probed }, 'delivery: probing unreachable providers');
    } catch (error) {
      this.logger.error({ err: error }, 'delivery: cannot probe providers');
    }
  }

  /**
   * Parks messages that have failed before while their provider's circuit is open (unless one is
   * the probe): they wait for the probe to succeed, or at most DELIVERY_RETRY_MAX_SECONDS to be
   * checked again, without an attempt. One transaction; returns the jobs it parked.
   */
  private async park(jobs: PgBoss.Job<DeliveryJob>[], messages: Map<string, ExchangeMessageRow>): Promise<Set<string>> {
    return this.deps.dataSource.transaction(async (m) => {
      const held = new Map<string, OpenCircuit | undefined>();
      const parked = new Set<string>();
      for (const job of jobs) {
        const message = messages.get(job.data.messageRowId)!;
        if (!held.has(message.counterpartBin)) held.set(message.counterpartBin, await holdOpenCircuit(m, message.counterpartBin));
        const circuit = held.get(message.counterpartBin);
        if (!circuit || circuit.probeMessageId === message.id) continue;
        await this.scoped(job, () => enqueueDelivery(this.deps.boss, m, { messageRowId: message.id }, this.deps.delivery, this.deps.delivery.retryMaxSeconds));
        parked.add(job.id);
      }
      await completeJobs(this.deps.boss, m, [...parked]);
      return parked;
    });
  }

  /** One transaction for the batch: an attempt still in flight belongs to a process that died; each message's new attempt is in flight. */
  private async markInFlight(attempts: Attempt[], startedAt: Date): Promise<void> {
    const ids = attempts.map((a) => a.message.id);
    const numbers = attempts.map((a) => a.attempt);
    await this.deps.dataSource.transaction(async (m) => {
      await m.query(`UPDATE delivery_attempt SET outcome = 'INTERRUPTED', error_code = $2, finished_at = $3 WHERE message_id = ANY($1::uuid[]) AND outcome = 'IN_FLIGHT'`, [ids, ErrorCode.ProcessInterrupted, startedAt]);
      await m.query(`INSERT INTO delivery_attempt (message_id, attempt, started_at, outcome) SELECT v.id, v.attempt, $3, 'IN_FLIGHT' FROM unnest($1::uuid[], $2::int[]) AS v(id, attempt)`, [ids, numbers, startedAt]);
      await m.query(`UPDATE exchange_message m SET attempts = v.attempt, sent_at = COALESCE(m.sent_at, $3) FROM unnest($1::uuid[], $2::int[]) AS v(id, attempt) WHERE m.id = v.id`, [ids, numbers, startedAt]);
    });
  }

  /** One transaction for the batch's failures: each attempt's error, the message retried (its next job) or dead-lettered, the circuits of unreachable providers opened. */
  private async recordFailures(failed: Failed[]): Promise<void> {
    const { delivery } = this.deps;
    const settled = failed.map((f) => {
      const dead = deadLetters(f.result, f.attempt, (f.finishedAt.getTime() - f.message.createdAt.getTime()) / 1000, delivery);
      return { ...f, dead, unreachable: UNREACHABLE_CODES.has(f.result.code) };
    });
    await this.deps.dataSource.transaction(async (m) => {
      await m.query(`
        UPDATE delivery_attempt a SET outcome = 'FAILED', finished_at = v.finished_at, error_code = v.code, http_status = v.status, detail = v.detail
        FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::varchar[], $5::int[], $6::text[]) AS v(id, attempt, finished_at, code, status, detail)
        WHERE a.message_id = v.id AND a.attempt = v.attempt`, [
        settled.map((f) => f.message.id), settled.map((f) => f.attempt), settled.map((f) => f.finishedAt.toISOString()),
        settled.map((f) => f.result.code), settled.map((f) => f.result.httpStatus), settled.map((f) => f.result.detail),
      ]);
      await m.query(`UPDATE exchange_message m SET outcome = v.outcome, error_code = v.code FROM unnest($1::uuid[], $2::varchar[], $3::varchar[]) AS v(id, outcome, code) WHERE m.id = v.id`, [
        settled.map((f) => f.message.id), settled.map((f) => (f.dead ? 'DEAD' : 'RETRYING')), settled.map((f) => f.result.code),
      ]);
      // an unreachable provider opens (or keeps open) its circuit, and its messages are parked behind it
      const unreachable = new Map(settled.filter((f) => !f.dead && f.unreachable).map((f) => [f.org.bin, f.result.code]));
      for (const [bin, code] of unreachable) await openCircuit(m, bin, code, delivery.probeSeconds);
      for (const f of settled.filter((s) => !s.dead)) {
        await this.scoped(f.job, () => enqueueDelivery(this.deps.boss, m, { messageRowId: f.message.id }, delivery, f.unreachable ? delivery.retryMaxSeconds : retryDelaySeconds(f.attempt, delivery.retryBaseSeconds, delivery.retryMaxSeconds)));
      }
      await completeJobs(this.deps.boss, m, settled.map((f) => f.job.id));
    });
    for (const f of settled) {
      this.telemetry.deliveries?.inc({ outcome: f.dead ? 'dead' : 'retrying' });
      // one message for every attempt (README, Telemetry): outcome says what came of it
      this.scoped(f.job, () => this.logger[f.dead ? 'warn' : 'info']({
        messageId: f.message.messageId, applicationId: f.message.applicationId, attempt: f.attempt, to: f.org.bin, outcome: f.dead ? 'DEAD' : 'RETRYING',
        code: f.result.code, httpStatus: f.result.httpStatus, detail: f.result.detail, durationMs: f.finishedAt.getTime() - f.startedAt.getTime(),
      }, 'delivery attempt'));
    }
  }

  private async close(providerBin: string): Promise<void> {
    try {
      const released = await this.deps.dataSource.transaction((m) => closeCircuit(m, providerBin));
      if (released) this.logger.info({ to: providerBin, released }, 'delivery: provider reachable again, its queued messages released');
    } catch (error) {
      // the next probe closes it
      this.logger.error({ err: error, to: providerBin }, 'delivery: cannot close the provider\'s circuit');
    }
  }

  /**
   * Records the batch's deliveries and completes their jobs in one transaction. Should that fail,
   * each is recorded alone, so that only a delivery that cannot be recorded says why not (by job
   * id). Then the provider has the request but the hub does not know it: the attempt counts as
   * failed, so that it is retried with backoff (the provider acknowledges a repeated message id
   * again) and dead-lettered after the last attempt, rather than left active to be handed out
   * again on every expiry.
   */
  private async completeDelivered(delivered: Attempt[]): Promise<Map<string, Extract<DeliveryOutcome, { ok: false }>>> {
    const notRecorded = new Map<string, Extract<DeliveryOutcome, { ok: false }>>();
    if (!delivered.length) return notRecorded;
    const record = (batch: Attempt[]) => this.deps.dataSource.transaction(async (m) => {
      const requests: DeliveredRequest[] = batch.map((a) => ({ message: a.message, applicationId: a.message.applicationId!, sentAt: a.startedAt, deliveredAt: a.finishedAt, attempt: a.attempt }));
      await recordDeliveries(this.deps, m, requests);
      await completeJobs(this.deps.boss, m, batch.map((a) => a.job.id));
    });
    let error: unknown;
    try {
      await record(delivered);
      return notRecorded;
    } catch (batchError) {
      error = batchError;
      if (delivered.length > 1) this.logger.warn({ err: error, deliveries: delivered.length }, 'delivery: a batch of deliveries could not be recorded together; recording each alone');
    }
    for (const a of delivered) {
      if (delivered.length > 1) {
        try {
          await record([a]);
          continue;
        } catch (alone) {
          error = alone;
        }
      }
      this.scoped(a.job, () => this.logger.error({ err: error, messageId: a.message.messageId, applicationId: a.message.applicationId, attempt: a.attempt }, 'delivery: the provider took the request, but the delivery could not be recorded'));
      const refusal = error instanceof GraphQLError ? ` (${String(error.extensions.code)}: ${error.message})` : '';
      notRecorded.set(a.job.id, { ok: false, code: ErrorCode.DeliveryNotRecorded, httpStatus: null, detail: `delivered, but the hub could not record it${refusal}`.slice(0, 1000), permanent: false });
    }
    return notRecorded;
  }
}
