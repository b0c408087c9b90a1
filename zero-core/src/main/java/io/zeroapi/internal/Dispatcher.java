package io.zeroapi.internal;

import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.ProtocolException;
import io.zeroapi.ServerCall;
import io.zeroapi.ServerInterceptor;
import io.zeroapi.ServerUnavailableException;
import io.zeroapi.UnauthenticatedException;
import io.zeroapi.ValidationException;
import io.zeroapi.codec.Codec;
import io.zeroapi.internal.contract.PythonClientSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests: finds the function, decodes the argument into its declared type with the codec,
 * calls the function on the worker executor and encodes the result, or replies with the error.
 * Transport-neutral (a transport hands it {@link IncomingCall}s): testable without sockets.
 *
 * <p>Thread-safe. Counts calls in flight so that a closing server can let them finish.
 */
public final class Dispatcher implements RequestHandler {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final FunctionRegistry registry;
  private final Codec codec;
  private final Executor executor;
  private final int maxConcurrentCalls;
  private final ThrottledWarning busy = new ThrottledWarning(
      log, "Refused {} call(s) since the last report: the server is busy, at the cap of {} calls running (maxConcurrentCalls)");
  private final ThrottledWarning expired = new ThrottledWarning(
      log, "Dropped a call whose caller's deadline had passed before it could run (`{}`); {} such call(s) since the last report");
  private final ThrottledWarning unauthenticated = new ThrottledWarning(
      log, "Refused an unauthenticated call ({}); {} such call(s) since the last report");
  // For ServerStats: calls refused busy and dropped past their deadline, since start.
  private final java.util.concurrent.atomic.LongAdder refusedBusy = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder expiredCalls = new java.util.concurrent.atomic.LongAdder();
  // Events that can come with every call (a flood of unknown names, a function that fails every
  // time): one WARN line per kind per 10 s with the count; each event at DEBUG.
  private final ThrottledWarning notFound = new ThrottledWarning(
      log, "Function {} not found; {} call(s) to unknown functions since the last report (each at DEBUG)");
  private final ThrottledWarning threw = new ThrottledWarning(
      log, "Function {}; {} call(s) ended with an exception since the last report (each at DEBUG)");
  private final ThrottledWarning badResult = new ThrottledWarning(
      log, "{}; {} result(s) not sent since the last report (each at DEBUG)");
  private volatile ServerInterceptor[] interceptors = new ServerInterceptor[0];
  private final byte[] probeReply;
  private final byte[] connectedReply;
  private final byte[] nilEncoding;
  private final ContractBuilder contract;
  private final String protocol;

  /** The original's code-generation request, answered with the Python client source. */
  static final String GET_RPC_CONTRACT = "get_rpc_contract";

  // Calls in flight: counted without a lock (the event loop and the workers would contend on it);
  // the lock only serves awaitIdle(), and exit() takes it only when somebody waits.
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger idleWaiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private volatile boolean shuttingDown;
  // Per function: whether its calls may start on the I/O thread that read them (see checkHold).
  private final java.util.Map<String, IoThreadPlacement> placements = new java.util.concurrent.ConcurrentHashMap<>();
  // What {@value Health#FUNCTION_NAME} answers; the server turns it off when it starts to drain.
  private volatile boolean serving = true;
  private final byte[] servingReply;
  private final byte[] notServingReply;
  private volatile int maxFrameBytes = Integer.MAX_VALUE;
  private volatile int replyFramingBytes;

  /** A dispatcher without a cap on the calls running at once. */
  public Dispatcher(FunctionRegistry registry, Codec codec, Executor executor) {
    this(registry, codec, executor, Integer.MAX_VALUE);
  }

  /**
   * @param maxConcurrentCalls calls running at once (async ones until their stage completes) beyond
   *     which a request is answered at once with a "server busy" error instead of being run
   */
  public Dispatcher(FunctionRegistry registry, Codec codec, Executor executor, int maxConcurrentCalls) {
    this(registry, codec, executor, maxConcurrentCalls, null);
  }

