package io.zeroapi.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.zeroapi.CallOutcome;
import io.zeroapi.ClientInterceptor;
import io.zeroapi.ServerInterceptor;
import io.zeroapi.ServerStats;
import io.zeroapi.ZeroServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for Zero servers and clients: an interceptor per side that times every call by
 * function and outcome, and {@link #bind(ZeroServer)} for what a server's transport counts.
 *
 * <pre>{@code
 * ZeroMetrics metrics = ZeroMetrics.of(registry);
 * ZeroServer server = ZeroServer.builder().port(5559).intercept(metrics.server()).build();
 * server.register("hello", String.class, name -> "Hello, " + name);
 * metrics.bind(server.start());
 * ZeroClient client = ZeroClient.builder("localhost", 5559).intercept(metrics.client()).build();
 * }</pre>
 *
 * <p>Meters (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code zero.server.calls}, {@code zero.client.calls}: a {@link Timer} per {@code function}
 *       and {@code outcome} ({@code ok}, {@code error} (the function threw, or the connection
 *       failed), {@code invalid} (the argument did not decode), {@code not_found}, {@code
 *       unauthenticated}, {@code refused} (server busy or shutting down, or too many calls pending
 *       on the client), {@code timeout}), with a percentile histogram
 *       [{@code zero_server_calls_seconds_count}, {@code _sum}, {@code _max}, {@code _bucket}];
 *   <li>{@code zero.server.calls.active}, {@code zero.client.calls.active}: calls in the
 *       interceptor now (gauge);
 *   <li>after {@link #bind(ZeroServer)}, tagged {@code protocol}: {@code zero.server.connections}
 *       (open now, raw TCP only), {@code zero.server.connections.refused} (at {@code
 *       maxConnections}), {@code zero.server.request.bytes} and {@code zero.server.reply.bytes},
 *       {@code zero.server.calls.busy} (answered "server busy" at {@code maxConcurrentCalls}) and
 *       {@code zero.server.calls.expired} (dropped: the caller's deadline had passed); those calls
 *       never reach the interceptors.
 * </ul>
 *
 * <p>Cardinality: a call to a function the server does not have is tagged {@code function="unknown"},
 * so that callers cannot create series by inventing names. On a server, {@link #bind(ZeroServer)}
 * makes this exact: only names the server has registered become tags (so an unknown name that an
 * authentication interceptor refuses is {@code unknown} too). Without it, and on clients, at most
 * {@value #MAX_FUNCTION_TAGS} distinct names become tags per side; later ones are tagged {@code
 * other}.
 *
 * <p>Several servers in one registry need one {@code ZeroMetrics} each with a tag that tells them
 * apart ({@link #of(MeterRegistry, Iterable)}): meters with the same name and tags are one meter.
 *
 * <p>Thread safety: thread-safe; the interceptors serve every call at once.
 */
public final class ZeroMetrics {
  /** The {@code function} tag of calls to a function the server does not have. */
  public static final String UNKNOWN_FUNCTION = "unknown";

  /** The {@code function} tag once {@value #MAX_FUNCTION_TAGS} names are in use. */
  public static final String OTHER_FUNCTION = "other";

  /** Distinct {@code function} tags per side, beyond which names are tagged {@value #OTHER_FUNCTION}. */
  public static final int MAX_FUNCTION_TAGS = 256;

  // Calls of a hello-world function take tens of microseconds on loopback; the histogram starts there.
  private static final Duration MIN_EXPECTED = Duration.ofNanos(50_000);
  private static final Duration MAX_EXPECTED = Duration.ofSeconds(30);
  private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final MeterRegistry registry;
  private final Tags tags;
  private final Side server;
  private final Side client;
  private final ServerInterceptor serverInterceptor;
  private final ClientInterceptor clientInterceptor;
  private final List<ZeroServer> bound = new CopyOnWriteArrayList<>();
  private volatile Set<String> registered; // null until a server is bound
  private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - REFRESH_NANOS);

  private ZeroMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    this.server = new Side("zero.server", "Calls a Zero server ran, by function and outcome");
    this.client = new Side("zero.client", "Calls a Zero client made, by function and outcome");
    this.serverInterceptor = (call, next) -> {
      long start = server.begin();
      return next.proceed().whenComplete((value, failure) -> server.end(call.function(), start, failure));
    };
    this.clientInterceptor = (call, next) -> {
      long start = client.begin();
      return next.proceed(call).whenComplete((value, failure) -> client.end(call.function(), start, failure));
    };
  }

  /**
   * Meters in {@code registry}, without extra tags.
   *
   * @param registry where the meters go
   * @return the metrics; take its {@link #server()} and {@link #client()} interceptors
   */
  public static ZeroMetrics of(MeterRegistry registry) {
    return new ZeroMetrics(registry, Tags.empty());
  }

  /**
   * Meters in {@code registry}, each with {@code tags} as well (e.g. {@code service=orders}).
   *
   * @param registry where the meters go
   * @param tags tags added to every meter
   * @return the metrics
   */
  public static ZeroMetrics of(MeterRegistry registry, Iterable<Tag> tags) {
    return new ZeroMetrics(registry, tags);
  }

  /**
   * The server interceptor: add it first ({@link ZeroServer.Builder#intercept}) to time calls
   * that later interceptors refuse too.
   *
   * @return the interceptor (the same one each time)
   */
  public ServerInterceptor server() {
    server.registerGauge();
    return serverInterceptor;
  }

  /**
   * The client interceptor ({@link io.zeroapi.ZeroClient.Builder#intercept}).
   *
   * @return the interceptor (the same one each time)
   */
  public ClientInterceptor client() {
    client.registerGauge();
    return clientInterceptor;
  }

  /**
   * Registers the meters of what {@code server} counts ({@link ZeroServer#stats()}), and from now
   * on tags server calls with a function's name only if {@code server} has it registered. Call it
   * once per server, after its functions are registered (functions registered later are picked up
   * within a second).
   *
   * @param server the server (started or not)
   * @return this
   */
  public ZeroMetrics bind(ZeroServer server) {
    bound.add(Objects.requireNonNull(server, "server"));
    refreshRegistered();
    ServerStats stats = server.stats();
    Tags transport = tags.and("protocol", server.protocol().name().toLowerCase(java.util.Locale.ROOT));
    if (stats.countsConnections()) {
      Gauge.builder("zero.server.connections", stats, ServerStats::connectionsOpen)
          .description("Connections open now").tags(transport).strongReference(true).register(registry);
      counter("zero.server.connections.refused", stats, ServerStats::connectionsRefused, null,
          "Connections closed at once because maxConnections were open", transport);
    }
    counter("zero.server.request.bytes", stats, ServerStats::bytesReceived, BaseUnits.BYTES,
        "Bytes of the requests read (whole frames)", transport);
    counter("zero.server.reply.bytes", stats, ServerStats::bytesSent, BaseUnits.BYTES,
        "Bytes of the replies sent (whole frames)", transport);
    counter("zero.server.calls.busy", stats, ServerStats::callsRefusedBusy, null,
        "Calls answered 'server busy' because maxConcurrentCalls calls were running", transport);
    counter("zero.server.calls.expired", stats, ServerStats::callsExpired, null,
        "Calls dropped before they ran: the caller's deadline had passed", transport);
    return this;
  }

  private void counter(String name, ServerStats stats, ToDoubleFunction<ServerStats> value, String unit,
      String description, Tags with) {
    FunctionCounter.builder(name, stats, value).description(description).baseUnit(unit).tags(with).register(registry);
  }

  private void refreshRegistered() {
    Set<String> names = ConcurrentHashMap.newKeySet();
    for (ZeroServer s : bound) {
      names.addAll(s.functions());
    }
    registered = names;
  }

  /** The {@code function} tag of a server call. */
  private String serverFunctionTag(String name) {
    Set<String> known = registered;
    if (known == null || known.contains(name)) {
      return name;
    }
    // Maybe registered after bind(): look again, at most once a second (a flood of unknown names
    // must not make every call copy the function lists).
    long now = System.nanoTime();
    long last = lastRefresh.get();
    if (now - last >= REFRESH_NANOS && lastRefresh.compareAndSet(last, now)) {
      refreshRegistered();
      if (registered.contains(name)) {
        return name;
      }
    }
    return UNKNOWN_FUNCTION;
  }

  /** The meters of one side: a timer per function and outcome, and the calls in flight. */
  private final class Side {
    private final String prefix;
    private final String description;
    private final AtomicInteger active = new AtomicInteger();
    private final ConcurrentHashMap<String, FunctionTimers> timers = new ConcurrentHashMap<>();

    Side(String prefix, String description) {
      this.prefix = prefix;
      this.description = description;
    }

    /** Registers the side's gauge (once its interceptor is taken: idempotent). */
    void registerGauge() {
      Gauge.builder(prefix + ".calls.active", active, AtomicInteger::get)
          .description("Calls in flight now").tags(tags).strongReference(true).register(registry);
    }

    long begin() {
      active.incrementAndGet();
      return System.nanoTime();
    }

    void end(String function, long start, Throwable failure) {
      long took = System.nanoTime() - start;
      active.decrementAndGet();
      CallOutcome outcome = CallOutcome.of(failure);
      String tag = outcome == CallOutcome.NOT_FOUND ? UNKNOWN_FUNCTION
          : this == server ? serverFunctionTag(function) : function;
      timers(tag).get(outcome).record(took, TimeUnit.NANOSECONDS);
    }

    /** The timers of {@code function}, or of {@value #OTHER_FUNCTION} once there are too many names. */
    private FunctionTimers timers(String function) {
      FunctionTimers found = timers.get(function);
      if (found != null) {
        return found;
      }
      String tag = timers.size() >= MAX_FUNCTION_TAGS ? OTHER_FUNCTION : function;
      return timers.computeIfAbsent(tag, FunctionTimers::new);
    }

    /**
     * One function's timers, one slot per outcome, each made when that outcome first happens (a
     * histogram is many series: none for outcomes that never happened).
     */
    private final class FunctionTimers {
      private final String function;
      private final Timer[] byOutcome = new Timer[CallOutcome.values().length];

      FunctionTimers(String function) {
        this.function = function;
      }

      Timer get(CallOutcome outcome) {
        Timer timer = byOutcome[outcome.ordinal()];
        if (timer == null) {
          // A racy fill is fine: the registry hands every thread the same meter.
          timer = create(function, outcome);
          byOutcome[outcome.ordinal()] = timer;
        }
        return timer;
      }
    }

    private Timer create(String function, CallOutcome outcome) {
      return Timer.builder(prefix + ".calls")
          .description(description)
          .tags(tags).tag("function", function).tag("outcome", outcome.tag())
          .publishPercentileHistogram()
          .minimumExpectedValue(MIN_EXPECTED)
          .maximumExpectedValue(MAX_EXPECTED)
          .register(registry);
    }
  }
}
