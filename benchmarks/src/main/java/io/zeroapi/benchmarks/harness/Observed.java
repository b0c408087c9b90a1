package io.zeroapi.benchmarks.harness;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.micrometer.ZeroMetrics;
import io.zeroapi.opentelemetry.ZeroTracing;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * The metrics and tracing of the {@code zero-tcp-observed} system, as a production service would
 * have them: Micrometer into a Prometheus registry (never scraped here: scraping is the collector's
 * cost, not the call's), and the OpenTelemetry SDK sampling every call into a batch span processor
 * whose exporter discards the spans (so the cost is building, ending and queueing every span, not
 * a network export). One of each per process: the server process and the harness (clients).
 */
final class Observed {
  private static final LongAdder EXPORTED = new LongAdder();
  // ZERO_BENCH_SAMPLE=0.01 samples 1 % of the traces (parent-based) instead of every call.
  private static final double SAMPLE = Double.parseDouble(System.getenv().getOrDefault("ZERO_BENCH_SAMPLE", "1"));
  private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private static final ZeroMetrics METRICS = ZeroMetrics.of(REGISTRY);
  private static final ZeroTracing TRACING = ZeroTracing.create(OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .setSampler(SAMPLE >= 1 ? Sampler.alwaysOn() : Sampler.parentBased(Sampler.traceIdRatioBased(SAMPLE)))
          // A queue that holds a second of spans at this rate: every span is exported, none dropped
          // (the default 2048 overflows at hundreds of thousands of calls a second).
          .addSpanProcessor(BatchSpanProcessor.builder(new Discarding()).setMaxQueueSize(1 << 19).build())
          .build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build());

  // ZERO_BENCH_OBSERVE=metrics or =tracing measures one half alone (both by default).
  private static final String PARTS = System.getenv().getOrDefault("ZERO_BENCH_OBSERVE", "metrics,tracing");
  private static final boolean WITH_METRICS = PARTS.contains("metrics");
  private static final boolean WITH_TRACING = PARTS.contains("tracing");

  private Observed() {}

  /** Adds the server interceptors: metrics outermost, then tracing. */
  static void server(ZeroServer.Builder builder) {
    if (WITH_METRICS) {
      builder.intercept(METRICS.server());
    }
    if (WITH_TRACING) {
      builder.intercept(TRACING.server(Protocol.TCP));
    }
  }

  /** Binds the transport figures once the server runs. */
  static void bind(ZeroServer server) {
    METRICS.bind(server);
  }

  /** Adds the client interceptors: metrics outermost, then tracing. */
  static ZeroClient.Builder client(ZeroClient.Builder builder) {
    if (WITH_METRICS) {
      builder.intercept(METRICS.client());
    }
    if (WITH_TRACING) {
      builder.intercept(TRACING.client(Protocol.TCP));
    }
    return builder;
  }

  /** Spans handed to the exporter so far (a check that tracing ran). */
  static long exported() {
    return EXPORTED.sum();
  }

  private static final class Discarding implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      EXPORTED.add(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