  /**
   * @param maxConcurrentCalls as above
   * @param protocol the transport's name in the contract ({@code "tcp"}, {@code "zmq"}), or {@code
   *     null} to leave it out
   */
  public Dispatcher(FunctionRegistry registry, Codec codec, Executor executor, int maxConcurrentCalls, String protocol) {
    this.contract = new ContractBuilder(registry, codec, protocol);
    this.protocol = protocol;
    this.registry = registry;
    this.codec = codec;
    this.executor = executor;
    this.maxConcurrentCalls = maxConcurrentCalls;
    this.connectedReply = codec.encode("connected");
    this.probeReply = HeaderNegotiation.probeReply();
    this.nilEncoding = codec.encode(null);
    this.servingReply = codec.encode(Map.of(Health.STATUS_KEY, Health.SERVING));
    this.notServingReply = codec.encode(Map.of(Health.STATUS_KEY, Health.NOT_SERVING));
  }

  /**
   * Results that would make a reply frame longer than {@code maxFrameBytes} are not sent: the call
   * is answered with an error naming the limit instead (a frame over the client's limit would make
   * it drop the connection and fail every call on it).
   *
   * @param maxFrameBytes the frame limit (the server's, which the clients are taken to share)
   * @param framingBytes what a reply frame counts besides its payload
   *     ({@link ServerSettings#replyFramingBytes()})
   * @return this dispatcher
   */
  public Dispatcher limitReplies(int maxFrameBytes, int framingBytes) {
    this.replyFramingBytes = framingBytes;
    this.maxFrameBytes = maxFrameBytes;
    return this;
  }

  /**
   * Runs every call of a registered (or unknown) function through these interceptors, the first
   * one outermost.
   *
   * @return this dispatcher
   */
  public Dispatcher interceptors(java.util.List<ServerInterceptor> chain) {
    this.interceptors = chain.toArray(new ServerInterceptor[0]);
    return this;
  }

  /** Takes a request: runs it on the worker executor, or answers at once that the server cannot. */
  @Override
  public void handle(IncomingCall call) {
    if (shuttingDown) {
      sendError(call, ErrorKeys.SERVER_EXCEPTION, ErrorKeys.SHUTTING_DOWN);
      return;
    }
    if (inFlight.incrementAndGet() > maxConcurrentCalls) {
      busy.count(maxConcurrentCalls);
      refusedBusy.increment();
      sendError(call, ErrorKeys.SERVER_EXCEPTION,
          ErrorKeys.BUSY + ": " + maxConcurrentCalls + " calls are running; try again later");
      exit();
      return;
    }
    call.bind(this);
    try {
      executor.execute(call);
    } catch (RejectedExecutionException e) {
      sendError(call, ErrorKeys.SERVER_EXCEPTION, ErrorKeys.BUSY + " or shutting down: the request was rejected");
      exit();
    }
  }

  /**
   * Builds the contract now (at start), so that the first {@value ContractBuilder#FUNCTION_NAME}
   * request finds it ready and a type that cannot be described is logged at start.
   */
  public void buildContract() {
    contract.bytes();
  }

  /** From now on, requests are answered with an error instead of being run. */
  public void beginShutdown() {
    shuttingDown = true;
  }

  /**
   * Whether {@value Health#FUNCTION_NAME} answers {@value Health#SERVING} (the default) or {@value
   * Health#NOT_SERVING}. Calls are run either way: draining is the server's business.
   */
  public void serving(boolean serving) {
    this.serving = serving;
  }

  /** What {@value Health#FUNCTION_NAME} answers now: {@code true} for {@value Health#SERVING}. */
  public boolean serving() {
    return serving && !shuttingDown;
  }

