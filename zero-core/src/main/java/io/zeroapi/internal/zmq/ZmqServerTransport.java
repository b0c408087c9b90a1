package io.zeroapi.internal.zmq;

import io.zeroapi.ConnectionException;
import io.zeroapi.internal.IncomingCall;
import io.zeroapi.internal.RequestHandler;
import io.zeroapi.internal.ServerSettings;
import io.zeroapi.internal.ServerTransport;
import io.zeroapi.internal.TransportCounters;
import java.nio.charset.CharacterCodingException;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * The ZeroMQ server transport: a ROUTER socket speaking the Python original's message layout (see
 * {@link ZmqFrames}). A request arrives as {@code [peer identity, frame]}; its reply goes back as
 * {@code [peer identity, id16 + payload]}. Errors are in-band {@code __zerror__} maps: ZeroMQ has
 * no error flag.
 *
 * <p>Threading: ZeroMQ sockets are single-threaded, so one I/O thread owns the ROUTER. It drains
 * the socket and the reply queue, then sleeps on an {@link IoWaiter} watching the socket; worker
 * threads queue replies on a lock-free queue and wake it if it sleeps. The I/O thread never runs
 * user code and is never interrupted (JeroMQ is not interrupt-safe). The socket is the {@link
 * ZmqEngine}'s that {@link ZmqEngines} chose: libzmq or JeroMQ.
 *
 * <p>CURVE: with a secret key the ROUTER is a CURVE server; with an allow-list of client keys too,
 * a {@link ZapHandler} bound in the same context decides each handshake, served by the I/O thread
 * between its other work (no thread of its own).
 *
 * <p>An empty argument (a frame of the 96 header bytes only) is an absent argument, nil; the
 * Python ZeroMQ server passes {@code ""} instead (README, "Interop with Python Zero").
 *
 * <p>Limits: messages over {@code maxFrameBytes} + 96 header bytes are refused by the engine, which
 * drops the peer without telling this transport why (neither JeroMQ nor libzmq reports it), so
 * nothing is logged; the Java clients refuse such an argument before sending it. {@code maxInFlightPerConnection} is not applied: ZeroMQ hides connections; its
 * receive high-water mark bounds what is buffered. {@code ioThreads} sets the engine's I/O threads (0: one).
 */
public final class ZmqServerTransport implements ServerTransport {
  private static final Logger log = LoggerFactory.getLogger(ZmqServerTransport.class);

  /** Messages read per poll round before the reply queue is served again. */
  private static final int RECEIVE_BATCH = 256;

  private final ServerSettings settings;
  private final RequestHandler handler;
  private final byte[] curveSecretKey;
  private final Queue<Outgoing> replies = new ConcurrentLinkedQueue<>();
  // Virtual threads of calls scheduled on the I/O thread (see CallThreads): run between reads.
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.Executor ioExecutor = this::runOnIoThread;
  private final ZmqEngine engine;
  // ZeroMQ hides connections from the ROUTER: bytes only (counted on the I/O thread).
  private final TransportCounters counters = new TransportCounters();
  // Malformed messages: one WARN line per 10 s with the count (a bad peer may send thousands).
  private final io.zeroapi.internal.ThrottledWarning malformed = new io.zeroapi.internal.ThrottledWarning(
      log, "Malformed message: {}; {} such message(s) since the last report");
  private volatile IoWaiter wakeup;
  private final Object lifecycle = new Object();

  /** How long closing waits for queued replies to reach their peers. */
  private static final int CLOSE_LINGER_MILLIS = 1_000;

  /** How long the socket must have been quiet before closing stops answering late requests. */
  private static final int CLOSE_QUIET_MILLIS = 50;

  /** How long closing answers late requests at most. */
  private static final int CLOSE_ANSWER_MILLIS = 200;

  private volatile boolean running;
  private Thread ioThread;
  private ZmqContext context;
  /** The CURVE allow-list's ZAP handler, or null; I/O thread only (but {@link #curveRefusals()}). */
  private volatile ZapHandler zap;
  private volatile int port = -1;
  private volatile String endpoint;
  private boolean closed;

  private record Outgoing(byte[] identity, byte[] frame) {}

