import { GraphQLError } from 'graphql';
import PgBoss from 'pg-boss';
import { Counter } from 'prom-client';
import { requestIdFrom } from '../../platform/context';
import { ErrorCode } from '../../platform/errors';
import { DeliveryAttemptRow, ExchangeMessageRow } from './exchange-message.entity';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { DELIVERY_QUEUE, DeliveryJob, enqueueDelivery, inTransaction } from '../../platform/queue';
import { createLogger, Logger } from '../../platform/telemetry/logger';
import { ServiceMetrics } from '../../platform/telemetry/metrics';
import { inRequestScope } from '../../platform/telemetry/scope';
import { ApplicationsDeps } from './applications.deps';
import { closeCircuit, holdOpenCircuit, OpenCircuit, openCircuit, openCircuits, releaseProbes } from './delivery.circuit';
import { recordDelivery } from './delivery.record';
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

/**
 * Delivers queued requests to providers' systems. Each job is one attempt: on success the delivery
 * is recorded and the job completed in one transaction; on failure the attempt's error is recorded
 * and the next attempt enqueued (or the message dead-lettered) in one transaction; an unreachable
 * provider opens its circuit and the message waits behind it (delivery.circuit.ts). A process killed
 * mid-attempt leaves an active job that pg-boss expires and hands out again; the journal marks
 * that attempt INTERRUPTED. A provider may thus see a request again after a crash, with the same
 * message id, by which it recognises it (exactly-once processing rests on that id).
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

  /** Stops fetching and waits for the attempts under way to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.probeIfDue();
      let jobs: PgBoss.Job<DeliveryJob>[] = [];
      let circuits = new Map<string, OpenCircuit>();
      try {
        jobs = await this.deps.boss.fetch<DeliveryJob>(DELIVERY_QUEUE, { batchSize: this.deps.delivery.concurrency });
        if (jobs.length) circuits = await openCircuits(this.deps.dataSource.manager);
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
      // each attempt runs in the scope of the request that enqueued it: its log lines carry that
      // request's id, and a retry it enqueues keeps it
      await Promise.all(jobs.map((job) => inRequestScope({ requestId: requestIdFrom(job.data.requestId), metrics: this.telemetry.metrics }, () => this.attempt(job, circuits).catch((error) => {
        // the job stays active and is handed out again when it expires
        this.logger.error({ err: error, job: job.id }, 'delivery: attempt failed to record');
      }))));
    }
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
   * Parks a message that has failed before while its provider's circuit is open (unless it is the
   * probe): it waits for the probe to succeed, or at most DELIVERY_RETRY_MAX_SECONDS to be checked
   * again, without an attempt. Says whether it did.
   */
  private async park(job: PgBoss.Job<DeliveryJob>, message: ExchangeMessageRow, providerBin: string): Promise<boolean> {
    return this.deps.dataSource.transaction(async (m) => {
      const circuit = await holdOpenCircuit(m, providerBin);
      if (!circuit || circuit.probeMessageId === message.id) return false;
      await enqueueDelivery(this.deps.boss, m, { messageRowId: message.id }, this.deps.delivery, this.deps.delivery.retryMaxSeconds);
      await this.deps.boss.complete(DELIVERY_QUEUE, job.id, { db: inTransaction(m) });
      return true;
    });
  }

  private async attempt(job: PgBoss.Job<DeliveryJob>, circuits: Map<string, OpenCircuit>): Promise<void> {
    const { dataSource, delivery } = this.deps;
    const message = await dataSource.manager.createQueryBuilder(ExchangeMessageRow, 'm').addSelect('m.body').where('m.id = :id', { id: job.data.messageRowId }).getOne();
    if (!message || message.outcome === 'DELIVERED' || message.outcome === 'DEAD') {
      await this.deps.boss.complete(DELIVERY_QUEUE, job.id);
      this.logger.info({ job: job.id, messageId: message?.messageId, outcome: message?.outcome ?? 'NOT_FOUND' }, 'delivery: nothing to deliver');
      return;
    }
    const org = await dataSource.manager.findOneByOrFail(OrganisationRow, { bin: message.counterpartBin });
    // a message's first attempt always goes out; one that failed before waits behind an open circuit,
    // unless it is past its maximum age: then one more attempt settles it (delivered, or dead-lettered)
    const circuit = circuits.get(org.bin);
    const expired = (Date.now() - message.createdAt.getTime()) / 1000 >= delivery.maxAgeSeconds;
    if (circuit && message.attempts > 0 && !expired && circuit.probeMessageId !== message.id && await this.park(job, message, org.bin)) return;
    const attempt = message.attempts + 1;
    const startedAt = new Date();
    await dataSource.transaction(async (m) => {
      // an attempt still in flight belongs to a process that died
      await m.update(DeliveryAttemptRow, { messageId: message.id, outcome: 'IN_FLIGHT' }, { outcome: 'INTERRUPTED', errorCode: ErrorCode.ProcessInterrupted, finishedAt: startedAt });
      await m.insert(DeliveryAttemptRow, { messageId: message.id, attempt, startedAt, finishedAt: null, outcome: 'IN_FLIGHT', errorCode: null, httpStatus: null, detail: null });
      await m.update(ExchangeMessageRow, { id: message.id }, { attempts: attempt, sentAt: message.sentAt ?? startedAt });
    });

    const answer = await postToProvider(org, message.body!, delivery, this.deps.allowDemoTokens);
    const finishedAt = new Date();
    // any HTTP answer says the provider is reachable again: its parked messages are released at once
    if (circuit && (answer.ok || answer.httpStatus !== null)) await this.close(org.bin);
    const result = answer.ok ? (await this.completeDelivered(job, message, attempt, startedAt, finishedAt)) ?? answer : answer;
    if (result.ok) {
      this.telemetry.deliveries?.inc({ outcome: 'delivered' });
      this.logger.info({ messageId: message.messageId, applicationId: message.applicationId, attempt, to: org.bin, outcome: 'DELIVERED', durationMs: finishedAt.getTime() - startedAt.getTime() }, 'delivery attempt');
      return;
    }
    const dead = deadLetters(result, attempt, (finishedAt.getTime() - message.createdAt.getTime()) / 1000, delivery);
    // an unreachable provider opens (or keeps open) its circuit, and the message is parked behind it
    const unreachable = UNREACHABLE_CODES.has(result.code);
    await dataSource.transaction(async (m) => {
      await m.update(DeliveryAttemptRow, { messageId: message.id, attempt }, { outcome: 'FAILED', finishedAt, errorCode: result.code, httpStatus: result.httpStatus, detail: result.detail });
      await m.update(ExchangeMessageRow, { id: message.id }, { outcome: dead ? 'DEAD' : 'RETRYING', errorCode: result.code });
      if (!dead && unreachable) await openCircuit(m, org.bin, result.code, delivery.probeSeconds);
      if (!dead) await enqueueDelivery(this.deps.boss, m, { messageRowId: message.id }, delivery, unreachable ? delivery.retryMaxSeconds : retryDelaySeconds(attempt, delivery.retryBaseSeconds, delivery.retryMaxSeconds));
      await this.deps.boss.complete(DELIVERY_QUEUE, job.id, { db: inTransaction(m) });
    });
    this.telemetry.deliveries?.inc({ outcome: dead ? 'dead' : 'retrying' });
    this.logger[dead ? 'warn' : 'info']({
      messageId: message.messageId, applicationId: message.applicationId, attempt, to: org.bin, outcome: dead ? 'DEAD' : 'RETRYING',
      code: result.code, httpStatus: result.httpStatus, detail: result.detail, durationMs: finishedAt.getTime() - startedAt.getTime(),
    }, 'delivery attempt'); // one message for every attempt (README, Telemetry): outcome says what came of it
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
   * Records a delivery and completes its job in one transaction; says why not if it could not. Then the provider has
   * the request but the hub does not know it: the attempt counts as failed, so that it is retried
   * with backoff (the provider acknowledges a repeated message id again) and dead-lettered after
   * the last attempt, rather than left active to be handed out again on every expiry.
   */
  private async completeDelivered(job: PgBoss.Job<DeliveryJob>, message: ExchangeMessageRow, attempt: number, startedAt: Date, finishedAt: Date): Promise<DeliveryOutcome | undefined> {
    try {
      await this.deps.dataSource.transaction(async (m) => {
        await recordDelivery(this.deps, m, message, message.applicationId!, startedAt, finishedAt, attempt);
        await this.deps.boss.complete(DELIVERY_QUEUE, job.id, { db: inTransaction(m) });
      });
      return undefined;
    } catch (error) {
      this.logger.error({ err: error, messageId: message.messageId, applicationId: message.applicationId, attempt }, 'delivery: the provider took the request, but the delivery could not be recorded');
      const refusal = error instanceof GraphQLError ? ` (${String(error.extensions.code)}: ${error.message})` : '';
      return { ok: false, code: ErrorCode.DeliveryNotRecorded, httpStatus: null, detail: `delivered, but the hub could not record it${refusal}`.slice(0, 1000), permanent: false };
    }
  }
}
