package io.zeroapi;

import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.CallThreads;
import io.zeroapi.internal.Checks;
import io.zeroapi.internal.Dispatcher;
import io.zeroapi.internal.FunctionRegistry;
import io.zeroapi.internal.Health;
import io.zeroapi.internal.HealthHttpServer;
import io.zeroapi.internal.RegisteredFunction;
import io.zeroapi.internal.ServerSettings;
import io.zeroapi.internal.ServerTransport;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Zero server: functions registered by name, served over one {@link Protocol}.
 *
 * <pre>{@code
 * ZeroServer server = ZeroServer.builder().port(5559).build();
 * server.register("echo", String.class, message -> message);
 * server.register("hello_world", () -> "hello world");
 * server.run(); // until SIGTERM or Ctrl-C
 * }</pre>
 *
 * <p>Functions run on a new virtual thread per call unless {@link Builder#executor} gives another
 * executor, and they may block: a blocked call never stalls the calls of other connections. When
 * the JVM runs with {@code --add-opens java.base/java.lang=io.zeroapi} ({@code ALL-UNNAMED} on the
 * class path), a call's virtual thread is scheduled on the I/O thread that read it (a TCP event
 * loop, the ZeroMQ I/O thread), which saves two thread wake-ups per call; it unmounts when the function blocks, and a function
 * whose calls take longer than a millisecond (twice in a row) moves to the JDK's default scheduler
 * for a while. Without the
 * flag, calls run on the JDK's default scheduler (README, "Where functions run"). An
 * async function (registered with {@code registerAsync}, or an {@code @Rpc} method returning a
 * {@code CompletionStage}) frees its thread until the stage completes.
 *
 * <p>Lifecycle: {@link #start()} binds and returns; {@link #run()} starts and blocks until the JVM
 * is asked to stop (SIGTERM, SIGINT) or {@link #close()} is called. {@link #close()} first drains:
 * the server reports itself not serving (the reserved function {@code zero.health} answers {@code
 * {"status": "NOT_SERVING"}}, the optional HTTP probe's {@code /readyz} 503) and keeps serving for
 * the {@link Builder#drainDelay drain delay} (0 unless set or a {@link Builder#healthPort health
 * port} is set), so that load balancers and Kubernetes move the traffic elsewhere; then it stops
 * accepting connections, answers new requests with a "Server is shutting down" error, lets calls
 * in flight finish within the grace period, and closes every connection.
 *
 * <p>Thread safety: all methods are thread-safe. Functions may be registered before or after start.
 */
public final class ZeroServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZeroServer.class);

  private enum State { NEW, RUNNING, CLOSED }

  private final ServerSettings settings;
  private final FunctionRegistry registry;
  private final CallThreads ownedExecutor;
  private final Dispatcher dispatcher;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private final int healthPort;
  private final Duration drainDelay;
  private volatile State state = State.NEW; // written under lifecycle; read without it by the health probe
  private ServerTransport transport;
  // The transport's counters once started (ServerStats reads them without the lifecycle lock).
  private volatile io.zeroapi.internal.TransportCounters counters = new io.zeroapi.internal.TransportCounters();
  private HealthHttpServer healthServer;

  private ZeroServer(ServerSettings settings, int healthPort, Duration drainDelay, List<ServerInterceptor> interceptors) {
    this.settings = settings;
    this.healthPort = healthPort;
    this.drainDelay = drainDelay;
    this.registry = new FunctionRegistry(settings.codec());
    if (settings.executor() == null) {
      this.ownedExecutor = new CallThreads(true);
      this.dispatcher = new Dispatcher(registry, settings.codec(), ownedExecutor, settings.maxConcurrentCalls(),
          protocolName(settings.protocol()));
    } else {
      this.ownedExecutor = null;
      this.dispatcher = new Dispatcher(registry, settings.codec(), settings.executor(), settings.maxConcurrentCalls(),
          protocolName(settings.protocol()));
    }
    dispatcher.limitReplies(settings.maxFrameBytes(), settings.replyFramingBytes());
    dispatcher.interceptors(interceptors);
  }

  /** The protocol as the contract names it: the original's {@code --protocol} values. */
  private static String protocolName(Protocol protocol) {
    return protocol == Protocol.TCP ? "tcp" : "zmq";
  }

  /**
   * A server on {@code port} with every other setting at its default.
   *
   * @param port the port to bind; 0 picks a free one, which {@link #port()} tells
   * @return a new server, not yet started
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   */
  public static ZeroServer create(int port) {
    return builder().port(port).build();
  }

  /**
   * Settings for a new server.
   *
   * @return a builder with every setting at its default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers a function of one argument, decoded into {@code argumentType}.
   *
   * @param <A> the argument type
   * @param name the name callers use; unique on this server
   * @param argumentType the type the request's argument is decoded into
   * @param function the function to run on each call
   * @return this server, for chaining
   * @throws RegistrationException if the name or a type breaks a rule; the message says which
   */
  public <A> ZeroServer register(String name, Class<A> argumentType, RpcFunction<? super A, ?> function) {
    return registerTyped(name, argumentType, function);
  }

  /**
   * Registers a function of one argument of a generic type, e.g. {@code new TypeRef<List<Order>>()
   * {}}.
   *
   * @param <A> the argument type
   * @param name the name callers use; unique on this server
   * @param argumentType the generic type the request's argument is decoded into
   * @param function the function to run on each call
   * @return this server, for chaining
   * @throws RegistrationException if the name or a type breaks a rule; the message says which
   */
  public <A> ZeroServer register(String name, TypeRef<A> argumentType, RpcFunction<? super A, ?> function) {
    return registerTyped(name, argumentType.type(), function);
  }

  /**
   * Registers a function without argument.
   *
   * @param name the name callers use; unique on this server
   * @param function the function to run on each call
   * @return this server, for chaining
   * @throws RegistrationException if the name or a type breaks a rule; the message says which
   */
  public ZeroServer register(String name, RpcSupplier<?> function) {
    Objects.requireNonNull(function, "function");
    registry.add(new RegisteredFunction(name, null, Object.class, false, ignored -> function.get()));
    return this;
  }

  /**
   * Registers an asynchronous function of one argument: the reply goes out when its stage
   * completes.
   *
   * @param <A> the argument type
   * @param <R> the result type
   * @param name the name callers use; unique on this server
   * @param argumentType the type the request's argument is decoded into
   * @param function the function to start on each call
   * @return this server, for chaining
   * @throws RegistrationException if the name or a type breaks a rule; the message says which
   */
  public <A, R> ZeroServer registerAsync(String name, Class<A> argumentType, AsyncRpcFunction<? super A, R> function) {
    return registerAsyncTyped(name, argumentType, function);
  }

  /**
   * Registers an asynchronous function of one argument of a generic type.
   *
   * @param <A> the argument type
   * @param <R> the result type
   * @param name the name callers use; unique on this server
   * @param argumentType the generic type the request's argument is decoded into
   * @param function the function to start on each call
   * @return this server, for chaining
   * @throws RegistrationException if the name or a type breaks a rule; the message says which
   */
  public <A, R> ZeroServer registerAsync(String name, TypeRef<A> argumentType, AsyncRpcFunction<? super A, R> function) {
    return registerAsyncTyped(name, argumentType.type(), function);
  }

  /**
   * Registers an asynchronous function without argument.
   *
   * @param <R> the result type
   * @param name the name callers use; unique on this server
   * @param function the function to start on each call
   * @return this server, for chaining
   * @throws RegistrationException if the name or a type breaks a rule; the message says which
   */
  public <R> ZeroServer registerAsync(String name, AsyncRpcSupplier<R> function) {
    Objects.requireNonNull(function, "function");
    registry.add(new RegisteredFunction(name, null, Object.class, true, ignored -> function.get()));
    return this;
  }

  /**
   * Registers every public method of {@code service} annotated with {@link Rpc}, by method name
   * unless the annotation gives one. The annotation may also sit on the method of an interface
   * that {@code service} implements: one interface annotated with {@code @Rpc} can then be both the
   * server's service and the clients' {@link ZeroClient#proxy(Class)}. If the class and an
   * interface (or two interfaces) give one method different names, that is a {@link
   * RegistrationException} naming both. {@link Rpc#timeoutMillis()} is ignored here: it is the
   * timeout of a proxy's calls. All or nothing: if one method breaks a rule, none is added.
   *
   * @param service the object whose {@code @Rpc} methods are registered
   * @return this server, for chaining
   * @throws RegistrationException if a method breaks a rule; the message names it and the rule
   */
  public ZeroServer registerService(Object service) {
    registry.addService(Objects.requireNonNull(service, "service"));
    return this;
  }

  @SuppressWarnings("unchecked")
  private <A> ZeroServer registerTyped(String name, Type argumentType, RpcFunction<? super A, ?> function) {
    Objects.requireNonNull(argumentType, "argumentType");
    Objects.requireNonNull(function, "function");
    registry.add(new RegisteredFunction(name, argumentType, Object.class, false, argument -> function.apply((A) argument)));
    return this;
  }

  @SuppressWarnings("unchecked")
  private <A> ZeroServer registerAsyncTyped(String name, Type argumentType, AsyncRpcFunction<? super A, ?> function) {
    Objects.requireNonNull(argumentType, "argumentType");
    Objects.requireNonNull(function, "function");
    registry.add(new RegisteredFunction(name, argumentType, java.util.concurrent.CompletionStage.class, true, argument -> function.apply((A) argument)));
    return this;
  }

  /**
   * The names of the registered functions, in registration order.
   *
   * @return a new list of the names; later registrations do not change it
   */
  public List<String> functions() {
    List<String> names = new ArrayList<>();
    registry.all().forEach(f -> names.add(f.name()));
    return names;
  }

  /**
   * Binds and starts serving; returns once the port is bound.
   *
   * @return this server, for chaining (e.g. {@code .start().port()})
   * @throws ConnectionException if the address cannot be bound
   * @throws IllegalStateException if the server was started or closed before
   */
  public ZeroServer start() {
    synchronized (lifecycle) {
      if (state != State.NEW) {
        throw new IllegalStateException("The server was already " + (state == State.RUNNING ? "started" : "closed"));
      }
      dispatcher.buildContract(); // once here; again only after a registration
      if (healthPort >= 0) {
        // Before the transport: /livez answers while the server binds; /readyz says 503 until it runs.
        healthServer = HealthHttpServer.start(settings.host(), healthPort, this::ready);
      }
      ServerTransport created = Transports.server(settings, dispatcher);
      try {
        created.start();
      } catch (RuntimeException e) {
        if (healthServer != null) {
          healthServer.close();
        }
        throw e;
      }
      transport = created;
      counters = created.counters();
      state = State.RUNNING;
      log.info("Zero server listening on {}:{} ({}, {} functions: {})",
          settings.host(), created.port(), created.description(), registry.all().size(), functions());
      logWhereFunctionsRun();
      return this;
    }
  }

  private void logWhereFunctionsRun() {
    if (ownedExecutor == null) {
      log.info("Functions run on the executor given to the builder");
    } else if (ownedExecutor.onIoThreads()) {
      log.info("Functions run on a virtual thread per call, scheduled on the I/O thread that read the call (a function "
          + "whose calls take over {} ms twice in a row moves to the JDK's default scheduler for a while)",
          CallThreads.HOLD_LIMIT_NANOS / 1_000_000);
    } else {
      log.info("Functions run on a virtual thread per call, on the JDK's default scheduler ({}; scheduling them on the "
          + "I/O threads is faster: see the README, 'Where functions run')", CallThreads.ioThreadSchedulingUnavailable());
    }
  }

  /**
   * Starts (unless started) and blocks until the JVM is asked to stop (SIGTERM, SIGINT/Ctrl-C) or
   * {@link #close()} is called from elsewhere; then shuts down gracefully.
   */
  public void run() {
    synchronized (lifecycle) {
      if (state == State.NEW) {
        start();
      }
    }
    Thread hook = Thread.ofPlatform().name("zero-shutdown").unstarted(() -> {
      log.info("Stop requested: shutting down the server");
      close();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shutdownInProgress) {
        // the hook itself is running: nothing to remove
      }
    }
  }

  /**
   * The bound port: the real one when 0 was asked for.
   *
   * @return the port the server listens on
   * @throws IllegalStateException if the server is not started
   */
  public int port() {
    synchronized (lifecycle) {
      if (transport == null) {
        throw new IllegalStateException("The server is not started");
      }
      return transport.port();
    }
  }

  /**
   * What serves the calls: the transport and what it runs on, e.g. {@code ZeroMQ on libzmq 4.3.4
   * (FFM)}, {@code ZeroMQ on JeroMQ 0.6.0} or {@code raw TCP on Netty (epoll)}.
   *
   * @return a description for logs and users
   * @throws IllegalStateException if the server is not started
   */
  public String transportDescription() {
    synchronized (lifecycle) {
      if (transport == null) {
        throw new IllegalStateException("The server is not started");
      }
      return transport.description();
    }
  }

  /**
   * The bound port of the HTTP health probe ({@code GET /livez}, {@code GET /readyz}): the real
   * one when 0 was asked for.
   *
   * @return the port, or -1 if the server has no health port ({@link Builder#healthPort})
   * @throws IllegalStateException if the server is not started
   */
  public int healthPort() {
    synchronized (lifecycle) {
      if (transport == null) {
        throw new IllegalStateException("The server is not started");
      }
      return healthServer == null ? -1 : healthServer.port();
    }
  }

  /** Whether /readyz answers 200: started, not draining, not closed. */
  private boolean ready() {
    return state == State.RUNNING && dispatcher.serving();
  }

  /**
   * The protocol this server speaks.
   *
   * @return the transport set by {@link Builder#protocol}
   */
  public Protocol protocol() {
    return settings.protocol();
  }

  /**
   * Stops gracefully: reports not serving and keeps serving for the drain delay, then stops
   * accepting, answers new requests with an error, waits up to the grace period for calls in
   * flight, and closes every connection. Interrupting the thread that closes cuts the drain delay
   * short. Idempotent.
   */
  @Override
  public void close() {
    ServerTransport toClose;
    synchronized (lifecycle) {
      if (state == State.CLOSED) {
        return;
      }
      toClose = transport;
      state = State.CLOSED;
    }
    try {
      if (toClose != null) {
        dispatcher.serving(false);
        drain();
        toClose.stopAccepting();
        dispatcher.beginShutdown();
        int running = dispatcher.inFlight();
        if (running > 0) {
          log.info("Waiting up to {} ms for {} calls in flight", settings.shutdownGracePeriod().toMillis(), running);
        }
        try {
          if (!dispatcher.awaitIdle(settings.shutdownGracePeriod())) {
            log.warn("{} calls still running after the grace period; closing anyway", dispatcher.inFlight());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        toClose.close();
      }
      if (healthServer != null) {
        healthServer.close(); // last: /livez answers until the server is gone
      }
      if (ownedExecutor != null) {
        ownedExecutor.shutdownNow();
        try {
          ownedExecutor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      log.info("Zero server stopped");
    } finally {
      closed.countDown();
    }
  }

  /** Keeps serving, reported not serving, for the drain delay; an interrupt ends it early. */
  private void drain() {
    if (drainDelay.isZero()) {
      return;
    }
    log.info("Draining: reported not serving, still taking calls for {} ms", drainDelay.toMillis());
    try {
      Thread.sleep(drainDelay);
    } catch (InterruptedException e) {
      log.info("Drain delay cut short (interrupted)");
    }
  }

  // ---- statistics ----

  /**
   * What this server and its transport have done so far: connections, bytes in and out, calls in
   * flight, calls refused (a live view, cheap to keep: see {@link ServerStats}). The optional {@code
   * zero-micrometer} module publishes it as meters.
   *
   * @return the view (the same object for the server's whole life; all zero before {@link #start()})
   */
  public ServerStats stats() {
    return stats;
  }

  // One object, held by the server: metrics libraries may hold it only weakly (Micrometer does).
  private final ServerStats stats = new ServerStats() {
    @Override
    public boolean countsConnections() {
      return settings.protocol() == Protocol.TCP;
    }

    @Override
    public long connectionsOpen() {
      return counters.connectionsOpen();
    }

    @Override
    public long connectionsRefused() {
      return counters.connectionsRefused();
    }

    @Override
    public long bytesReceived() {
      return counters.bytesReceived();
    }

    @Override
    public long bytesSent() {
      return counters.bytesSent();
    }

    @Override
    public long callsInFlight() {
      return dispatcher.inFlight();
    }

    @Override
    public long callsRefusedBusy() {
      return dispatcher.refusedBusy();
    }

    @Override
    public long callsExpired() {
      return dispatcher.expired();
    }
  };

  /**
   * Settings of a {@link ZeroServer}. Every setting has a default; {@link #build()} may be called
   * more than once: each server gets an immutable copy of the settings as they were then.
   *
   * <p>Thread safety: a builder is not thread-safe; use it from one thread.
   */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 5559;
    private Protocol protocol = Protocol.ZMQ;
    private Codec codec = MsgpackCodec.create();
    private java.util.concurrent.Executor executor;
    private int maxFrameBytes = Checks.DEFAULT_MAX_FRAME_BYTES;
    private int maxInFlightPerConnection = ServerSettings.DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION;
    private int maxConnections = ServerSettings.DEFAULT_MAX_CONNECTIONS;
    private int maxConcurrentCalls = ServerSettings.DEFAULT_MAX_CONCURRENT_CALLS;
    private int ioThreads;
    private Duration shutdownGracePeriod = ServerSettings.DEFAULT_SHUTDOWN_GRACE_PERIOD;
    private CurveKeys curve;
    private java.util.Set<String> curveAllowedClients;
    private ZeroMqEngine zmqEngine = ZeroMqEngine.AUTO;
    private int healthPort = -1;
    private Duration drainDelay;
    private final List<ServerInterceptor> interceptors = new java.util.ArrayList<>();
    private TlsConfig tls;

    private Builder() {}

    /**
     * The address to bind; default {@code 0.0.0.0} (all interfaces).
     *
     * @param host an IP address or host name of this machine, e.g. {@code 127.0.0.1} to accept
     *     local clients only
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The port to bind; default 5559; 0 picks a free port, which {@link ZeroServer#port()} tells.
     *
     * @param port the port, 0..65535
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be within 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The transport; default {@link Protocol#ZMQ} (the original's default); {@link Protocol#TCP}
     * is the fast one.
     *
     * @param protocol the transport to listen on; clients must use the same
     * @return this builder
     */
    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /**
     * The payload codec; default {@link MsgpackCodec}. Clients must use the same one.
     *
     * @param codec the codec of arguments and results
     * @return this builder
     */
    public Builder codec(Codec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Where functions run; default a virtual thread per call, scheduled on the event loop that read
     * the call where possible (see the class comment). {@code
     * Executors.newVirtualThreadPerTaskExecutor()} puts every call on the JDK's default scheduler;
     * {@code Runnable::run} on the I/O thread, for functions that never block. The server does not
     * shut down an executor given here.
     *
     * @param executor runs each call's function; it may block
     * @return this builder
     */
    public Builder executor(java.util.concurrent.Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The largest request accepted, in bytes; default 16 MiB. Larger frames close the connection.
     *
     * @param maxFrameBytes the limit in bytes, at least 64
     * @return this builder
     * @throws IllegalArgumentException if {@code maxFrameBytes} is below 64
     */
    public Builder maxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = Checks.frameLimit(maxFrameBytes, "maxFrameBytes");
      return this;
    }

    /**
     * Calls of one connection running at once before the server pauses reading it; default 128.
     *
     * @param limit the number of calls, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public Builder maxInFlightPerConnection(int limit) {
      this.maxInFlightPerConnection = Checks.atLeast(limit, 1, "maxInFlightPerConnection");
      return this;
    }

    /**
     * Calls running at once, all connections together (an async call counts until its stage
     * completes); default 10,000. Beyond it a request is not run but answered at once with a
     * "Server is busy" error (a {@link RemoteException} for the caller), and a WARN line (at most
     * one per 10 s) tells how many were refused. Both transports.
     *
     * @param limit the number of calls, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public Builder maxConcurrentCalls(int limit) {
      this.maxConcurrentCalls = Checks.atLeast(limit, 1, "maxConcurrentCalls");
      return this;
    }

    /**
     * Open connections the server keeps; default 10,000. Beyond it a new connection is accepted and
     * closed at once, and a WARN line (at most one per 10 s) tells how many were refused. Applies
     * to the {@link Protocol#TCP} transport; on {@link Protocol#ZMQ} JeroMQ accepts peers itself
     * and this setting is not enforced.
     *
     * @param limit the number of connections, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public Builder maxConnections(int limit) {
      this.maxConnections = Checks.atLeast(limit, 1, "maxConnections");
      return this;
    }

    /**
     * I/O threads; default 0, meaning one per core.
     *
     * @param ioThreads the number of threads, or 0 for one per core
     * @return this builder
     * @throws IllegalArgumentException if {@code ioThreads} is negative
     */
    public Builder ioThreads(int ioThreads) {
      this.ioThreads = Checks.atLeast(ioThreads, 0, "ioThreads");
      return this;
    }

    /**
     * How long {@link ZeroServer#close()} lets calls in flight finish; default 10 s.
     *
     * @param gracePeriod the longest wait for calls in flight; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code gracePeriod} is negative
     */
    public Builder shutdownGracePeriod(Duration gracePeriod) {
      this.shutdownGracePeriod = Checks.notNegative(gracePeriod, "shutdownGracePeriod");
      return this;
    }

    /**
     * Serves an HTTP health probe on this port (same host as the server), for Kubernetes {@code
     * httpGet} probes and load balancers: {@code GET /livez} answers 200 while the process runs,
     * {@code GET /readyz} 200 while the server takes calls and 503 before it started and from the
     * moment it drains. Default: none. With a health port the {@link #drainDelay drain delay}
     * defaults to 5 s.
     *
     * @param port the port, 0..65535; 0 picks a free one, which {@link ZeroServer#healthPort()} tells
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public Builder healthPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("healthPort must be within 0..65535: " + port);
      }
      this.healthPort = port;
      return this;
    }

    /**
     * How long {@link ZeroServer#close()} (and so SIGTERM under {@link ZeroServer#run()}) keeps
     * serving after reporting the server not serving, before it stops taking calls: the time load
     * balancers and Kubernetes endpoints need to send new calls elsewhere. Default 5 s with a
     * {@link #healthPort health port}, else 0. The drain delay comes before the {@link
     * #shutdownGracePeriod grace period}; a Kubernetes {@code terminationGracePeriodSeconds} must
     * cover both.
     *
     * @param delay the delay; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Builder drainDelay(Duration delay) {
      this.drainDelay = Checks.notNegative(delay, "drainDelay");
      return this;
    }

    /**
     * Encrypts the {@link Protocol#ZMQ} transport with CURVE using this key pair; clients need its
     * public key. Default: no encryption. ZMQ only: {@link #build()} refuses it with TCP.
     *
     * @param serverKeys the server's key pair, from {@link CurveKeys#generate()} or {@link
     *     CurveKeys#of}
     * @return this builder
     */
    public Builder curve(CurveKeys serverKeys) {
      this.curve = Objects.requireNonNull(serverKeys, "serverKeys");
      this.curveAllowedClients = null;
      return this;
    }

    /**
     * Encrypts the {@link Protocol#ZMQ} transport with CURVE using this key pair, and lets in only
     * the clients whose public key is on {@code allowedClientPublicKeys} (CURVE client
     * authentication, checked through ZAP, RFC 27). Such a client needs a key pair of its own:
     * {@link ZeroClient.Builder#curve(String, CurveKeys)}. A client with another key never reaches
     * a function: its handshake is refused, it is told so with a {@link ConnectionException}
     * naming its key, and the server logs a WARN line naming the key (at most one per 10 s).
     *
     * @param serverKeys the server's key pair, from {@link CurveKeys#generate()} or {@link
     *     CurveKeys#of}
     * @param allowedClientPublicKeys the clients' public keys ({@link CurveKeys#publicKey()}), 40
     *     characters of Z85 each; at least one
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or a key is not 40 characters of Z85
     *     (the message says which)
     */
    public Builder curve(CurveKeys serverKeys, java.util.Collection<String> allowedClientPublicKeys) {
      java.util.Set<String> allowed = CurveKeys.checkAllowList(allowedClientPublicKeys);
      this.curve = Objects.requireNonNull(serverKeys, "serverKeys");
      this.curveAllowedClients = allowed;
      return this;
    }

    /**
     * The ZeroMQ implementation to run on ({@link Protocol#ZMQ} only). Default {@link
     * ZeroMqEngine#AUTO}: libzmq where it can be used, else JeroMQ; the environment variable {@code
     * ZERO_ZMQ_ENGINE} decides for {@code AUTO}. {@link ZeroMqEngine#LIBZMQ} where libzmq cannot
     * be used makes {@code start()} fail, saying why.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder zmqEngine(ZeroMqEngine engine) {
      this.zmqEngine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    // ---- interceptors ----

    /**
     * Runs {@code interceptor} around every call of a registered (or unknown) function; the first
     * one added is the outermost (it sees the call first and the outcome last). See {@link
     * ServerInterceptor} for what it sees and how it refuses a call.
     *
     * @param interceptor the interceptor (for example {@link BearerTokens#server(java.util.Collection)})
     * @return this builder
     */
    public Builder intercept(ServerInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    // --- TLS (TCP only) ---

    /**
     * Serves {@link Protocol#TCP} over TLS (mutual TLS if {@code tls} requires client
     * certificates). Default: plaintext, the Python original's protocol. TCP only: {@link #build()}
     * refuses it with ZMQ (whose encryption is {@link #curve}).
     *
     * @param tls a server configuration, from {@link TlsConfig#server(java.nio.file.Path,
     *     java.nio.file.Path)} or {@link TlsConfig#server(java.security.KeyStore, char[])}
     * @return this builder
     * @throws IllegalArgumentException if {@code tls} is a client configuration
     */
    public Builder tls(TlsConfig tls) {
      Objects.requireNonNull(tls, "tls");
      if (!tls.isServer()) {
        throw new IllegalArgumentException("a client TlsConfig was given to the server: use TlsConfig.server(...)");
      }
      this.tls = tls;
      return this;
    }

    /**
     * A new, not yet started server with these settings.
     *
     * @return the server; {@link ZeroServer#start()} or {@link ZeroServer#run()} it
     * @throws IllegalArgumentException if CURVE is set with a protocol other than ZMQ, TLS with a
     *     protocol other than TCP, or the TLS key material is unusable
     */
    public ZeroServer build() {
      if (curve != null && protocol != Protocol.ZMQ) {
        throw new IllegalArgumentException("CURVE encryption is ZMQ-only; the protocol is " + protocol);
      }
      if (tls != null && protocol != Protocol.TCP) {
        throw new IllegalArgumentException("TLS is TCP-only; the protocol is " + protocol
            + ": set protocol(Protocol.TCP), or encrypt ZeroMQ with curve(...)");
      }
      Duration drain = drainDelay != null ? drainDelay
          : healthPort >= 0 ? Health.DEFAULT_DRAIN_DELAY_WITH_HEALTH_PORT : Duration.ZERO;
      return new ZeroServer(new ServerSettings(host, port, protocol, codec, executor, maxFrameBytes,
          maxInFlightPerConnection, maxConcurrentCalls, maxConnections, ioThreads, shutdownGracePeriod,
          curve == null ? null : curve.secretKey(), zmqEngine, tls == null ? null : tls.settings(null),
          curveAllowedClients, ServerSettings.DEFAULT_ZMQ_HANDSHAKE_MILLIS), healthPort, drain,
          List.copyOf(interceptors));
    }
  }
}