  /** Waits until no call is in flight, at most {@code timeout}; returns whether that happened. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    idleWaiters.incrementAndGet(); // before reading inFlight: exit() reads them the other way round
    try {
      while (inFlight.get() > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } finally {
      idleWaiters.decrementAndGet();
      lock.unlock();
    }
  }

  /** Calls answered "server busy" at the {@code maxConcurrentCalls} cap since this dispatcher was made. */
  public long refusedBusy() {
    return refusedBusy.sum();
  }

  /** Calls dropped because the caller's deadline had passed before they ran. */
  public long expired() {
    return expiredCalls.sum();
  }

  /** Calls currently running. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Runs one call on a worker thread and always sends exactly one reply. */
  void run(IncomingCall sink) {
    try {
      sink.read();
    } catch (ProtocolException e) {
      log.debug("Malformed request: {}", e.getMessage());
      sendError(sink, ErrorKeys.SERVER_EXCEPTION, e.getMessage());
      exit();
      return;
    }
    String name = sink.function();
    boolean completesLater = false;
    try {
      if (name.equals("connect")) {
        reply(sink, HeaderNegotiation.isProbe(sink.data(), sink.argumentOffset(), sink.argumentLength())
            ? probeReply : connectedReply, false);
        return;
      }
      if (name.equals(Health.FUNCTION_NAME)) {
        // The argument (a service name, for clients that send one) is ignored: the status is the server's.
        reply(sink, serving() ? servingReply : notServingReply, false);
        return;
      }
      try {
        sink.readHeader();
      } catch (ProtocolException e) {
        log.debug("Call to `{}`: {}", ErrorKeys.abbreviate(name, 256), e.getMessage());
        sendError(sink, ErrorKeys.SERVER_EXCEPTION, e.getMessage());
        return;
      }
      if (sink.timeoutMillis() > 0 && System.nanoTime() - sink.deadlineNanos() >= 0) {
        expired.report(ErrorKeys.abbreviate(name, 256));
        expiredCalls.increment();
        sendError(sink, ErrorKeys.SERVER_EXCEPTION, ErrorKeys.DEADLINE_EXCEEDED + ": the caller's timeout of "
            + sink.timeoutMillis() + " ms passed before `" + ErrorKeys.abbreviate(name, 256) + "` could run");
        return;
      }
      if (name.equals(ContractBuilder.FUNCTION_NAME)) {
        // The argument is ignored; the bytes were built at start (again after a registration).
        reply(sink, contract.bytes(), false);
        return;
      }
      if (name.equals(GET_RPC_CONTRACT)) {
        answerGetRpcContract(sink);
        return;
      }
      RegisteredFunction function = registry.lookup(name);
      if (function == null && interceptors.length == 0) {
        reportNotFound(name);
        sendError(sink, ErrorKeys.FUNCTION_NOT_FOUND, ErrorKeys.functionNotFound(name));
        return;
      }
      long started = 0L;
      IoThreadPlacement placement = null;
      if (sink.onIoThread() && function != null) {
        started = System.nanoTime();
        placement = placements.computeIfAbsent(name, n -> new IoThreadPlacement());
        if (placement.offIoThread(started) && moveOffIoThread(sink)) {
          completesLater = true; // the call runs again on the new thread, and ends there
          return;
        }
      }
      if (interceptors.length > 0) {
        CompletionStage<?> outcome;
        ServerCall before = CurrentCall.set(sink);
        try {
          outcome = new Chain(sink, function, 0).proceed();
        } finally {
          CurrentCall.set(before);
          if (placement != null) {
            checkHold(name, placement, started);
          }
        }
        completesLater = true;
        replyWhenDone(sink, name, outcome);
        return;
      }
      Object result;
      ServerCall before = CurrentCall.set(sink);
      try {
        result = invoke(sink, function);
      } finally {
        CurrentCall.set(before);
        if (placement != null) {
          checkHold(name, placement, started);
        }
      }
      if (function.async()) {
        if (result == null) {
          throw new IllegalStateException("async function `" + name + "` returned null instead of a CompletionStage");
        }
        completesLater = true;
        replyWhenDone(sink, name, (CompletionStage<?>) result);
        return;
      }
      sendResult(sink, name, result);
    } catch (Throwable failure) {
      sendFailure(sink, name, failure);
    } finally {
      if (!completesLater) {
        exit();
      }
    }
  }

