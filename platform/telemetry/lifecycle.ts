import type { Logger } from './logger';

/**
 * How a stopping server closes the WebSocket connections it still has (RFC 6455 1001 "going
 * away"): a graphql-ws client then knows to reconnect elsewhere, rather than treat it as an error.
 */
export const GOING_AWAY = { code: 1001, reason: 'Server shutting down' } as const;

/** A process that has not stopped in this time exits anyway (npm start SIGKILLs after 10 s). */
export const STOP_DEADLINE_MS = 8000;

/**
 * SIGTERM or SIGINT stop the process: `stop` stops accepting, lets work under way finish and
 * closes what is open; then the process exits 0. If that does not happen within STOP_DEADLINE_MS
 * (a connection that will not drain), or a second signal comes, it exits 1.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // a second Ctrl-C means "now"
    if (stopping) {
      logger.warn({ signal }, 'stopping at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ deadlineMs: STOP_DEADLINE_MS }, 'not stopped in time; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    stop().then(() => {
      logger.info('stopped');
      process.exit(0);
    }, (error) => {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
