import 'reflect-metadata';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Identity } from '../platform/identity';

/**
 * Submissions for the queue-drain scenario, faster than through the one-threaded in-process
 * gateway: worker threads, each an applications instance of its own as production would run one
 * with DELIVERY_WORKER=off (its own connection pool, queue client, signature verifier and hub
 * signer), calling the applications service's submitApplication (the resolver's own function:
 * every check, the operator's CMS verified, one transaction, the delivery enqueued) with the
 * operator's identity as the gateway would vouch for it. Only the gateway and GraphQL are skipped.
 */
export interface SubmitJob {
  databaseUrl: string;
  pkiDir: string;
  identity: Identity;
  /** signed submissions as a client sends them */
  inputs: Record<string, unknown>[];
  concurrency: number;
  delivery: import('../platform/config').DeliveryConfig;
}

export interface SubmitResult { submitted: number; failed: number; firstError?: string }

export async function runSubmitters(job: Omit<SubmitJob, 'inputs'> & { inputs: Record<string, unknown>[]; threads: number }): Promise<SubmitResult & { seconds: number }> {
  const start = process.hrtime.bigint();
  const per = Math.ceil(job.inputs.length / job.threads);
  const parts = Array.from({ length: job.threads }, (_, i) => job.inputs.slice(i * per, (i + 1) * per)).filter((p) => p.length);
  const results = await Promise.all(parts.map((inputs) => new Promise<SubmitResult>((resolve, reject) => {
    const { threads: _threads, ...rest } = job;
    const worker = new Worker(__filename, { workerData: { benchSubmit: { ...rest, inputs } } });
    let result: SubmitResult | undefined;
    worker.once('message', (r: SubmitResult) => { result = r; });
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`submitter exited with ${code} and no result`))));
  })));
  return {
    submitted: results.reduce((n, r) => n + r.submitted, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
    firstError: results.find((r) => r.firstError)?.firstError,
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
  };
}

async function work(job: SubmitJob): Promise<SubmitResult> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createDataSource } = require('../subgraphs/database') as typeof import('../subgraphs/database');
  const { createQueue } = require('../platform/queue') as typeof import('../platform/queue');
  const { startSignatureVerifier } = require('../subgraphs/signatures/signature-verifier') as typeof import('../subgraphs/signatures/signature-verifier');
  const { HubSigner } = require('../subgraphs/signatures/hub-signer') as typeof import('../subgraphs/signatures/hub-signer');
  const { submitApplication } = require('../subgraphs/applications/submission.service') as typeof import('../subgraphs/applications/submission.service');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dataSource = createDataSource(job.databaseUrl, 'qyzmet-bench-submitter');
  await dataSource.initialize();
  const boss = createQueue(job.databaseUrl, job.delivery, { supervise: false });
  await boss.start();
  const verifier = await startSignatureVerifier({ trustStoreDir: path.join(job.pkiDir, 'trust'), crlDir: path.join(job.pkiDir, 'crl'), crlUrls: [], crlRefreshMinutes: 60, demo: true });
  const hubSigner = HubSigner.load({ certFile: path.join(job.pkiDir, 'demo', 'hub.pem'), keyFile: path.join(job.pkiDir, 'demo', 'hub.key') }, verifier.verifier);
  const deps = { dataSource, verifier: verifier.verifier, hubSigner, boss, delivery: job.delivery, allowDemoTokens: true, clock: () => new Date() };
  let submitted = 0;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  try {
    await Promise.all(Array.from({ length: Math.min(job.concurrency, job.inputs.length) }, async () => {
      while (next < job.inputs.length) {
        const input = job.inputs[next++];
        try {
          const receipt = await submitApplication(deps, job.identity, input as never);
          if (receipt.duplicate) throw new Error('answered as a duplicate');
          submitted++;
        } catch (error) {
          failed++;
          firstError ??= String((error as Error).message ?? error);
        }
      }
    }));
  } finally {
    verifier.stop();
    await boss.stop({ graceful: true, close: true, wait: true, timeout: 5000 });
    await dataSource.destroy();
  }
  return { submitted, failed, firstError };
}

if (!isMainThread && workerData?.benchSubmit) {
  work(workerData.benchSubmit as SubmitJob).then(
    (result) => parentPort!.postMessage(result),
    (error) => { throw error; },
  );
}
