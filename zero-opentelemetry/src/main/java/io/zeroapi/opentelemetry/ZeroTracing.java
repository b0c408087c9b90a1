package io.zeroapi.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.zeroapi.CallOutcome;
import io.zeroapi.ClientCall;
import io.zeroapi.ClientInterceptor;
import io.zeroapi.Metadata;
import io.zeroapi.Protocol;
import io.zeroapi.ServerCall;
import io.zeroapi.ServerInterceptor;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * OpenTelemetry tracing for Zero: a {@link SpanKind#SERVER} span per call a server runs and a
 * {@link SpanKind#CLIENT} span per call a client makes, joined into one trace by the W3C trace
 * context ({@code traceparent}, {@code tracestate}) that the client puts into the call's {@link
 * Metadata} and the server reads from it, through the {@link TextMapPropagator} of the given {@link
 * OpenTelemetry}.
 *
 * <pre>{@code
 * ZeroTracing tracing = ZeroTracing.create(openTelemetry);
 * ZeroServer server = ZeroServer.builder().protocol(Protocol.TCP).intercept(tracing.server(Protocol.TCP)).build();
 * ZeroClient client = ZeroClient.builder("localhost", 5559).protocol(Protocol.TCP).intercept(tracing.client(Protocol.TCP)).build();
 * }</pre>
 *
 * <p>A span is named after the function (renamed {@code unknown} when the server answers that it
 * has no such function, so that callers do not name spans) and carries {@code rpc.system = "zero"}, {@code
 * rpc.method}, {@code zero.protocol} ({@code tcp} or {@code zmq})
 * and {@code zero.outcome} ({@link CallOutcome#tag()}). A failed call records its exception; its
 * status is {@link StatusCode#ERROR} on the client for every failure, and on the server for the
 * failures that are the server's (the function threw, not found, refused, timed out), as
 * OpenTelemetry's RPC conventions say; an invalid argument or an unauthenticated caller leaves the
 * server span's status unset.
 *
 * <p>While a function runs (a blocking one; the synchronous part of an async one) the server span
 * is the current {@link Context}, so spans the function starts, and calls it makes through a traced
 * client, are its children. An async function's span ends when its stage completes. A client call
 * is a child of the caller's current context.
 *
 * <p>Python Zero clients send no metadata: their calls start a new trace on the server. A Python
 * server ignores the trace context.
 *
 * <p>Thread safety: thread-safe; the interceptors serve every call at once.
 */
public final class ZeroTracing {
  /** The instrumentation scope's name. */
  public static final String INSTRUMENTATION_NAME = "io.zeroapi";

  /** The span name of calls to a function the server does not have. */
  public static final String UNKNOWN_FUNCTION = "unknown";

  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<String> ZERO_PROTOCOL = AttributeKey.stringKey("zero.protocol");
  static final AttributeKey<String> ZERO_OUTCOME = AttributeKey.stringKey("zero.outcome");

  private static final TextMapGetter<Metadata> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Metadata carrier) {
      return carrier.asMap().keySet();
    }

    @Override
    public String get(Metadata carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  /** Collects what the propagator writes; applied to the call afterwards. */
  private static final TextMapSetter<ClientCall[]> SETTER = (carrier, key, value) -> {
    if (carrier == null || value == null) {
      return;
    }
    try {
      carrier[0] = carrier[0].withMetadata(key, value);
    } catch (IllegalArgumentException e) {
      // A propagator field Metadata cannot carry (too long, too many): the call goes without it.
    }
  };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private ZeroTracing(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_NAME);
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /**
   * Tracing through {@code openTelemetry}'s tracer provider and text-map propagator (configure the
   * W3C trace-context propagator there: {@code OpenTelemetrySdk.builder().setPropagators(
   * ContextPropagators.create(W3CTraceContextPropagator.getInstance()))}).
   *
   * @param openTelemetry the OpenTelemetry instance (e.g. {@code GlobalOpenTelemetry.get()})
   * @return the tracing
   */
  public static ZeroTracing create(OpenTelemetry openTelemetry) {
    return new ZeroTracing(openTelemetry);
  }

  /**
   * The server interceptor: add it first ({@link io.zeroapi.ZeroServer.Builder#intercept}) so that
   * calls later interceptors refuse are traced too, and their spans are current.
   *
   * @param protocol the server's protocol, for the span's {@code zero.protocol}
   * @return a new interceptor
   */
  public ServerInterceptor server(Protocol protocol) {
    String transport = protocolName(protocol);
    return (call, next) -> {
      Context parent = propagator.extract(Context.root(), call.metadata(), GETTER);
      Span span = start(call.function(), SpanKind.SERVER, parent, transport);
      CompletionStage<?> stage;
      try (Scope ignored = parent.with(span).makeCurrent()) {
        stage = next.proceed();
      }
      return stage.whenComplete((value, failure) -> end(span, failure, true));
    };
  }

  /**
   * The client interceptor ({@link io.zeroapi.ZeroClient.Builder#intercept}).
   *
   * @param protocol the client's protocol, for the span's {@code zero.protocol}
   * @return a new interceptor
   */
  public ClientInterceptor client(Protocol protocol) {
    String transport = protocolName(protocol);
    return (call, next) -> {
      Context parent = Context.current();
      Span span = start(call.function(), SpanKind.CLIENT, parent, transport);
      Context context = parent.with(span);
      ClientCall[] carrier = {call};
      propagator.inject(context, carrier, SETTER);
      CompletionStage<?> stage;
      try (Scope ignored = context.makeCurrent()) {
        stage = next.proceed(carrier[0]);
      }
      return stage.whenComplete((value, failure) -> end(span, failure, false));
    };
  }

  private Span start(String function, SpanKind kind, Context parent, String protocol) {
    return tracer.spanBuilder(function)
        .setSpanKind(kind)
        .setParent(parent)
        .setAttribute(RPC_SYSTEM, "zero")
        .setAttribute(RPC_METHOD, function)
        .setAttribute(ZERO_PROTOCOL, protocol)
        .startSpan();
  }

  private static void end(Span span, Throwable failure, boolean server) {
    try {
      CallOutcome outcome = CallOutcome.of(failure);
      span.setAttribute(ZERO_OUTCOME, outcome.tag());
      if (outcome == CallOutcome.NOT_FOUND) {
        span.updateName(UNKNOWN_FUNCTION);
        span.setAttribute(RPC_METHOD, UNKNOWN_FUNCTION);
      }
      if (failure != null) {
        Throwable cause = unwrap(failure);
        span.recordException(cause);
        boolean clientsFault = outcome == CallOutcome.INVALID || outcome == CallOutcome.UNAUTHENTICATED;
        if (!server || !clientsFault) {
          span.setStatus(StatusCode.ERROR, outcome.tag() + ": " + cause.getMessage());
        }
      }
    } finally {
      span.end();
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String protocolName(Protocol protocol) {
    return Objects.requireNonNull(protocol, "protocol").name().toLowerCase(Locale.ROOT);
  }
}
