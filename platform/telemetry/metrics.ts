import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Latency buckets (seconds): from a cached read to a slow provider's register. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A subgraph names an operation by its root fields (telemetry/subgraph.ts), which its schema
 * bounds; past this many distinct ones it reports the rest as "other" all the same.
 */
const MAX_OPERATIONS = 100;
/** an operation's name, or a subgraph's root fields joined by + (telemetry/subgraph.ts) */
const OPERATION_LABEL = /^[_A-Za-z][_0-9A-Za-z]*(\+[_A-Za-z][_0-9A-Za-z]*)*$/;

/** One service's metrics (a process serves one service; in tests several share a process). */
export interface ServiceMetrics {
  service: string;
  /** the service's own metrics, each with a `service` label */
  registry: Registry;
  /** qyzmet_graphql_requests_total{service,operation,outcome}: outcome ok, or error (GraphQL errors or an HTTP error status) */
  requests: Counter<'operation' | 'outcome'>;
  /** qyzmet_graphql_request_duration_seconds{service,operation,outcome} */
  duration: Histogram<'operation' | 'outcome'>;
  /**
   * The label for an operation name: anonymous; the name itself when it is a known operation (with
   * `knownOperations`) or, without them, among the first MAX_OPERATIONS names; other for the rest
   * (invalid: not a name).
   */
  operation(name: string | null | undefined): string;
  /** counts one signature verification: verdict VALID or the SignatureError code */
  signatureVerified(verdict: string): void;
}

/**
 * `knownOperations`: the only operation names that become label values (the gateway's: operation
 * names come from clients, and a client inventing a name per request would otherwise poison the
 * metrics with a series each); any other name is labelled "other".
 */
export function createServiceMetrics(service: string, opts: { knownOperations?: Iterable<string> } = {}): ServiceMetrics {
  const known = opts.knownOperations ? new Set(opts.knownOperations) : undefined;
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const seen = new Set<string>();
  let verifications: Counter<'verdict'> | undefined;
  return {
    service,
    registry,
    requests: new Counter({ name: 'qyzmet_graphql_requests_total', help: 'GraphQL operations served, by operation name and outcome (ok or error)', labelNames: ['operation', 'outcome'], registers: [registry] }),
    duration: new Histogram({ name: 'qyzmet_graphql_request_duration_seconds', help: 'Time to answer a GraphQL operation, by operation name and outcome', labelNames: ['operation', 'outcome'], buckets: DURATION_BUCKETS, registers: [registry] }),
    operation(name) {
      if (!name) return 'anonymous';
      if (known) return known.has(name) ? name : 'other';
      if (name.length > 100 || !OPERATION_LABEL.test(name)) return 'invalid';
      if (seen.has(name)) return name;
      if (seen.size >= MAX_OPERATIONS) return 'other';
      seen.add(name);
      return name;
    },
    signatureVerified(verdict) {
      // made at the first verification: only the subgraphs that verify signatures have it
      verifications ??= new Counter({ name: 'qyzmet_signature_verifications_total', help: 'Signatures verified while serving requests, by verdict: VALID or the refusal code (SIGNATURE_INVALID, CERT_EXPIRED, ...)', labelNames: ['verdict'], registers: [registry] });
      verifications.inc({ verdict });
    },
  };
}

let processRegistry: Registry | undefined;

/**
 * The text of GET /metrics: the process's own metrics (CPU, memory, event loop, GC; prom-client's
 * defaults, made at the first scrape, once per process) and then the service's.
 */
export async function metricsText(metrics: ServiceMetrics): Promise<string> {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return `${await processRegistry.metrics()}\n${await metrics.registry.metrics()}`;
}
