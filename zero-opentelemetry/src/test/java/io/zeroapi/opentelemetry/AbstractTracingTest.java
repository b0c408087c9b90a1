package io.zeroapi.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ZeroTracing} on real servers and clients, once per transport, with the SDK's in-memory
 * exporter: spans, their parents, their statuses, and a trace that crosses two servers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractTracingTest {
  protected abstract Protocol protocol();

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).setSampler(Sampler.alwaysOn()).build();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
  private final ZeroTracing tracing = ZeroTracing.create(otel);
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    otel.close();
  }

  private ZeroServer server() {
    ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol())
        .intercept(tracing.server(protocol())).build();
    server.register("hello", String.class, name -> "Hello, " + name);
    server.register("boom", () -> {
      throw new IllegalStateException("boom");
    });
    server.register("square", Integer.class, n -> n * n);
    open.add(server);
    return server.start();
  }

  private ZeroClient client(ZeroServer server) {
    ZeroClient client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol())
        .timeout(Duration.ofSeconds(10)).intercept(tracing.client(protocol())).build();
    open.add(0, client);
    return client;
  }

  private SpanData only(SpanKind kind) {
    List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
    assertThat(spans).as(kind + " spans").hasSize(1);
    return spans.get(0);
  }

  @Test
  void theServerSpanIsAChildOfTheClientSpan() {
    ZeroClient client = client(server());
    assertThat(client.call("hello", "Ada", String.class)).isEqualTo("Hello, Ada");

    SpanData clientSpan = only(SpanKind.CLIENT);
    SpanData serverSpan = only(SpanKind.SERVER);
    assertThat(serverSpan.getTraceId()).isEqualTo(clientSpan.getTraceId());
    assertThat(serverSpan.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
    assertThat(clientSpan.getParentSpanContext().isValid()).as("the client span starts the trace").isFalse();
    assertThat(serverSpan.getParentSpanContext().isRemote()).isTrue();
    for (SpanData span : List.of(clientSpan, serverSpan)) {
      assertThat(span.getName()).isEqualTo("hello");
      assertThat(span.getAttributes().get(ZeroTracing.RPC_SYSTEM)).isEqualTo("zero");
      assertThat(span.getAttributes().get(ZeroTracing.RPC_METHOD)).isEqualTo("hello");
      assertThat(span.getAttributes().get(ZeroTracing.ZERO_PROTOCOL)).isEqualTo(protocol().name().toLowerCase());
      assertThat(span.getAttributes().get(ZeroTracing.ZERO_OUTCOME)).isEqualTo("ok");
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }
  }

  @Test
  void failuresSetStatusesAndRecordExceptions() {
    ZeroClient client = client(server());
    assertThatThrownBy(() -> client.call("boom", null, String.class)).isInstanceOf(RemoteException.class);
    SpanData clientSpan = only(SpanKind.CLIENT);
    SpanData serverSpan = only(SpanKind.SERVER);
    assertThat(serverSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(serverSpan.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    assertThat(serverSpan.getAttributes().get(ZeroTracing.ZERO_OUTCOME)).isEqualTo("error");
    assertThat(clientSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(clientSpan.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));

    exporter.reset();
    assertThatThrownBy(() -> client.call("square", "x", Integer.class)).isInstanceOf(ValidationException.class);
    assertThat(only(SpanKind.CLIENT).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(only(SpanKind.SERVER).getStatus().getStatusCode()).as("the caller's fault").isEqualTo(StatusCode.UNSET);
    assertThat(only(SpanKind.SERVER).getAttributes().get(ZeroTracing.ZERO_OUTCOME)).isEqualTo("invalid");

    exporter.reset();
    assertThatThrownBy(() -> client.call("invented", null, String.class)).isInstanceOf(FunctionNotFoundException.class);
    assertThat(only(SpanKind.SERVER).getName()).isEqualTo(ZeroTracing.UNKNOWN_FUNCTION);
    assertThat(only(SpanKind.CLIENT).getName()).isEqualTo(ZeroTracing.UNKNOWN_FUNCTION);
    assertThat(only(SpanKind.SERVER).getAttributes().get(ZeroTracing.ZERO_OUTCOME)).isEqualTo("not_found");
  }

  @Test
  void aFunctionThatCallsAnotherServerPropagatesTheTrace() {
    ZeroServer backend = server();
    ZeroClient toBackend = client(backend);
    ZeroServer front = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol())
        .intercept(tracing.server(protocol())).build();
    front.register("relay", String.class, name -> toBackend.call("hello", name, String.class));
    open.add(front);
    front.start();
    ZeroClient client = client(front);

    assertThat(client.call("relay", "Ada", String.class)).isEqualTo("Hello, Ada");

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(4);
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());
    SpanData outerClient = find(spans, SpanKind.CLIENT, "relay");
    SpanData frontServer = find(spans, SpanKind.SERVER, "relay");
    SpanData innerClient = find(spans, SpanKind.CLIENT, "hello");
    SpanData backendServer = find(spans, SpanKind.SERVER, "hello");
    assertThat(frontServer.getParentSpanId()).isEqualTo(outerClient.getSpanId());
    assertThat(innerClient.getParentSpanId()).as("made while the front's span was current").isEqualTo(frontServer.getSpanId());
    assertThat(backendServer.getParentSpanId()).isEqualTo(innerClient.getSpanId());
  }

  @Test
  void anAsyncFunctionsSpanIsCurrentWhileItStartsAndEndsWithItsStage() throws Exception {
    CompletableFuture<String> result = new CompletableFuture<>();
    CompletableFuture<SpanContext> seen = new CompletableFuture<>();
    ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol())
        .intercept(tracing.server(protocol())).build();
    server.registerAsync("later", () -> {
      seen.complete(Span.current().getSpanContext());
      return result;
    });
    open.add(server);
    server.start();
    ZeroClient client = client(server);

    CompletableFuture<String> call = client.async().call("later", String.class);
    SpanContext current = seen.get(10, TimeUnit.SECONDS);
    assertThat(current.isValid()).isTrue();
    assertThat(exporter.getFinishedSpanItems()).as("nothing ended while the stage is pending").isEmpty();
    result.complete("done");
    assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(only(SpanKind.SERVER).getSpanId()).isEqualTo(current.getSpanId());
    assertThat(only(SpanKind.SERVER).getTraceId()).isEqualTo(only(SpanKind.CLIENT).getTraceId());
  }

  private static SpanData find(List<SpanData> spans, SpanKind kind, String name) {
    return spans.stream().filter(s -> s.getKind() == kind && s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " span " + name + " in " + spans));
  }
}
