package io.zeroapi.cli;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.CallTimeoutException;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.TypeRef;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.examples.ExampleServer;
import io.zeroapi.examples.Order;
import io.zeroapi.examples.Point;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zero demo}: for every transport, starts the example server on 127.0.0.1 (a free port),
 * calls it with the blocking and the async client, prints every call and its outcome, and checks
 * each outcome. Exit code 0 when everything happened as expected, 1 otherwise.
 */
@Command(
    name = "demo",
    header = "Runs the example server and calls it with the sync and async clients over every transport.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Starts the example server on 127.0.0.1 for each transport and calls it with the blocking "
        + "(ZeroClient) and the asynchronous (AsyncZeroClient) client: results, remote errors, an unknown function, "
        + "a timeout, and a rough throughput figure. Exits with 1 if anything did not happen as expected.")
public final class DemoCommand implements Callable<Integer> {
  /** The order of the wire captures of the Python original. */
  static final Order ORDER =
      new Order(41, 10.25, "widget", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b"));
  static final Order PROCESSED_ORDER =
      new Order(42, 20.5, "WIDGET", Instant.parse("2024-05-07T07:08:09.123456Z"), List.of("a", "b", "processed"));
  static final Point POINT =
      new Point(7, 3.5, "zero", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of(1L, 2L, 3L));
  static final Point ECHOED_POINT =
      new Point(70, 1.75, "orez", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of(3L, 2L, 1L));

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private static final int IN_FLIGHT = 64;

  @Spec CommandSpec spec;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", converter = ProtocolConverter.class,
      completionCandidates = ProtocolConverter.Names.class,
      description = "Only this transport: ${COMPLETION-CANDIDATES} (default: all of them).")
  Protocol only;

  @Option(names = "--throughput-seconds", paramLabel = "S", defaultValue = "2",
      description = "How long the throughput run lasts per transport; 0 skips it (default: ${DEFAULT-VALUE}).")
  double throughputSeconds;

  /** What a demo call should end with: a value, or an exception of a type (and message, if given). */
  record Expected(Object value, Class<? extends Exception> failure, String message) {
    static Expected value(Object value) {
      return new Expected(value, null, null);
    }

    static Expected failure(Class<? extends Exception> type, String message) {
      return new Expected(null, type, message);
    }

    boolean matches(Object result, Throwable error) {
      if (failure == null) {
        return error == null && Objects.equals(value, result);
      }
      return error != null && failure.isInstance(error) && (message == null || message.equals(error.getMessage()));
    }

    @Override
    public String toString() {
      return failure == null ? show(value) : failure.getSimpleName() + (message == null ? "" : ": " + message);
    }
  }

  /** One demo call. {@code argument == NONE} means a call without argument. */
  record Check(String function, Object argument, TypeRef<?> returnType, Duration timeout, Expected expected) {
    String describe() {
      String call = function + "(" + (argument == NONE ? "" : show(argument)) + ")";
      return timeout.equals(DEFAULT_TIMEOUT) ? call : call + " with a " + timeout.toMillis() + " ms timeout";
    }

    Object sentArgument() {
      return argument == NONE ? null : argument;
    }
  }

  private static final Object NONE = new Object();

  /** The calls made with each client, in order. */
  static List<Check> checks() {
    return List.of(
        check("hello_world", NONE, String.class, Expected.value("hello world")),
        check("echo", "hello", String.class, Expected.value("hello")),
        check("process_order", ORDER, Order.class, Expected.value(PROCESSED_ORDER)),
        check("echo_point", POINT, Point.class, Expected.value(ECHOED_POINT)),
        check("sum_list", List.of(1, 2, 3), Integer.class, Expected.value(6)),
        check("divide", List.of(10, 3), Integer.class, Expected.value(3)),
        check("divide", List.of(1, 0), Integer.class,
            Expected.failure(RemoteException.class, "ArithmeticException('/ by zero')")),
        check("no_such_function", "x", Object.class,
            Expected.failure(FunctionNotFoundException.class, "Function `no_such_function` not found!")),
        check("fail", "boom", String.class, Expected.failure(RemoteException.class, "RuntimeException('boom')")),
        new Check("sleep", 200, TypeRef.of(String.class), Duration.ofMillis(50),
            Expected.failure(CallTimeoutException.class, null)),
        check("sleep", 1, String.class, Expected.value("slept for 1 msecs")),
        check("sleep_async", 20, String.class, Expected.value("slept for 20 msecs")));
  }

  private static Check check(String function, Object argument, Class<?> returnType, Expected expected) {
    return new Check(function, argument, TypeRef.of(returnType), DEFAULT_TIMEOUT, expected);
  }