  /** Replies with the stage's outcome when it completes, and ends the call. */
  private void replyWhenDone(IncomingCall sink, String name, CompletionStage<?> outcome) {
    outcome.whenComplete((value, failure) -> {
      try {
        if (failure != null) {
          sendFailure(sink, name, failure);
        } else {
          sendResult(sink, name, value);
        }
      } finally {
        exit();
      }
    });
  }

  /** Decodes the argument (none for a function without) and calls the function. */
  private Object invoke(IncomingCall sink, RegisteredFunction function) throws Throwable {
    Object argument = null;
    if (function.takesArgument()) {
      argument = decodeArgument(function.argumentType(), sink.data(), sink.argumentOffset(), sink.argumentLength());
    }
    sink.releaseData();
    return function.invoker().invoke(argument);
  }

  /**
   * One step of the interceptor chain: the interceptor at {@code index}, or past the last one the
   * function (decoding its argument first). A blocking function's stage is complete when {@link
   * #proceed()} returns; an async one's is the function's own.
   */
  private final class Chain implements ServerInterceptor.Next {
    private final IncomingCall call;
    private final RegisteredFunction function;
    private final int index;
    private boolean proceeded;

    Chain(IncomingCall call, RegisteredFunction function, int index) {
      this.call = call;
      this.function = function;
      this.index = index;
    }

    @Override
    public CompletionStage<?> proceed() {
      if (proceeded) {
        return CompletableFuture.failedFuture(new IllegalStateException(
            "a ServerInterceptor called proceed() twice for `" + call.function() + "`"));
      }
      proceeded = true;
      try {
        if (index < interceptors.length) {
          CompletionStage<?> stage = interceptors[index].intercept(call, new Chain(call, function, index + 1));
          return stage != null ? stage : CompletableFuture.failedFuture(new IllegalStateException(
              "ServerInterceptor " + interceptors[index].getClass().getName() + " returned null"));
        }
        if (function == null) {
          reportNotFound(call.function());
          return CompletableFuture.failedFuture(new FunctionNotFoundException(ErrorKeys.functionNotFound(call.function())));
        }
        Object result = invoke(call, function);
        if (!function.async()) {
          return CompletableFuture.completedFuture(result);
        }
        if (result == null) {
          throw new IllegalStateException(
              "async function `" + call.function() + "` returned null instead of a CompletionStage");
        }
        return (CompletionStage<?>) result;
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
    }
  }

