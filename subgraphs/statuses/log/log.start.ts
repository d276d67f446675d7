import type { ExchangeLogConfig } from '../../../platform/config';
import type { HubSigner } from '../../signatures/api';
import { logHash } from './log.hash';
import { LogSequencer } from './log.sequencer';

export interface ExchangeLogOptions {
  /** signs the tree heads: the hub's own certificate, as for everything the hub signs */
  signer: HubSigner;
  config: ExchangeLogConfig;
}

/** Starts this instance's candidate sequencer: it works only while it holds the log's advisory lock. */
export function startExchangeLog(databaseUrl: string, opts: ExchangeLogOptions, log: (message: string) => void, connectTimeoutMs?: number): LogSequencer {
  const sequencer = new LogSequencer({
    databaseUrl,
    hash: logHash(opts.config.hash),
    sign: (body) => opts.signer.signBytesOf(body),
    sthSeconds: opts.config.sthSeconds,
    connectTimeoutMs,
    log,
  });
  sequencer.start();
  return sequencer;
}