  @Override
  public Integer call() {
    if (throughputSeconds < 0 || throughputSeconds > 600) {
      throw new ParameterException(spec.commandLine(), "--throughput-seconds must be within 0..600");
    }
    PrintWriter out = spec.commandLine().getOut();
    quietExpectedErrors();
    List<Protocol> protocols = only == null ? List.of(Protocol.values()) : List.of(only);
    List<String> failures = new ArrayList<>();
    int[] checked = {0};
    for (Protocol protocol : protocols) {
      failures.addAll(demo(protocol, out, checked));
    }
    String names = String.join(", ", protocols.stream().map(ProtocolConverter::name).toList());
    if (failures.isEmpty()) {
      out.printf("demo: all %d outcomes as expected (%s)%n", checked[0], names);
      out.flush();
      return 0;
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.printf("demo: %d of %d outcomes were not as expected (%s):%n", failures.size(), checked[0], names);
    failures.forEach(failure -> err.println("  " + failure));
    err.flush();
    return Main.EXIT_FAILURE;
  }

  /**
   * The demo provokes remote errors on purpose; the server would log each with its stack trace.
   * Only the dispatcher's logger is quieted, and only when logback is the logging backend.
   */
  private static void quietExpectedErrors() {
    if (org.slf4j.LoggerFactory.getLogger("io.zeroapi.internal.Dispatcher") instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }

  /** The demo of one transport; returns the unexpected outcomes. */
  private List<String> demo(Protocol protocol, PrintWriter out, int[] checked) {
    String name = ProtocolConverter.name(protocol);
    List<String> failures = new ArrayList<>();
    ZeroServer started;
    try {
      started = ExampleServer.register(ZeroServer.builder()
          .host("127.0.0.1").port(0).protocol(protocol).shutdownGracePeriod(Duration.ofSeconds(2)).build()).start();
    } catch (RuntimeException e) {
      checked[0]++;
      String line = "[" + name + "] the example server did not start: " + describeError(e);
      out.println(line);
      return List.of(line);
    }
    ZeroServer server = started;
    out.printf("[%s] example server on 127.0.0.1:%d (%s), functions: %s%n",
        name, server.port(), server.transportDescription(), String.join(", ", server.functions()));
    out.flush();
    try (server;
        ZeroClient client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol).build()) {
      AsyncZeroClient asyncClient = client.async(); // the same connections, calls that return futures
      String syncLabel = label(name, "sync");
      for (Check check : checks()) {
        Object result = null;
        Throwable error = null;
        try {
          result = client.call(check.function(), check.sentArgument(), check.returnType(), check.timeout());
        } catch (RuntimeException e) {
          error = e;
        }
        report(syncLabel, check, result, error, out, failures);
        checked[0]++;
      }

      String asyncLabel = label(name, "async");
      List<Check> checks = checks();
      out.printf("%s (all %d calls sent at once, outcomes in call order)%n", asyncLabel, checks.size());
      List<CompletableFuture<?>> futures = new ArrayList<>();
      for (Check check : checks) {
        try {
          futures.add(asyncClient.call(check.function(), check.sentArgument(), check.returnType(), check.timeout()));
        } catch (RuntimeException e) {
          futures.add(CompletableFuture.failedFuture(e));
        }
      }
      for (int i = 0; i < checks.size(); i++) {
        Check check = checks.get(i);
        Object result = null;
        Throwable error = null;
        try {
          result = futures.get(i).get(check.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          error = e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
          error = new IllegalStateException("the future did not complete within its timeout + 5 s");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          error = e;
        }
        report(asyncLabel, check, result, error, out, failures);
        checked[0]++;
      }

      if (throughputSeconds > 0) {
        String failure = throughput(asyncClient, asyncLabel, out);
        checked[0]++;
        if (failure != null) {
          failures.add(failure);
        }
      }
    } catch (RuntimeException e) {
      String line = "[" + name + "] the demo broke off: " + describeError(e);
      out.println(line);
      failures.add(line);
    }
    out.flush();
    return failures;
  }

  private static String label(String protocol, String client) {
    return "[" + protocol + " " + String.format(Locale.ROOT, "%-5s", client) + "]";
  }

  private static void report(String label, Check check, Object result, Throwable error, PrintWriter out, List<String> failures) {
    String outcome = error == null ? show(result) : describeError(error);
    String line = label + " " + check.describe() + " -> " + outcome;
    if (check.expected().matches(result, error)) {
      out.println(line);
    } else {
      line += "   <-- UNEXPECTED, expected " + check.expected();
      out.println(line);
      failures.add(line);
    }
    out.flush();
  }

  /**
   * Calls hello_world with the async client for {@link #throughputSeconds}, {@value #IN_FLIGHT}
   * calls in flight; prints calls/s. Returns a failure line, or null.
   */
  private String throughput(AsyncZeroClient client, String label, PrintWriter out) {
    Semaphore permits = new Semaphore(IN_FLIGHT);
    AtomicLong succeeded = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    long start = System.nanoTime();
    long deadline = start + (long) (throughputSeconds * 1e9);
    try {
      while (System.nanoTime() < deadline) {
        if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        CompletableFuture<String> future;
        try {
          future = client.call("hello_world", String.class);
        } catch (RuntimeException e) {
          future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((result, error) -> {
          if (error == null && "hello world".equals(result)) {
            succeeded.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, error != null ? error : new IllegalStateException("got " + show(result)));
          }
          permits.release();
        });
      }
      if (!permits.tryAcquire(IN_FLIGHT, 10, TimeUnit.SECONDS)) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, new IllegalStateException("calls still in flight 10 s after the run"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      firstFailure.compareAndSet(null, e);
      failed.incrementAndGet();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String line = String.format(Locale.ROOT,
        "%s throughput: %,d hello_world() calls in %.1f s, %d in flight: ~%,.0f calls/s"
            + " (a rough figure from one process on loopback, not a benchmark)",
        label, succeeded.get(), seconds, IN_FLIGHT, succeeded.get() / seconds);
    out.println(line);
    out.flush();
    if (failed.get() == 0) {
      return null;
    }
    String failure = String.format(Locale.ROOT, "%s throughput: %,d of %,d calls failed, first: %s",
        label, failed.get(), failed.get() + succeeded.get(), describeError(firstFailure.get()));
    out.println(failure);
    return failure;
  }

  /** {@code SimpleClassName: message}, unwrapping CompletionExceptions. */
  static String describeError(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** A value the way the demo prints it: strings quoted, lists bracketed, records as they print. */
  static String show(Object value) {
    if (value instanceof String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    if (value instanceof List<?> list) {
      return "[" + String.join(", ", list.stream().map(DemoCommand::show).toList()) + "]";
    }
    return String.valueOf(value);
  }
}
