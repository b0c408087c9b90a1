package io.zeroapi.internal.zmq;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.ConnectionException;
import io.zeroapi.ValidationException;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.ClientTransport;
import io.zeroapi.internal.Deadline;
import io.zeroapi.internal.ErrorKeys;
import io.zeroapi.internal.OutboundLimit;
import io.zeroapi.internal.Reply;
import io.zeroapi.internal.WriteMark;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * The ZeroMQ client transport: one DEALER socket, connected lazily on the first call, multiplexes
 * every call; replies are matched to calls by their 16-byte request id (a random per-client prefix
 * and a counter, so ids never repeat among calls in flight). {@code connections} and {@code
 * multiplexed} are ignored: a DEALER already carries any number of calls at once.
 *
 * <p>Threading: one I/O thread owns the socket (ZeroMQ sockets are single-threaded; the socket is
 * the {@link ZmqEngine}'s that {@link ZmqEngines} chose: libzmq or JeroMQ). Callers encode
 * and build the frame on their own thread, register the call and queue the frame; the I/O thread
 * sends queued frames, completes futures as replies arrive and fails calls at their deadline (so
 * callbacks attached to the future without an executor run on it: keep them short).
 *
 * <p>Unreachable server: requests wait on this side until the first handshake succeeds, then
 * ZeroMQ queues them across disconnections and reconnects in the background (every 100 ms, backing
 * off to {@code maxReconnectBackoff}; {@code connectTimeout}, at most 2 s, bounds each ZMTP
 * handshake). So a call to a server that is down ends with a {@link CallTimeoutException}, and
 * calls succeed again once the server is back. A late reply (after its call timed out) is dropped.
 * A server that closes every connection during the handshake (a raw TCP server; CURVE on one side
 * only) is reported by the engine's {@link ZmqSocket.Connection#ready()} as a {@link
 * ConnectionException}: the calls waiting then fail with it at once. So does a CURVE client whose
 * key the server's allow-list refuses ({@link ZmqSocket.Connection#refusal()} on JeroMQ, which says
 * it only after the greetings: the calls in flight fail with it too). An argument over {@code
 * maxFrameBytes} is refused before sending; an unknown host fails every call with one line.
 *
 * <p>Outbound bound: the requests queued for the I/O thread and waiting there for the socket
 * (before the handshake, or at the send high-water mark) hold at most {@code maxOutboundBytes}
 * ({@link OutboundLimit}); beyond, a call fails at once, unsent, with {@link
 * io.zeroapi.OutboundBufferFullException}. What the socket took is bounded by its high-water mark
 * in messages ({@link ZmqSockets#HIGH_WATER_MARK}), not in bytes.
 */
public final class ZmqClientTransport implements ClientTransport {
  private static final Logger log = LoggerFactory.getLogger(ZmqClientTransport.class);
  private static final byte[] SPACES = spaces();
  private static final int HANDSHAKE_MAX_MILLIS = 2_000;

  private final ClientSettings settings;
  private final long idPrefix = ThreadLocalRandom.current().nextLong();
  private final AtomicLong idCounter = new AtomicLong(ThreadLocalRandom.current().nextLong());
  private final Map<CallId, Pending> pending = new ConcurrentHashMap<>();
  private final Queue<Outgoing> outgoing = new ConcurrentLinkedQueue<>();
  /** Bytes of the frames in {@link #outgoing} and in the I/O thread's backlog: not yet taken by the socket. */
  private final AtomicLong queuedBytes = new AtomicLong();
  private final OutboundLimit limit;
  /** I/O thread only: whether the current {@link #expireDue} failed a call. */
  private boolean expiredNow;
  private final Object lifecycle = new Object();
  private final LongConsumer expireById = this::expireById;

  private volatile boolean closed;
  /** Why the client cannot work at all (the endpoint could not be resolved), or null. */
  private volatile String fatal;
  private final ZmqEngine engine;
  private volatile IoWaiter wakeup;
  private Thread ioThread;
  private ZmqContext context;

  /** A 128-bit request id as two big-endian longs. */
  private record CallId(long high, long low) {}

  /** A call waiting for its reply; {@code sent} is the I/O thread's (set when the socket took the request). */
  private static final class Pending {
    private final CallId id;
    private final String function;
    private final Deadline deadline;
    private final CompletableFuture<Reply> future;
    private final WriteMark mark;
    private boolean sent;

    Pending(CallId id, String function, Deadline deadline, CompletableFuture<Reply> future, WriteMark mark) {
      this.id = id;
      this.function = function;
      this.deadline = deadline;
      this.future = future;
      this.mark = mark;
    }

    CallId id() {
      return id;
    }

    String function() {
      return function;
    }

    Deadline deadline() {
      return deadline;
    }

    CompletableFuture<Reply> future() {
      return future;
    }

    WriteMark mark() {
      return mark;
    }
  }

  /** A request to send: its frame, and its {@link io.zeroapi.internal.CallHeader} as a second frame, or null. */
  private record Outgoing(Pending call, byte[] frame, byte[] header) {}

  public ZmqClientTransport(ClientSettings settings) {
    this.settings = settings;
    if (settings.curveServerKey() != null) {
      ZMQ.Curve.z85Decode(settings.curveServerKey()); // fails early on a malformed key
    }
    this.engine = ZmqEngines.resolve(settings.zmqEngine());
    this.limit = new OutboundLimit(settings.maxOutboundBytes());
  }

  @Override
  public CompletableFuture<Void> outboundRoom() {
    return limit.room();
  }

  @Override
  public long outboundBytes() {
    return queuedBytes.get();
  }

  /** The engine this client runs on, for logs and tests. */
  public ZmqEngine engine() {
    return engine;
  }

  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline) {
    return call(function, argument, null, deadline, null);
  }

  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline, WriteMark mark) {
    return call(function, argument, null, deadline, mark);
  }

  /** As the others, with the call's header as a second frame of the message (a Java server reads it). */
  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, byte[] header, Deadline deadline,
      WriteMark mark) {
    if (closed) {
      return CompletableFuture.failedFuture(new ConnectionException(closedMessage()));
    }
    byte[] name = function.getBytes(StandardCharsets.UTF_8);
    if (name.length > ZmqFrames.NAME_BYTES) {
      return CompletableFuture.failedFuture(new ValidationException(
          "function name longer than 80 UTF-8 bytes: " + ErrorKeys.abbreviate(function, 100)));
    }
    byte[] payload = argument == null ? new byte[0] : argument; // None travels as no bytes
    if (payload.length > settings.maxFrameBytes()) {
      // The server's engine would drop the connection without a word (ZMQ_MAXMSGSIZE): say it here.
      return CompletableFuture.failedFuture(settings.argumentTooLarge(function, payload.length, false));
    }
    long queued = queuedBytes.get();
    if (limit.refuses(queued)) {
      return CompletableFuture.failedFuture(limit.refusal(function, queued, "to " + settings.address()));
    }
    CallId id = new CallId(idPrefix, idCounter.getAndIncrement());
    // A call header goes inside the frame (ZmqFrames.HEADER_MARK) when the name leaves room for the
    // mark; else, rarely, as a second frame. Either only to a server that said it reads headers.
    boolean headerInFrame = header != null && name.length < ZmqFrames.NAME_BYTES && header.length <= 0xffff;
    int headerBytes = headerInFrame ? header.length + ZmqFrames.HEADER_LENGTH_BYTES : 0;
    byte[] frame = new byte[ZmqFrames.HEADER_BYTES + payload.length + headerBytes];
    ZmqFrames.writeLong(frame, 0, id.high());
    ZmqFrames.writeLong(frame, 8, id.low());
    System.arraycopy(name, 0, frame, ZmqFrames.ID_BYTES, name.length);
    System.arraycopy(SPACES, 0, frame, ZmqFrames.ID_BYTES + name.length, ZmqFrames.NAME_BYTES - name.length);
    System.arraycopy(payload, 0, frame, ZmqFrames.HEADER_BYTES, payload.length);
    if (headerInFrame) {
      frame[ZmqFrames.HEADER_BYTES - 1] = ZmqFrames.HEADER_MARK;
      int at = ZmqFrames.HEADER_BYTES + payload.length;
      System.arraycopy(header, 0, frame, at, header.length);
      frame[frame.length - 2] = (byte) (header.length >>> 8);
      frame[frame.length - 1] = (byte) header.length;
    }
    byte[] secondFrame = headerInFrame ? null : header;

    CompletableFuture<Reply> future = new CompletableFuture<>();
    Pending call = new Pending(id, function, deadline, future, mark);
    pending.put(id, call);
    // A caller that gives up (cancel) frees its entry at once.
    future.whenComplete((reply, failure) -> {
      if (failure != null) {
        pending.remove(id, call);
      }
    });
    IoWaiter signal = ensureStarted();
    if (signal == null || closed) {
      if (pending.remove(id, call)) {
        future.completeExceptionally(new ConnectionException(closedMessage()));
      }
      return future;
    }
    queuedBytes.addAndGet(frame.length);
    outgoing.add(new Outgoing(call, frame, secondFrame));
    signal.signal();
    return future;
  }

  @Override
  public void close() {
    Thread thread;
    IoWaiter signal;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      thread = ioThread;
      signal = wakeup;
    }
    if (thread != null) {
      signal.wakeNow();
      if (thread != Thread.currentThread()) { // close() may come from a callback on the I/O thread
        try {
          thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    failAll("Client closed");
    limit.wake();
  }

  private String closedMessage() {
    String reason = fatal;
    return reason != null ? reason : "Client closed";
  }

  private void failAll(String message) {
    for (CallId id : pending.keySet()) {
      Pending call = pending.remove(id);
      if (call != null) {
        call.future().completeExceptionally(new ConnectionException(message));
      }
    }
  }

  /** Starts the I/O thread on the first call; returns its wakeup, or null when closed. */
  private IoWaiter ensureStarted() {
    IoWaiter signal = wakeup;
    if (signal != null) {
      return signal;
    }
    synchronized (lifecycle) {
      if (closed) {
        return null;
      }
      if (wakeup == null) {
        context = engine.newContext(1);
        IoWaiter created = context.newWaiter();
        ioThread = Thread.ofPlatform().name("zero-zmq-client").daemon(true).start(() -> ioLoop(context, created));
        wakeup = created;
      }
      return wakeup;
    }
  }

  private void expire(Pending call) {
    if (pending.remove(call.id(), call)) {
      call.future().completeExceptionally(call.deadline().timedOut(call.function()));
    }
  }

  private void ioLoop(ZmqContext context, IoWaiter signal) {
    String endpoint = endpoint(settings.host(), settings.port());
    ArrayDeque<Outgoing> backlog = new ArrayDeque<>();
    // Deadlines of calls handed to this thread; completed calls are skipped when they come up.
    Deadlines deadlines = new Deadlines();
    ZmqSocket.Connection connection = null;
    try {
      ZmqSocket dealer;
      try {
        // Looked up here, so that an unknown host is said the same way on every engine (an engine
        // may look it up in the background and retry for ever), and an IPv6-only name works.
        boolean ipv6 = ipv6Only(settings.host());
        dealer = context.dealer();
        configure(dealer, ipv6);
        connection = dealer.connect(endpoint, signal);
      } catch (RuntimeException e) {
        // An unknown host, an address the engine cannot use: one line for the caller, not a stack trace.
        fatal = "Cannot connect to " + settings.address() + ": " + describeConnectFailure(e);
        log.debug("ZeroMQ client of {}: {}", endpoint, fatal, e);
        return;
      }
      log.debug("ZeroMQ DEALER connecting to {} on {}", endpoint, engine.description());
      signal.register(dealer);
      boolean ready = false;
      while (!closed) {
        try {
          String refused = null;
          if (!ready) {
            try {
              ready = connection.ready();
            } catch (ConnectionException e) {
              // The engine knows the handshake cannot succeed (the server speaks another protocol):
              // the calls waiting for it fail now instead of at their timeout. It keeps redialling.
              refused = e.getMessage();
            }
          } else if ((refused = connection.refusal()) != null) {
            // Refused after the greetings (JeroMQ, a CURVE key not on the server's allow-list): the
            // calls sent went down with the connection, and the next wait for ready() to redial.
            ready = false;
            failAll(refused);
          }
          boolean progress = receive(dealer);
          if (ready && connection.lost() > 0) {
            progress = true;
            receive(dealer); // replies that came before the connection closed are read first
            failSent(endpoint);
          }
          Outgoing next;
          while ((next = outgoing.poll()) != null) {
            progress = true;
            backlog.add(next);
            deadlines.add(next.call().id().low(), next.call().deadline().nanos());
          }
          if (refused != null) {
            failWaiting(backlog, refused);
          }
          if (expireDue(deadlines) && !ready) {
            dropEnded(backlog); // no handshake yet: what waits must not hold the bytes of ended calls
          }
          while (ready && (next = backlog.peek()) != null) {
            if (!pending.containsKey(next.call().id())) {
              backlog.poll(); // timed out or cancelled before it could be sent
              queuedBytes.addAndGet(-next.frame().length);
            } else if (send(dealer, next)) {
              backlog.poll();
              queuedBytes.addAndGet(-next.frame().length);
              progress = true;
            } else {
              break; // send high-water mark reached: wait until the socket is writable
            }
          }
          if (limit.waiting()) {
            limit.drained(queuedBytes.get());
          }
          if (progress) {
            signal.progress();
          }
          // Sleep only when nothing is left: see IoWaiter for the handshake with the calling threads.
          signal.prepareToSleep();
          long sleepMillis = ready ? pollMillis(deadlines) : Math.min(connection.pollMillis(), pollMillis(deadlines));
          if (sleepMillis > 0 && !closed && outgoing.isEmpty() && !socketReady(dealer, ready && !backlog.isEmpty())
              && !connection.hasNews()) {
            signal.sleep(sleepMillis);
          } else {
            signal.awake();
          }
        } catch (RuntimeException e) {
          if (closed) {
            break;
          }
          log.warn("ZeroMQ client I/O error (continuing): {}", e.toString());
        }
      }
    } catch (RuntimeException e) {
      fatal = "ZeroMQ client I/O thread of " + endpoint + " failed: " + e;
      log.error("{}; the client is closed", fatal);
      log.debug("The failure of the ZeroMQ client I/O thread", e);
    } finally {
      if (connection != null) {
        connection.close();
      }
      signal.close();
      context.close();
      if (!closed) { // only after a failure: nobody would complete or time out calls any more
        closed = true;
        failAll(closedMessage());
      }
      log.debug("ZeroMQ client of {} stopped", endpoint);
    }
  }

  /**
   * Offers the request to the socket, marked written first: ZeroMQ may deliver it once it takes it
   * (a request the socket refused at its high-water mark stays marked: conservative, never retried).
   */
  private static boolean send(ZmqSocket dealer, Outgoing next) {
    WriteMark mark = next.call().mark();
    if (mark != null) {
      mark.markWritten();
    }
    next.call().sent = true;
    byte[] header = next.header();
    if (!dealer.send(next.frame(), header != null)) {
      return false;
    }
    // The first frame taken, the socket takes the rest of the message: ZeroMQ delivers it whole or not at all.
    return header == null || dealer.send(header, false);
  }

  /**
   * The connection to the server was lost: the calls sent so far can get no reply (ZeroMQ drops a
   * ROUTER's replies to a peer that is gone), so they fail now with a {@link ConnectionException},
   * as on raw TCP, instead of at their timeout. They may have run. Calls not yet sent wait in the
   * socket for the reconnection, as before.
   */
  private void failSent(String endpoint) {
    int failed = 0;
    for (Pending call : pending.values()) {
      if (call.sent && pending.remove(call.id(), call)) {
        failed++;
        call.future().completeExceptionally(new ConnectionException("Connection to " + settings.address()
            + " lost before the reply to `" + call.function() + "` (the server closed it or went away"
            + (settings.curveServerKey() != null ? ", or ended the CURVE handshake: check --curve-server-key" : "")
            + "; the call may have run)"));
      }
    }
    log.debug("ZeroMQ connection to {} lost; {} call(s) sent on it failed", endpoint, failed);
  }

  /** Fails the calls waiting to be sent with {@code message}. */
  private void failWaiting(ArrayDeque<Outgoing> backlog, String message) {
    Outgoing next;
    while ((next = backlog.poll()) != null) {
      queuedBytes.addAndGet(-next.frame().length);
      Pending call = next.call();
      if (pending.remove(call.id(), call)) {
        call.future().completeExceptionally(new ConnectionException(message));
      }
    }
  }

  /** {@code tcp://host:port}, an IPv6 address in brackets. */
  static String endpoint(String host, int port) {
    return "tcp://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The cause of a failed connect in a few words: {@code unknown host h: ...}, as the TCP client says it. */
  static String describeConnectFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + t.getMessage(); // as the TCP client says it
      }
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * Whether {@code host} is an IPv6 address, or a name with IPv6 addresses only (ZMQ_IPV6 is then
   * needed; with IPv4 addresses too, the engine's IPv4 default is kept).
   *
   * @throws IllegalArgumentException for an unknown host, caused by the {@link java.net.UnknownHostException}
   */
  static boolean ipv6Only(String host) {
    if (host.contains(":")) {
      return true;
    }
    try {
      for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
        if (address instanceof java.net.Inet4Address) {
          return false;
        }
      }
      return true;
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private void configure(ZmqSocket dealer, boolean ipv6) {
    dealer.setLinger(0);
    dealer.setIpv6(ipv6);
    dealer.setReconnectMillis(100, Math.clamp(settings.maxReconnectBackoff().toMillis(), 100, Integer.MAX_VALUE));
    dealer.setMaxMessageSize((long) settings.maxFrameBytes() + ZmqFrames.ID_BYTES);
    dealer.setHighWaterMarks(ZmqSockets.HIGH_WATER_MARK);
    // The ZMTP handshake is bounded by connectTimeout, at most 2 s. Besides slow peers, this recovers
    // from a JeroMQ 0.6.0 stall seen in tests (a few percent of connections made by a fresh context
    // never read the server's greeting): the handshake timeout drops the connection, ZeroMQ
    // reconnects and the queued requests go out on the new one.
    dealer.setHandshakeMillis(Math.clamp(settings.connectTimeout().toMillis(), 100, HANDSHAKE_MAX_MILLIS));
    if (settings.curveServerKey() != null) {
      // Its own pair for a server with an allow-list of client keys, else an ephemeral one.
      io.zeroapi.CurveKeys mine = settings.curveClientKeys() != null ? settings.curveClientKeys()
          : io.zeroapi.CurveKeys.generate();
      dealer.setCurveClient(ZMQ.Curve.z85Decode(settings.curveServerKey()), ZMQ.Curve.z85Decode(mine.publicKey()),
          ZMQ.Curve.z85Decode(mine.secretKey()));
    }
  }

  /** Whether {@code dealer} has a reply to read, or room to send when {@code wantToSend}. */
  private static boolean socketReady(ZmqSocket dealer, boolean wantToSend) {
    int events = dealer.events();
    return (events & ZmqSocket.POLLIN) != 0 || (wantToSend && (events & ZmqSocket.POLLOUT) != 0);
  }

  /** Reads up to a batch of replies and completes their calls; returns whether there was any. */
  private boolean receive(ZmqSocket dealer) {
    for (int i = 0; i < 1024; i++) {
      byte[] frame = dealer.receive(true);
      if (frame == null) {
        return i > 0;
      }
      boolean multipart = false;
      while (dealer.hasMore()) {
        dealer.receive(false);
        multipart = true;
      }
      if (multipart || frame.length < ZmqFrames.ID_BYTES) {
        log.debug("Dropped a malformed reply ({} bytes{})", frame.length, multipart ? ", several frames" : "");
        continue;
      }
      CallId id = new CallId(ZmqFrames.readLong(frame, 0), ZmqFrames.readLong(frame, 8));
      Pending call = pending.remove(id);
      if (call == null) {
        log.debug("Dropped a reply to no call in flight (late, after its timeout?)");
        continue;
      }
      call.future().complete(new Reply(Arrays.copyOfRange(frame, ZmqFrames.ID_BYTES, frame.length), false));
    }
    return true;
  }

  /** How long the next poll may block: until the nearest deadline, at most POLL_MILLIS. */
  private static long pollMillis(Deadlines deadlines) {
    if (deadlines.isEmpty()) {
      return ZmqSockets.POLL_MILLIS;
    }
    long nanos = deadlines.nextDeadline() - System.nanoTime();
    return nanos <= 0 ? 0 : Math.min(ZmqSockets.POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(nanos) + 1);
  }

  /**
   * Fails the calls whose deadline has passed (entries of calls already answered find nothing);
   * returns whether any was failed.
   */
  private boolean expireDue(Deadlines deadlines) {
    expiredNow = false;
    deadlines.pollDue(System.nanoTime(), expireById);
    return expiredNow;
  }

  /** Removes the calls that ended (timed out, cancelled) from the backlog, freeing their bytes. */
  private void dropEnded(ArrayDeque<Outgoing> backlog) {
    backlog.removeIf(next -> {
      if (pending.containsKey(next.call().id())) {
        return false;
      }
      queuedBytes.addAndGet(-next.frame().length);
      return true;
    });
  }

  /** Expires the call with this counter, if it is still pending. */
  private void expireById(long counter) {
    Pending call = pending.get(new CallId(idPrefix, counter));
    if (call != null) {
      expire(call);
      expiredNow = true;
    }
  }

  private static byte[] spaces() {
    byte[] spaces = new byte[ZmqFrames.NAME_BYTES];
    Arrays.fill(spaces, (byte) ' ');
    return spaces;
  }
}
