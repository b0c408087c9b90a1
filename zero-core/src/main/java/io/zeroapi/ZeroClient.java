package io.zeroapi;

import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.Checks;
import io.zeroapi.internal.ClientCore;
import io.zeroapi.internal.ClientProxies;
import io.zeroapi.internal.ClientSettings;
import java.time.Duration;
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
    private ZeroMqEngine zmqEngine = ZeroMqEngine.AUTO;

    private Builder(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port must be within 1..65535: " + port);
      }
      this.port = port;
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
     * calls end with {@link CallTimeoutException}.
     *
     * @param serverPublicKey the server's public key, 40 characters of Z85
     * @return this builder
     * @throws IllegalArgumentException if the key is not 40 characters of Z85
     */
    public Builder curve(String serverPublicKey) {
      this.curveServerKey = CurveKeys.checkKey(serverPublicKey, "serverPublicKey");
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

    /**
     * A client with these settings; no connection is made until the first call.
     *
     * @return a new client; close it when done
     * @throws IllegalArgumentException if CURVE is set with a protocol other than ZMQ, or the
     *     one-in-flight pool ({@code multiplexed(false)}) with ZMQ
     */
    public ZeroClient build() {
      if (curveServerKey != null && protocol != Protocol.ZMQ) {
        throw new IllegalArgumentException("CURVE encryption is ZMQ-only; the protocol is " + protocol);
      }
      if (!multiplexed && protocol != Protocol.TCP) {
        throw new IllegalArgumentException(
            "multiplexed(false) (one call in flight per connection) is TCP-only; the protocol is " + protocol);
      }
      ClientSettings settings = new ClientSettings(host, port, connections, multiplexed, maxFrameBytes, connectTimeout,
          maxReconnectBackoff, curveServerKey, zmqEngine);
      return new ZeroClient(new ClientCore(Transports.client(protocol, settings), codec, timeout, maxPendingCalls),
          host + ":" + port + " (" + protocol + ")");
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
