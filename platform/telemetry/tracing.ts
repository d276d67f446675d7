import { Attributes, Context, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace, Tracer, TracerProvider } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from '../config';

export interface RunningTracing {
  /** absent when tracing is off: callers then create no spans at all */
  provider?: TracerProvider;
  /** exports what is still buffered */
  shutdown(): Promise<void>;
}

/** A process's tracer provider, as TRACING_EXPORTER says (off: none). */
export function startTracing(config: TelemetryConfig['tracing'], service: string): RunningTracing {
  if (config.exporter === 'off') return { shutdown: async () => undefined };
  const processor = config.exporter === 'console'
    ? new SimpleSpanProcessor(new ConsoleSpanExporter())
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces` }));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.namespace': 'qyzmet-hub' }),
    spanProcessors: [processor],
  });
  return { provider, shutdown: () => provider.shutdown() };
}

export const TRACER_NAME = 'qyzmet-hub';

// the hub's services propagate W3C trace context (traceparent, tracestate) explicitly, without
// registering anything globally: the spans are the hub's, on the provider it was given
const propagator = new W3CTraceContextPropagator();

/** The trace a request continues (its traceparent header), or none. */
export function parentFrom(headers: Record<string, string | string[] | undefined>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** The headers that make the next service's span a child of this one. */
export function traceHeaders(span: Span): Record<string, string> {
  const headers: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);
  return headers;
}

/** A server span of one GraphQL operation (renamed once its operation is known). */
export function startOperationSpan(tracer: Tracer, service: string, parent: Context, attributes: Attributes): Span {
  return tracer.startSpan('graphql', { kind: SpanKind.SERVER, attributes: { 'qyzmet.service': service, ...attributes } }, parent);
}

export function nameOperationSpan(span: Span, type: string | undefined, name: string): void {
  span.updateName(`${type ?? 'graphql'} ${name}`);
  span.setAttribute('graphql.operation.name', name);
  if (type) span.setAttribute('graphql.operation.type', type);
}

export function endOperationSpan(span: Span, failed: boolean, status?: number): void {
  if (status) span.setAttribute('http.response.status_code', status);
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