  /**
   * Hands a call that started on an I/O thread to a thread of the default scheduler, where it runs
   * from the start again; false when that is not possible (a custom executor, or shutting down),
   * and the call goes on here.
   */
  private boolean moveOffIoThread(IncomingCall sink) {
    if (!(executor instanceof CallThreads threads)) {
      return false;
    }
    sink.onIoThread(false);
    try {
      threads.offIoThread(sink);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * After a call that ran on an I/O thread: a function whose calls take longer than {@link
   * CallThreads#HOLD_LIMIT_NANOS} (a computation, or a block the virtual thread could not unmount
   * from) may hold the I/O thread and stall its other connections; {@link IoThreadPlacement} decides
   * when its calls start on the default scheduler instead.
   */
  private void checkHold(String name, IoThreadPlacement placement, long startedNanos) {
    long now = System.nanoTime();
    long took = now - startedNanos;
    long period = placement.record(took, now);
    if (period > 0) {
      log.info("Function `{}` took over {} ms on an I/O thread twice in a row (last: {} ms); its calls run on the JDK's "
          + "default scheduler for the next {} s, so that it does not hold the I/O thread",
          ErrorKeys.abbreviate(name, 256), CallThreads.HOLD_LIMIT_NANOS / 1_000_000,
          String.format(java.util.Locale.ROOT, "%.1f", took / 1e6), period / 1_000_000_000L);
    }
  }

  /**
   * The original's code-generation request: the argument is {@code [host, port, protocol, async]}
   * (v0.9 and older send {@code [host, port]}: this server's protocol, sync), the reply the Python
   * client source as a string, or {@value ErrorKeys#FAILED_TO_GENERATE_CLIENT_CODE} saying what
   * was expected. The contract is the one built at start; the source is linear in its size.
   */
  private void answerGetRpcContract(IncomingCall sink) {
    Object argument;
    try {
      argument = sink.argumentLength() > 0
          ? codec.decode(sink.data(), sink.argumentOffset(), sink.argumentLength(), Object.class)
          : null;
    } catch (RuntimeException e) { // the argument's bytes are not one MessagePack value
      sendError(sink, ErrorKeys.FAILED_TO_GENERATE_CLIENT_CODE,
          GetRpcContractRequest.EXPECTED + "; got bytes that do not decode (" + e.getMessage() + ")");
      return;
    } finally {
      sink.releaseData();
    }
    String source;
    try {
      GetRpcContractRequest request = GetRpcContractRequest.of(argument, protocol == null ? "zmq" : protocol);
      source = PythonClientSource.generate(contract.contract(), request.host(), request.port(), request.protocol(),
          request.async());
    } catch (IllegalArgumentException | IllegalStateException e) {
      sendError(sink, ErrorKeys.FAILED_TO_GENERATE_CLIENT_CODE, e.getMessage());
      return;
    }
    reply(sink, codec.encode(source), false);
  }

  /** The argument of {@value #GET_RPC_CONTRACT}, checked. */
  record GetRpcContractRequest(String host, int port, String protocol, boolean async) {
    private static final String EXPECTED =
        "expected [host, port, protocol, async] (host a string, port an integer 1-65535, protocol \"zmq\" or \"tcp\","
            + " async a boolean) or [host, port]";

    /** Reads the argument; {@code defaultProtocol} is used for the v0.9 form. */
    static GetRpcContractRequest of(Object argument, String defaultProtocol) {
      if (!(argument instanceof java.util.List<?> list) || (list.size() != 2 && list.size() != 4)) {
        throw new IllegalArgumentException(EXPECTED + "; got " + describe(argument));
      }
      if (!(list.get(0) instanceof String host) || host.isEmpty() || host.length() > 255) {
        throw new IllegalArgumentException(EXPECTED + "; the host is " + describe(list.get(0)));
      }
      Object rawPort = list.get(1);
      if (!(rawPort instanceof Long || rawPort instanceof Integer || rawPort instanceof Short || rawPort instanceof Byte)
          || ((Number) rawPort).longValue() < 1 || ((Number) rawPort).longValue() > 65535) {
        throw new IllegalArgumentException(EXPECTED + "; the port is " + describe(rawPort));
      }
      int port = ((Number) rawPort).intValue();
      if (list.size() == 2) {
        return new GetRpcContractRequest(host, port, defaultProtocol, false);
      }
      if (!(list.get(2) instanceof String protocol) || (!protocol.equals("zmq") && !protocol.equals("tcp"))) {
        throw new IllegalArgumentException(EXPECTED + "; the protocol is " + describe(list.get(2)));
      }
      if (!(list.get(3) instanceof Boolean async)) {
        throw new IllegalArgumentException(EXPECTED + "; async is " + describe(list.get(3)));
      }
      return new GetRpcContractRequest(host, port, protocol, async);
    }

    private static String describe(Object value) {
      if (value == null) {
        return "nil";
      }
      String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
      return ErrorKeys.abbreviate(text, 120) + " (" + value.getClass().getSimpleName() + ")";
    }
  }

  /** Decodes the argument; an absent one (ZeroMQ sends no bytes for None) decodes like nil. */
  private Object decodeArgument(Type type, byte[] payload, int offset, int length) {
    return length > 0
        ? codec.decode(payload, offset, length, type)
        : codec.decode(nilEncoding, 0, nilEncoding.length, type);
  }

  private void sendResult(IncomingCall sink, String name, Object value) {
    byte[] encoded;
    try {
      encoded = codec.encode(value);
    } catch (RuntimeException e) {
      String message = "Function `" + name + "` returned a value that cannot be encoded: " + e.getMessage();
      log.debug(message);
      badResult.report(message);
      sendError(sink, ErrorKeys.SERVER_EXCEPTION, "Cannot encode the result of `" + name + "`: " + e.getMessage());
      return;
    }
    if ((long) encoded.length + replyFramingBytes > maxFrameBytes) {
      String message = "The result of `" + name + "` is " + encoded.length + " bytes encoded, over the frame limit of "
          + maxFrameBytes + " bytes (maxFrameBytes); not sent";
      log.debug("{}: answered with an error instead", message);
      badResult.report(message + ": answered with an error instead");
      sendError(sink, ErrorKeys.SERVER_EXCEPTION, message);
      return;
    }
    // Like the original, a result map with a __zerror__ key is flagged as an error on raw TCP.
    reply(sink, encoded, value instanceof Map<?, ?> map && hasErrorKey(map));
  }

  private void sendFailure(IncomingCall sink, String name, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof FunctionNotFoundException) {
      sendError(sink, ErrorKeys.FUNCTION_NOT_FOUND, cause.getMessage());
    } else if (cause instanceof UnauthenticatedException) {
      unauthenticated.report(cause.getMessage());
      log.debug("Function `{}`: {}", name, cause.getMessage());
      sendError(sink, ErrorKeys.SERVER_EXCEPTION, cause.getMessage());
    } else if (cause instanceof ServerUnavailableException) {
      sendError(sink, ErrorKeys.SERVER_EXCEPTION, cause.getMessage());
    } else if (cause instanceof ValidationException) {
      log.debug("Function `{}`: invalid argument: {}", name, cause.getMessage());
      sendError(sink, ErrorKeys.VALIDATION_ERROR, cause.getMessage());
    } else if (cause instanceof ProtocolException) {
      log.debug("Function `{}`: malformed argument: {}", name, cause.getMessage());
      sendError(sink, ErrorKeys.SERVER_EXCEPTION, cause.getMessage());
    } else {
      log.debug("Function `{}` threw {}", name, cause.toString(), cause);
      threw.report("`" + ErrorKeys.abbreviate(name, 256) + "` threw " + cause, cause);
      sendError(sink, ErrorKeys.SERVER_EXCEPTION, describe(cause));
    }
  }

  private void reportNotFound(String name) {
    String shown = ErrorKeys.abbreviate(name, 256);
    log.debug("Function `{}` not found", shown);
    notFound.report("`" + shown + "`");
  }

  private static void sendError(IncomingCall sink, String key, String message) {
    reply(sink, ErrorReplies.encode(key, message), true);
  }

  private static void reply(IncomingCall sink, byte[] payload, boolean error) {
    try {
      sink.reply(payload, error);
    } catch (RuntimeException e) {
      log.debug("Could not send a reply: {}", e.toString());
    }
  }

  private void exit() {
    // A waiter registers before it reads inFlight, and we decrement before we read the waiters
    // (both volatile): either it sees 0 and does not wait, or we see it and signal under the lock
    // it holds from its check until it waits, so the signal cannot be lost.
    if (inFlight.decrementAndGet() == 0 && idleWaiters.get() > 0) {
      lock.lock();
      try {
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private static boolean hasErrorKey(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (key instanceof String s && s.startsWith(ErrorKeys.PREFIX)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof InvocationTargetException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The remote text of an exception, in the original's {@code repr} shape: {@code IllegalStateException('boom')}. */
  static String describe(Throwable t) {
    String message = t.getMessage();
    String name = t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
    if (message == null) {
      return name + "()";
    }
    String quote = message.contains("'") && !message.contains("\"") ? "\"" : "'";
    return name + "(" + quote + message + quote + ")";
  }
}