  public ZmqServerTransport(ServerSettings settings, RequestHandler handler) {
    this.settings = settings;
    this.handler = handler;
    this.curveSecretKey = settings.curveSecretKey() == null ? null : ZMQ.Curve.z85Decode(settings.curveSecretKey());
    this.engine = ZmqEngines.resolve(settings.zmqEngine());
  }

  @Override
  public String description() {
    return "ZeroMQ on " + engine.description();
  }

  @Override
  public TransportCounters counters() {
    return counters;
  }

  /** The engine this server runs on, for logs and tests. */
  public ZmqEngine engine() {
    return engine;
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (ioThread != null || closed) {
        throw new IllegalStateException("already started or closed");
      }
      context = engine.newContext(Math.max(1, settings.ioThreads() == 0 ? 1 : settings.ioThreads()));
      CompletableFuture<Integer> bound = new CompletableFuture<>();
      running = true;
      ioThread = Thread.ofPlatform().name("zero-zmq-server").daemon(true).start(() -> ioLoop(bound));
      try {
        port = bound.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        close();
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        throw new ConnectionException(
            "Cannot bind tcp://" + settings.host() + ":" + settings.port() + ": " + cause.getMessage(), cause);
      }
    }
  }

  /** CURVE handshakes refused by the allow-list so far (for tests). */
  long curveRefusals() {
    ZapHandler handler = zap;
    return handler == null ? 0 : handler.refused();
  }

  @Override
  public int port() {
    return port;
  }

  /**
   * Keeps the endpoint bound: in ZeroMQ, unbinding also drops the peers that connected through it,
   * so the replies of calls still running could not be delivered. New requests arriving while the
   * server shuts down are answered with an error by the dispatcher; {@link #close()} unbinds.
   */
  @Override
  public void stopAccepting() {
    // see Javadoc: nothing to do until close()
  }

  @Override
  public void close() {
    Thread thread;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      running = false;
      thread = ioThread;
    }
    if (thread != null) {
      IoWaiter signal = wakeup;
      if (signal != null) {
        signal.wakeNow();
      }
      if (thread == Thread.currentThread()) {
        return; // closing from the I/O thread: it stops after this round
      }
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        log.warn("The ZeroMQ I/O thread did not stop within 10 s");
      }
    }
  }

  private void ioLoop(CompletableFuture<Integer> bound) {
    ZmqSocket router = null;
    try {
      if (curveSecretKey != null && settings.curveAllowedClients() != null) {
        zap = new ZapHandler(context, settings.curveAllowedClients()); // before any client can connect
      }
      router = context.router();
      configure(router);
      String host = settings.host();
      String address = "tcp://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
          + (settings.port() == 0 ? "*" : Integer.toString(settings.port()));
      endpoint = router.bind(address);
      wakeup = context.newWaiter();
      wakeup.register(router);
      if (zap != null) {
        wakeup.register(zap.socket());
      }
      int boundPort = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
      log.info("ZeroMQ ROUTER bound to {}{} on {}", endpoint, curveSecretKey == null ? ""
          : zap == null ? " (CURVE)" : " (CURVE, " + settings.curveAllowedClients().size() + " client key(s) allowed)",
          engine.description());
      bound.complete(boundPort);
    } catch (RuntimeException e) {
      bound.completeExceptionally(e);
      running = false;
      closeQuietly(router);
      return;
    }
    try {
      while (running) {
        try {
          int received = receive(router);
          boolean ran = runTasks();
          boolean sent = sendReplies(router);
          boolean authenticated = zap != null && zap.serve();
          if (received > 0 || sent || ran || authenticated) {
            wakeup.progress();
          }
          // Sleep only when nothing is left: see IoWaiter for the handshake with the worker threads.
          wakeup.prepareToSleep();
          if (received < RECEIVE_BATCH && running && replies.isEmpty() && tasks.isEmpty()
              && (router.events() & ZmqSocket.POLLIN) == 0 && (zap == null || !zap.hasRequest())) {
            wakeup.sleep(ZmqSockets.POLL_MILLIS);
          } else {
            wakeup.awake();
          }
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          log.warn("ZeroMQ server I/O error (continuing): {}", e.toString());
        }
      }
    } finally {
      // Calls whose threads were scheduled here go on elsewhere: the I/O thread is stopping.
      Runnable task;
      while ((task = tasks.poll()) != null) {
        java.util.concurrent.ForkJoinPool.commonPool().execute(task);
      }
      // Replies of calls that finished during the grace period must still go out: send what is
      // queued, and let the socket flush it for a bounded time instead of dropping it (linger 0).
      try {
        answerLateRequests(router);
        router.setLinger(CLOSE_LINGER_MILLIS);
      } catch (RuntimeException e) {
        log.debug("Flushing replies on close: {}", e.toString());
      }
      closeQuietly(router);
      log.debug("ZeroMQ server on {} stopped", endpoint);
    }
  }

  /**
   * Queues a task (a call's virtual thread) for the I/O thread and wakes it; refused once the I/O
   * thread stops, so that the scheduler runs it elsewhere.
   */
  private void runOnIoThread(Runnable task) {
    if (!running) {
      throw new java.util.concurrent.RejectedExecutionException("the ZeroMQ I/O thread has stopped");
    }
    tasks.add(task);
    if (!running && tasks.remove(task)) { // stopped meanwhile, and its final drain may have passed
      throw new java.util.concurrent.RejectedExecutionException("the ZeroMQ I/O thread has stopped");
    }
    IoWaiter signal = wakeup;
    if (signal != null) {
      signal.signal();
    }
  }

  /** Runs the tasks queued so far (not those they queue); returns whether there was any. */
  private boolean runTasks() {
    int n = tasks.size();
    for (int i = 0; i < n; i++) {
      Runnable task = tasks.poll();
      if (task == null) {
        return i > 0;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("A call's task failed on the ZeroMQ I/O thread: {}", e.toString());
      }
    }
    return n > 0;
  }

  /**
   * On close: requests that reached the socket after the last round would go down with it, and
   * their callers would wait their whole timeout. They are read and handed to the handler (the
   * server's dispatcher answers them "Server is shutting down"), until the socket has been quiet
   * for {@value #CLOSE_QUIET_MILLIS} ms (at most {@value #CLOSE_ANSWER_MILLIS} ms: peers that send again
   * at once keep it busy), and the replies sent.
   */
  private void answerLateRequests(ZmqSocket router) {
    long start = System.nanoTime();
    long quietSince = start;
    while (true) {
      long now = System.nanoTime();
      if (receive(router) > 0) {
        quietSince = now;
      } else if (now - quietSince > TimeUnit.MILLISECONDS.toNanos(CLOSE_QUIET_MILLIS)
          || now - start > TimeUnit.MILLISECONDS.toNanos(CLOSE_ANSWER_MILLIS)) {
        break;
      } else {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      sendReplies(router);
    }
    sendReplies(router);
  }

  /** Sends every queued reply; returns whether there was any. */
  private boolean sendReplies(ZmqSocket router) {
    Outgoing reply;
    boolean any = false;
    while ((reply = replies.poll()) != null) {
      any = true;
      // ROUTER_MANDATORY off: a reply to a gone peer or beyond the send HWM is dropped silently.
      counters.sent(reply.frame().length); // before sending: a caller that has its reply sees it counted
      router.send(reply.identity(), true);
      router.send(reply.frame(), false);
    }
    return any;
  }

  private void configure(ZmqSocket router) {
    router.setLinger(0);
    router.setIpv6(settings.host().contains(":")); // :: or an IPv6 address
    router.setMaxMessageSize((long) settings.maxFrameBytes() + ZmqFrames.HEADER_BYTES);
    router.setHighWaterMarks(ZmqSockets.HIGH_WATER_MARK);
    router.setBacklog(ZmqSockets.BACKLOG);
    router.setHandshakeMillis(settings.zmqHandshakeMillis());
    // ROUTER_MANDATORY stays off (both engines' default): a reply to a gone peer is dropped.
    if (curveSecretKey != null) {
      router.setCurveServer(curveSecretKey);
    }
  }

  private void closeQuietly(ZmqSocket router) {
    if (wakeup != null) {
      wakeup.close();
    }
    if (zap != null) {
      try {
        zap.close();
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    if (router != null) {
      try {
        router.close();
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    try {
      context.close();
    } catch (RuntimeException e) {
      log.debug("Closing the ZeroMQ context: {}", e.toString());
    }
  }

  /**
   * Reads up to a batch of messages without blocking and hands each request to the handler. Returns
   * how many it read ({@link #RECEIVE_BATCH}: more may be waiting).
   */
  private int receive(ZmqSocket router) {
    for (int i = 0; i < RECEIVE_BATCH; i++) {
      byte[] identity = router.receive(true);
      if (identity == null) {
        return i;
      }
      byte[] frame = null;
      byte[] header = null;
      int frames = 1;
      while (router.hasMore()) {
        byte[] part = router.receive(false);
        frames++;
        if (frames == 2) {
          frame = part;
        } else if (frames == 3) {
          header = part;
        }
      }
      // One frame from the original's clients; a Java client adds its call header as a second one
      // (only to a server that said it reads them: the original's workers drop such messages).
      if (frames != 2 && frames != 3) {
        malformed.report((frames - 1) + " frames instead of 1 (a REQ socket? use a DEALER); dropped");
        continue;
      }
      counters.received(frame.length + (header == null ? 0 : header.length));
      handleFrame(identity, frame, header);
    }
    return RECEIVE_BATCH;
  }

  private void handleFrame(byte[] identity, byte[] frame, byte[] header) {
    if (frame.length < ZmqFrames.ID_BYTES) {
      malformed.report(frame.length + " bytes, shorter than a request id; dropped");
      return;
    }
    ZmqCall call = new ZmqCall(identity, frame);
    String name;
    try {
      if (frame.length < ZmqFrames.ID_BYTES + "connect".length()) {
        throw new CharacterCodingException();
      }
      name = ZmqFrames.hasCallHeader(frame)
          ? ZmqFrames.functionName(frame, ZmqFrames.HEADER_BYTES - 1)
          : ZmqFrames.functionName(frame);
    } catch (CharacterCodingException e) {
      malformed.report("cannot read the function name of a " + frame.length + "-byte message (id "
          + HexFormat.of().formatHex(frame, 0, ZmqFrames.ID_BYTES) + "); answered with an error");
      call.reply(ZmqFrames.PROCESSING_ERROR_PAYLOAD, true);
      return;
    }
    int offset = Math.min(ZmqFrames.HEADER_BYTES, frame.length);
    if (ZmqFrames.hasCallHeader(frame)) {
      int headerLength = ZmqFrames.callHeaderLength(frame);
      int headerAt = frame.length - ZmqFrames.HEADER_LENGTH_BYTES - headerLength;
      call.named(name, offset, headerAt - offset);
      call.withHeader(frame, headerAt, headerLength);
    } else {
      call.named(name, offset, frame.length - offset);
      if (header != null) {
        call.withHeader(header, 0, header.length);
      }
    }
    try {
      handler.handle(call);
    } catch (RuntimeException e) {
      log.warn("Request handler failed on `{}`: {}", name, e.toString());
    }
  }

  /** One request: its reply goes back to the peer that sent it, with the request's 16-byte id. */
  private final class ZmqCall extends IncomingCall {
    private final byte[] identity;
    private final byte[] frame;

    ZmqCall(byte[] identity, byte[] frame) {
      this.identity = identity;
      this.frame = frame;
    }

    /** The request names {@code function}; its argument is the {@code length} bytes of the frame at {@code offset}. */
    void named(String function, int offset, int length) {
      request(function, frame, offset, length);
    }

    /** The Java client's call header: in the frame, or in a second frame of the message. */
    void withHeader(byte[] data, int offset, int length) {
      header(data, offset, length);
    }

    @Override
    public void reply(byte[] payload, boolean error) {
      replies.add(new Outgoing(identity, ZmqFrames.reply(frame, payload)));
      wakeup.signal();
    }

    /** The server's I/O thread, where the call's virtual thread may be scheduled, unless the request is large. */
    @Override
    protected java.util.concurrent.Executor ioThread() {
      return frame.length <= io.zeroapi.internal.CallThreads.MAX_IO_THREAD_REQUEST_BYTES ? ioExecutor : null;
    }
  }
}
