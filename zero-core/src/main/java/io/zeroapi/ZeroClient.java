package io.zeroapi;

import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.Checks;
import io.zeroapi.internal.ClientCore;
import io.zeroapi.internal.ClientProxies;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.ClientTransport;
import io.zeroapi.internal.OutboundLimit;
import io.zeroapi.internal.balance.BalancedTransport;
import io.zeroapi.internal.balance.StaticResolver;
import io.zeroapi.internal.balance.Targets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Zero client: calls a server's functions by name, blocking here or asynchronously through
 * {@link #async()}, a view on the same connections.
 *
 * <pre>{@code
 * try (ZeroClient client = ZeroClient.connect("localhost", 5559)) {
 *   String reply = client.call("echo", "hi", String.class);
 *   List<Order> orders = client.call("orders", "alice", new TypeRef<List<Order>>() {});
 *   CompletableFuture<String> later = client.async().call("hello_world", String.class);
 * }
 * }</pre>
 *
 * <p>Every call ends: with the result, or with a {@link ZeroException} — {@link
 * FunctionNotFoundException}, {@link RemoteException} (the function threw; its subtype {@link
 * ServerUnavailableException} when the server refused to run it and a retry is safe), {@link
 * ValidationException} (argument or result did not fit its type), {@link CallTimeoutException}
 * (default timeout 5 s), {@link ConnectionException} (server unreachable, connection lost, client
 * closed) or {@link ProtocolException}.
 *
 * <p>Connections are opened lazily on the first call and reopened after a loss, with a growing
 * delay between failed attempts.
 *
 * <p>Several servers: {@link #builder(String)} takes a list ({@code "10.0.0.1:5559,10.0.0.2:5559"}),
 * a DNS name whose records are looked up again every 10 s ({@code "dns:///orders.shop:5559"}), or a
 * scheme of an {@link EndpointResolver.Provider} ({@code "k8s:///orders.shop:5559"}, with the
 * optional zero-kubernetes module). Each call goes to one endpoint ({@link LoadBalancing}); an
 * endpoint that refuses connections or fails its health check is ejected for a while; a call is
 * sent again to another endpoint only when it certainly never reached a server.
 *
 * <p>Thread safety: thread-safe and meant to be shared; many threads may call at once and each gets
 * its own reply. {@link #close()} fails calls in flight with a {@link ConnectionException}.
 */
public final class ZeroClient implements AutoCloseable {
  private final ClientCore core;
  private final AsyncZeroClient async;
  private final String server;

  ZeroClient(ClientCore core, String server) {
    this.core = core;
    this.server = server;
    this.async = new AsyncZeroClient(core, this);
  }

  /**
   * The asynchronous view of this client: the same connections, calls that return futures.
   *
   * @return the view, the same object on every call; closing it closes this client
   */
  public AsyncZeroClient async() {
    return async;
  }

  /**
   * A client of {@code host:port} with default settings. No connection is made until the first
   * call.
   *
   * @param host the server's host name or IP address
   * @param port the server's port, 1..65535
   * @return a new client; close it when done
   * @throws IllegalArgumentException if {@code port} is outside 1..65535
   */
  public static ZeroClient connect(String host, int port) {
    return builder(host, port).build();
  }

  /**
   * A client of a target with default settings: {@code host:port}, a list of them, or a {@code
   * scheme:///...} target ({@link #builder(String)}). No connection is made until the first call.
   *
   * @param target where the servers are
   * @return a new client; close it when done
   * @throws IllegalArgumentException if the target is malformed or its scheme unknown
   */
  public static ZeroClient connect(String target) {
    return builder(target).build();
  }

  /**
   * Settings for a client of a target:
   *
   * <ul>
   *   <li>{@code host:port}: one server, as {@link #builder(String, int)};
   *   <li>{@code h1:p1,h2:p2,...}: a fixed list of servers (IPv6 addresses in brackets);
   *   <li>{@code dns:///name:port}: every A/AAAA record of {@code name}, looked up again every
   *       {@link Builder#refreshInterval} and soon after a connection is refused;
   *   <li>{@code scheme:///...}: the resolver of an {@link EndpointResolver.Provider} for that
   *       scheme, found with {@link java.util.ServiceLoader} (e.g. {@code k8s:///service.namespace:port}
   *       from the zero-kubernetes module).
   * </ul>
   *
   * <pre>{@code
   * ZeroClient client = ZeroClient.builder("dns:///orders.shop.svc.cluster.local:5559")
   *     .protocol(Protocol.TCP)
   *     .build();
   * }</pre>
   *
   * @param target where the servers are
   * @return a builder with every other setting at its default
   * @throws IllegalArgumentException if the target is malformed or its scheme unknown
   */
  public static Builder builder(String target) {
    Objects.requireNonNull(target, "target");
    List<InetSocketAddress> fixed = Targets.fixedList(target);
    if (fixed != null && fixed.size() == 1) {
      return new Builder(fixed.get(0).getHostString(), fixed.get(0).getPort());
    }
    if (fixed == null) {
      Targets.check(target); // the form and the scheme now, not at build()
    }
    return new Builder(target, null);
  }

  /**
   * Settings for a client of a fixed list of servers.
   *
   * @param endpoints the servers, at least one; each a host name or address and a port
   * @return a builder with every other setting at its default
   * @throws IllegalArgumentException if {@code endpoints} is empty
   */
  public static Builder builder(List<InetSocketAddress> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("endpoints must not be empty");
    }
    return new Builder(null, new StaticResolver(endpoints));
  }

  /**
   * Settings for a client of the servers {@code resolver} finds (see {@link EndpointResolver}).
   * The client starts the resolver when it is built and closes it when it is closed.
   *
   * @param resolver the source of endpoint lists
   * @return a builder with every other setting at its default
   */
  public static Builder builder(EndpointResolver resolver) {
    return new Builder(null, Objects.requireNonNull(resolver, "resolver"));
  }

  /**
   * Settings for a client of {@code host:port}.
   *
   * @param host the server's host name or IP address
   * @param port the server's port, 1..65535
   * @return a builder with every other setting at its default
   * @throws IllegalArgumentException if {@code port} is outside 1..65535
   */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /**
   * Calls a function without argument (nil is sent) and decodes its result into {@code
   * returnType}.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param returnType the type the result is decoded into; {@code Object.class} for an untyped
   *     result, {@code Void.class} to ignore it
   * @return the decoded result
   * @throws ZeroException if the call fails; the class comment lists the subtypes and their causes
   */
  public <R> R call(String function, Class<R> returnType) {
    return core.call(function, null, returnType, null);
  }

  /**
   * Calls {@code function} with {@code argument} and decodes its result into {@code returnType}
   * ({@code Object.class} for an untyped result, {@code Void.class} to ignore it), within the
   * default timeout.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param argument the argument, encoded with the client's codec; {@code null} is sent as nil
   * @param returnType the type the result is decoded into
   * @return the decoded result
   * @throws ZeroException if the call fails; the class comment lists the subtypes and their causes
   */
  public <R> R call(String function, Object argument, Class<R> returnType) {
    return core.call(function, argument, returnType, null);
  }

  /**
   * As {@link #call(String, Object, Class)}, for a generic result type.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param argument the argument, encoded with the client's codec; {@code null} is sent as nil
   * @param returnType the generic type the result is decoded into, e.g. {@code new
   *     TypeRef<List<Order>>() {}}
   * @return the decoded result
   * @throws ZeroException if the call fails; the class comment lists the subtypes and their causes
   */
  public <R> R call(String function, Object argument, TypeRef<R> returnType) {
    return core.call(function, argument, returnType.type(), null);
  }

  /**
   * As {@link #call(String, Object, Class)}, with this call's own timeout.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param argument the argument, encoded with the client's codec; {@code null} is sent as nil
   * @param returnType the type the result is decoded into; {@code Object.class} for an untyped
   *     result, {@code Void.class} to ignore it
   * @param timeout how long to wait for the reply, instead of the client's default timeout
   * @return the decoded result
   * @throws ZeroException if the call fails; the class comment lists the subtypes and their causes
   */
  public <R> R call(String function, Object argument, Class<R> returnType, Duration timeout) {
    return core.call(function, argument, returnType, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * As {@link #call(String, Object, TypeRef)}, with this call's own timeout.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param argument the argument, encoded with the client's codec; {@code null} is sent as nil
   * @param returnType the generic type the result is decoded into, e.g. {@code new
   *     TypeRef<List<Order>>() {}}
   * @param timeout how long to wait for the reply, instead of the client's default timeout
   * @return the decoded result
   * @throws ZeroException if the call fails; the class comment lists the subtypes and their causes
   */
  public <R> R call(String function, Object argument, TypeRef<R> returnType, Duration timeout) {
    return core.call(function, argument, returnType.type(), Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * A typed client: an implementation of {@code api} whose methods call this client's server. Each
   * abstract method is a remote function:
   *
   * <ul>
   *   <li>its name is the method's name, or the {@link Rpc#value()} of its {@code @Rpc};
   *   <li>it has no parameter (nil is sent) or one (the argument);
   *   <li>a return type {@code T} blocks for the result, decoded with the full generic type ({@code
   *       List<Order>} gives a list of orders); {@code CompletableFuture<T>} or {@code
   *       CompletionStage<T>} returns at once and completes later, like {@link #async()}; {@code
   *       void} blocks until the function has run and ignores its result;
   *   <li>{@link Rpc#timeoutMillis()} gives its calls their own timeout.
   * </ul>
   *
   * <p>Default methods run on the proxy, except those annotated with {@code @Rpc}, which are remote
   * functions like the abstract ones (their body is the server's implementation, when the server
   * registers an implementation of the interface). {@code equals} and {@code hashCode} are those
   * of identity, and {@code toString} names the interface and the server.
   *
   * <pre>{@code
   * public interface OrderApi {
   *   @Rpc("process_order") Order process(Order order);
   *   @Rpc("sleep_async") CompletableFuture<String> sleep(int millis);
   * }
   * OrderApi orders = client.proxy(OrderApi.class);
   * Order processed = orders.process(order);
   * }</pre>
   *
   * <p>Every method is checked here, not at its first call. Calls throw the {@link ZeroException}s
   * that {@link #call(String, Object, Class)} throws, and nothing else; their futures fail with
   * them. The same interface can be implemented on the server and registered with {@link
   * ZeroServer#registerService(Object)}. On the module path, the interface's package must be
   * exported to {@code io.zeroapi} (opened, if the interface is not public and has default
   * methods). The proxy is thread-safe; closing this client ends it.
   *
   * @param <T> the interface
   * @param api the interface whose abstract methods are the server's functions
   * @return a new proxy of {@code api} that calls through this client
   * @throws IllegalArgumentException if {@code api} is not an interface, has type parameters (it or
   *     a super-interface), or one of its methods breaks a rule: more than one parameter, a type
   *     variable or wildcard in its signature, a type the codec cannot handle, a function name
   *     that is reserved or longer than 80 UTF-8 bytes, a negative timeout, or two methods calling
   *     one function with different types; the message names the method and the rule
   */
  public <T> T proxy(Class<T> api) {
    return ClientProxies.create(api, core, server);
  }

  /**
   * Like {@link #proxy(Class)}, and first asks the server for its contract and compares: fails
   * fast, at start-up rather than at some later call, when the interface and the deployed server
   * cannot work together. A problem is a function the server does not serve, a value one side
   * sends that the other cannot decode (a string where a number is expected, a record without a
   * field the other side requires, an enum with no value in common), or a function that needs an
   * argument the interface does not send. Differences that fail for some values only (an {@code
   * long} into an {@code int}, an optional value into a required one, an enum constant added on
   * one side) are allowed, as versions of a service evolve that way.
   *
   * <pre>{@code
   * OrderApi orders = client.verifiedProxy(OrderApi.class); // one call: zero.contract
   * }</pre>
   *
   * @param <T> the interface
   * @param api the interface whose abstract methods are the server's functions
   * @return a new proxy of {@code api} that calls through this client
   * @throws IllegalArgumentException if {@code api} breaks a rule of {@link #proxy(Class)}
   * @throws ContractMismatchException if the interface does not match the server's contract (the
   *     message lists every problem), or the server has no contract (a Python Zero server)
   * @throws ZeroException if the contract cannot be fetched (timeout, connection)
   */
  public <T> T verifiedProxy(Class<T> api) {
    return ClientProxies.createVerified(api, core, server);
  }

  /**
   * Names the server this client calls.
   *
   * @return e.g. {@code ZeroClient[127.0.0.1:5559 (ZMQ)]}
   */
  @Override
  public String toString() {
    return "ZeroClient[" + server + "]";
  }

  /**
   * A view of this client whose calls (blocking, async, proxies) carry {@code metadata} besides
   * this client's own: the same connections, settings and interceptors. Cheap: make one per
   * request scope if needed.
   *
   * <pre>{@code
   * ZeroClient tenant = client.withMetadata(Metadata.of("tenant", "acme"));
   * tenant.call("orders", "alice", Order[].class);
   * }</pre>
   *
   * <p>Metadata reaches servers that read it (Zero for Java); a Python Zero server gets the call
   * without it. Closing the view closes this client, as with {@link #async()}.
   *
   * @param metadata entries to add (their values win over this client's)
   * @return the view
   */
  public ZeroClient withMetadata(Metadata metadata) {
    return new ZeroClient(core.withMetadata(Objects.requireNonNull(metadata, "metadata")), server);
  }

  /** The transport-neutral core (for tests of this package). */
  ClientCore core() {
    return core;
  }

  /** Closes the connections; calls in flight fail with {@link ConnectionException}. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  /**
   * Settings of a client. Every setting has a default; {@link #build()} makes a client that calls
   * both ways ({@link ZeroClient#async()}).
   *
   * <p>Thread safety: a builder is not thread-safe; use it from one thread.
   */
  public static final class Builder {
    private final String host;
    private final int port;
    private final String target; // several endpoints: a target to resolve, or null
    private final EndpointResolver resolver; // several endpoints: a resolver given, or null
    private LoadBalancing loadBalancing = LoadBalancing.LEAST_IN_FLIGHT;
    private Duration refreshInterval = Duration.ofSeconds(10);
    private Duration maxConnectionAge = Duration.ZERO;
    private Protocol protocol = Protocol.ZMQ;
    private Codec codec = MsgpackCodec.create();
    private Duration timeout = Duration.ofSeconds(5);
    private int connections = 1;
    private boolean multiplexed = true;
    private int maxFrameBytes = Checks.DEFAULT_MAX_FRAME_BYTES;
    private int maxPendingCalls = ClientCore.DEFAULT_MAX_PENDING_CALLS;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration maxReconnectBackoff = Duration.ofSeconds(5);
    private String curveServerKey;
    private TlsConfig tls;
    private CurveKeys curveClientKeys;
    private ZeroMqEngine zmqEngine = ZeroMqEngine.AUTO;
    private final List<ClientInterceptor> interceptors = new java.util.ArrayList<>();
    private boolean deadlinePropagation = true;
    private long maxOutboundBytes = OutboundLimit.DEFAULT_MAX_OUTBOUND_BYTES;

    private Builder(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port must be within 1..65535: " + port);
      }
      this.port = port;
      this.target = null;
      this.resolver = null;
    }

    private Builder(String target, EndpointResolver resolver) {
      this.host = null;
      this.port = 0;
      this.target = target;
      this.resolver = resolver;
    }

    /**
     * How each call picks its endpoint, with several; default {@link
     * LoadBalancing#LEAST_IN_FLIGHT}.
     *
     * @param loadBalancing the policy
     * @return this builder
     */
    public Builder loadBalancing(LoadBalancing loadBalancing) {
      this.loadBalancing = Objects.requireNonNull(loadBalancing, "loadBalancing");
      return this;
    }

    /**
     * How often a {@code dns:///} target is looked up again; default 10 s. A refused connection
     * also asks for a lookup (at most one every 2 s). Other targets ignore it.
     *
     * @param refreshInterval time between two lookups; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code refreshInterval} is zero or negative
     */
    public Builder refreshInterval(Duration refreshInterval) {
      this.refreshInterval = Checks.positive(refreshInterval, "refreshInterval");
      return this;
    }

    /**
     * Replaces each endpoint's connections after this age (±10 % per connection, so that clients
     * do not reconnect in step), so that a long-lived client spreads onto new servers behind one
     * address and picks up new addresses; the old connections finish their calls first. Default
     * zero: never. With one {@code host:port}, setting it makes the client work as a client of a
     * list of one.
     *
     * @param maxConnectionAge the age; zero for never
     * @return this builder
     * @throws IllegalArgumentException if {@code maxConnectionAge} is negative
     */
    public Builder maxConnectionAge(Duration maxConnectionAge) {
      this.maxConnectionAge = Checks.notNegative(maxConnectionAge, "maxConnectionAge");
      return this;
    }

    /**
     * The transport; default {@link Protocol#ZMQ} (the original's default). Must match the
     * server's.
     *
     * @param protocol the transport the server listens on
     * @return this builder
     */
    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /**
     * The payload codec; default {@link MsgpackCodec}. Must match the server's.
     *
     * @param codec the codec of arguments and results, the same as the server's
     * @return this builder
     */
    public Builder codec(Codec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * The timeout of calls that do not give their own; default 5 s.
     *
     * @param timeout how long a call waits for its reply; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /**
     * TCP connections in the pool (the original's {@code pool_size}); default 1. The ZeroMQ
     * transport ignores it: one DEALER socket carries every call.
     *
     * @param connections the number of TCP connections, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code connections} is below 1
     */
    public Builder connections(int connections) {
      this.connections = Checks.atLeast(connections, 1, "connections");
      return this;
    }

    /**
     * Many calls in flight per connection (default, {@code true}); {@code false} sends one call at
     * a time per connection, like the Python original's client — use it with several {@link
     * #connections} against servers that answer one request per connection at a time. TCP only:
     * ZeroMQ always multiplexes, and {@link #build()} refuses {@code false} with it.
     *
     * @param multiplexed {@code false} for one call in flight per connection
     * @return this builder
     */
    public Builder multiplexed(boolean multiplexed) {
      this.multiplexed = multiplexed;
      return this;
    }

    /**
     * The largest reply accepted, and the largest request sent, in bytes; default 16 MiB, as the
     * server's default. A call whose encoded argument (with the TCP envelope, on TCP) is larger
     * fails at once with a {@link ValidationException} naming the function, the size and the limit,
     * and is not sent: the server would refuse it.
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
     * The most calls of this client (of all its threads and its async view together) that may wait
     * for their replies at once; default 10,000. Beyond it a call fails at once with a {@link
     * TooManyPendingCallsException} and is not sent, instead of queuing without limit (in memory,
     * and as work the server cannot refuse).
     *
     * @param maxPendingCalls the cap, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxPendingCalls} is below 1
     */
    public Builder maxPendingCalls(int maxPendingCalls) {
      if (maxPendingCalls < 1) {
        throw new IllegalArgumentException("maxPendingCalls must be at least 1: " + maxPendingCalls);
      }
      this.maxPendingCalls = maxPendingCalls;
      return this;
    }

    // --- outbound buffer bound ---

    /**
     * The most bytes of requests that may wait to be written to a connection (the server, or the
     * network, takes them more slowly than they are sent); default 8 MiB. A call is taken while
     * fewer wait, so a connection holds at most this plus one request per caller. Beyond it the
     * {@link AsyncZeroClient} fails a call at once with an {@link OutboundBufferFullException}
     * (unsent), never blocking; the blocking client waits until bytes have been written and sends
     * it then, within the call's timeout (else a {@link CallTimeoutException}, the call unsent).
     * TCP counts each connection's buffer, and with {@code multiplexed(false)} the queue of calls
     * waiting for a connection; ZeroMQ the requests its socket has not taken yet.
     *
     * @param maxOutboundBytes the limit in bytes, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxOutboundBytes} is below 1
     */
    public Builder maxOutboundBytes(long maxOutboundBytes) {
      if (maxOutboundBytes < 1) {
        throw new IllegalArgumentException("maxOutboundBytes must be at least 1: " + maxOutboundBytes);
      }
      this.maxOutboundBytes = maxOutboundBytes;
      return this;
    }

    /**
     * Bound on one connection attempt; default 5 s.
     *
     * @param connectTimeout how long one attempt may take before it counts as failed; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code connectTimeout} is zero or negative
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Checks.positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Cap of the growing delay between failed connection attempts; default 5 s.
     *
     * @param maxReconnectBackoff the longest wait between two attempts; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code maxReconnectBackoff} is negative
     */
    public Builder maxReconnectBackoff(Duration maxReconnectBackoff) {
      this.maxReconnectBackoff = Checks.notNegative(maxReconnectBackoff, "maxReconnectBackoff");
      return this;
    }

    /**
     * Encrypts the {@link Protocol#ZMQ} transport with CURVE; {@code serverPublicKey} is the
     * server's {@link CurveKeys#publicKey()} (Z85). The client makes its own ephemeral key pair.
     * Default: no encryption. ZMQ only: building refuses it with TCP. A wrong key gets no replies:
     * calls end with {@link CallTimeoutException} (or a {@link ConnectionException} on libzmq). A
     * server with an allow-list of client keys refuses an ephemeral pair: use {@link #curve(String,
     * CurveKeys)}.
     *
     * @param serverPublicKey the server's public key, 40 characters of Z85
     * @return this builder
     * @throws IllegalArgumentException if the key is not 40 characters of Z85
     */
    public Builder curve(String serverPublicKey) {
      this.curveServerKey = CurveKeys.checkKey(serverPublicKey, "serverPublicKey");
      this.curveClientKeys = null;
      return this;
    }

    /**
     * Encrypts the {@link Protocol#ZMQ} transport with CURVE, this client using its own key pair:
     * for a server that lets in only the clients on its allow-list ({@link
     * ZeroServer.Builder#curve(CurveKeys, java.util.Collection)}), which must hold {@code
     * clientKeys.publicKey()}. A server that does not list it refuses the handshake: calls then
     * fail at once with a {@link ConnectionException} naming the key, and the client keeps
     * redialling (backing off up to {@link #maxReconnectBackoff}) in case the key is added.
     *
     * @param serverPublicKey the server's public key, 40 characters of Z85
     * @param clientKeys this client's key pair, from {@link CurveKeys#generate()} or {@link
     *     CurveKeys#of}
     * @return this builder
     * @throws IllegalArgumentException if the server key is not 40 characters of Z85
     */
    public Builder curve(String serverPublicKey, CurveKeys clientKeys) {
      this.curveServerKey = CurveKeys.checkKey(serverPublicKey, "serverPublicKey");
      this.curveClientKeys = Objects.requireNonNull(clientKeys, "clientKeys");
      return this;
    }

    /**
     * The ZeroMQ implementation to run on ({@link Protocol#ZMQ} only). Default {@link
     * ZeroMqEngine#AUTO}: libzmq where it can be used, else JeroMQ; the environment variable {@code
     * ZERO_ZMQ_ENGINE} decides for {@code AUTO}. {@link ZeroMqEngine#LIBZMQ} where libzmq cannot
     * be used makes {@code the first call} fail, saying why.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder zmqEngine(ZeroMqEngine engine) {
      this.zmqEngine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    // ---- interceptors and deadlines ----

    /**
     * Runs {@code interceptor} around every call of the client; the first one added is the
     * outermost (it sees the call first and the outcome last).
     *
     * @param interceptor the interceptor (for example {@link BearerTokens#client(String)})
     * @return this builder
     */
    public Builder intercept(ClientInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Whether each call tells the server how long its caller waits, so that a Zero for Java server
     * drops a call whose caller has given up before it runs, and its function can read the time
     * left ({@link ServerCall#timeRemaining()}). Default true. A Python Zero server is never sent
     * a deadline: the client asks a server once whether it reads call headers (docs/metadata.md).
     *
     * @param enabled false to keep deadlines on this side
     * @return this builder
     */
    public Builder deadlinePropagation(boolean enabled) {
      this.deadlinePropagation = enabled;
      return this;
    }

    // --- TLS (TCP only) ---

    /**
     * Calls over TLS ({@link Protocol#TCP} only; mutual TLS if {@code tls} has a {@link
     * TlsConfig#certificate certificate}). Default: plaintext. The server's certificate must name
     * the host connected to (for a {@code dns:///name:port} target, {@code name}) unless {@link
     * TlsConfig#serverName} or {@link TlsConfig#hostnameVerification} says otherwise. A failed
     * handshake fails the calls at once with a {@link TlsException}.
     *
     * @param tls a client configuration, from {@link TlsConfig#client()}
     * @return this builder
     * @throws IllegalArgumentException if {@code tls} is a server configuration
     */
    public Builder tls(TlsConfig tls) {
      Objects.requireNonNull(tls, "tls");
      if (tls.isServer()) {
        throw new IllegalArgumentException("a server TlsConfig was given to the client: use TlsConfig.client()");
      }
      this.tls = tls;
      return this;
    }

    /**
     * A client with these settings; no connection is made until the first call.
     *
     * @return a new client; close it when done
     * @throws IllegalArgumentException if CURVE is set with a protocol other than ZMQ, TLS with a
     *     protocol other than TCP (or unusable key material), or the one-in-flight pool ({@code
     *     multiplexed(false)}) with ZMQ
     */
    public ZeroClient build() {
      if (curveServerKey != null && protocol != Protocol.ZMQ) {
        throw new IllegalArgumentException("CURVE encryption is ZMQ-only; the protocol is " + protocol);
      }
      if (tls != null && protocol != Protocol.TCP) {
        throw new IllegalArgumentException("TLS is TCP-only; the protocol is " + protocol
            + ": set protocol(Protocol.TCP), or encrypt ZeroMQ with curve(...)");
      }
      if (!multiplexed && protocol != Protocol.TCP) {
        throw new IllegalArgumentException(
            "multiplexed(false) (one call in flight per connection) is TCP-only; the protocol is " + protocol);
      }
      boolean several = host == null || !maxConnectionAge.isZero();
      ClientSettings settings = new ClientSettings(several ? "" : host, several ? 0 : port, connections, multiplexed,
          maxFrameBytes, connectTimeout, maxReconnectBackoff, curveServerKey, zmqEngine, maxOutboundBytes,
          tls == null ? null : tls.settings(target == null ? null : Targets.dnsName(target)), curveClientKeys);
      if (!several) {
        return new ZeroClient(new ClientCore(Transports.client(protocol, settings), codec, timeout, maxPendingCalls,
            interceptors, deadlinePropagation), host + ":" + port + " (" + protocol + ")");
      }
      EndpointResolver source = resolver != null ? resolver
          : target != null ? Targets.resolver(target, refreshInterval.toMillis())
          : new StaticResolver(List.of(InetSocketAddress.createUnresolved(host, port)));
      String description = target != null ? target : source.toString();
      ClientTransport balanced = new BalancedTransport(source,
          endpoint -> Transports.client(protocol, settings.withAddress(Targets.connectHost(endpoint), endpoint.getPort())),
          codec, BalancedTransport.Settings.defaults(loadBalancing, maxConnectionAge.toMillis()), description);
      return new ZeroClient(new ClientCore(balanced, codec, timeout, maxPendingCalls, interceptors, deadlinePropagation),
          description + " (" + protocol + ")");
    }

    /**
     * The asynchronous view of a new client with these settings: {@code build().async()}. Closing
     * it closes the client.
     *
     * @return the view of a new client; close it when done
     * @throws IllegalArgumentException if {@link #build()} refuses the settings
     */
    public AsyncZeroClient buildAsync() {
      return build().async();
    }
  }
}
