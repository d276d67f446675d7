import pino from 'pino';
import type { TracerProvider } from '@opentelemetry/api';
import type { LogLevel } from '../config';
import { currentScope } from './scope';

export type Logger = pino.Logger;
export type LogDestination = pino.DestinationStream;

/**
 * What a process's services use when they are not given a logger or a tracer provider of their own.
 * A process sets it once from its configuration (runSubgraph, gateway/index.ts); the subgraphs'
 * start functions then need no telemetry options. The test hub sets it for one hub and puts it back.
 */
export interface TelemetryDefaults {
  logLevel: LogLevel;
  /** where log lines go: stdout unless told (tests capture them here) */
  logDestination?: LogDestination;
  /** traces are recorded only with a provider; without one nothing is created at all */
  tracerProvider?: TracerProvider;
}

// tests keep quiet unless they capture logs: pino writes straight to fd 1, past Jest's console
const initial = (): TelemetryDefaults => ({ logLevel: process.env.NODE_ENV === 'test' ? 'silent' : 'info' });
let defaults: TelemetryDefaults = initial();

export function telemetryDefaults(): TelemetryDefaults {
  return defaults;
}

/** Replaces the process's defaults; returns a function that puts the previous ones back. */
export function setTelemetryDefaults(next: Partial<TelemetryDefaults>): () => void {
  const previous = defaults;
  defaults = { ...initial(), ...next };
  return () => { defaults = previous; };
}

/**
 * The one logger factory: JSON lines with `service`, `time` as ISO text, the level by name, and
 * the request id (and trace id) of the request being served, so every line about a request can
 * be found by it.
 */
export function createLogger(service: string, opts: { level?: LogLevel; destination?: LogDestination } = {}): Logger {
  return pino({
    level: opts.level ?? defaults.logLevel,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const scope = currentScope();
      if (!scope) return {};
      return scope.traceId ? { requestId: scope.requestId, traceId: scope.traceId } : { requestId: scope.requestId };
    },
  }, opts.destination ?? defaults.logDestination ?? pino.destination({ dest: 1, sync: true }));
}

const METHODS: pino.Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/**
 * For code that logs through a plain function (`{ level, msg, ...fields }`), such as the report
 * scheduler and the signature verifier's CRL refresh.
 */
export function entryLog(logger: Logger): (entry: Record<string, unknown>) => void {
  return ({ level, msg, ...fields }) => {
    const method = METHODS.includes(level as pino.Level) ? (level as pino.Level) : 'info';
    logger[method](fields, typeof msg === 'string' ? msg : undefined);
  };
}

/** For a process's entry point: a failure to start is logged as one fatal line, then the process exits 1. */
export function failedToStart(service: string): (error: unknown) => never {
  return (error) => {
    createLogger(service, { level: 'info' }).fatal({ err: error }, 'failed to start');
    process.exit(1);
  };
}
