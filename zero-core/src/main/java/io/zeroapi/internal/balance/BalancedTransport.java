package io.zeroapi.internal.balance;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.ConnectionException;
import io.zeroapi.EndpointResolver;
import io.zeroapi.LoadBalancing;
import io.zeroapi.OutboundBufferFullException;
import io.zeroapi.ZeroException;
import io.zeroapi.codec.Codec;
import io.zeroapi.internal.ClientTransport;
import io.zeroapi.internal.Deadline;
import io.zeroapi.internal.ErrorKeys;
import io.zeroapi.internal.ErrorReplies;
import io.zeroapi.internal.Health;
import io.zeroapi.internal.Reply;
import io.zeroapi.internal.WriteMark;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client transport over several endpoints: one transport per endpoint (TCP pool or ZeroMQ
 * DEALER, made by {@code factory}), created and retired as the {@link EndpointResolver}'s list
 * changes, and a pick per call ({@link LoadBalancing}).
 *
 * <p>Failures: a call whose transport failed with a {@link ConnectionException} before the
 * request was handed to a connection ({@link WriteMark} unset: connection refused, no connection
 * yet) is sent to another endpoint within its deadline, and its endpoint is ejected. So is a call
 * the server refused without running it ({@link ErrorKeys#isRefusal}). Any other failure (the
 * connection was lost after the request was written, a timeout) is the caller's: the function may
 * have run; the endpoint is then probed with the health function {@value #HEALTH_FUNCTION} and
 * ejected if it does not answer or says it is not serving. An ejected endpoint gets no calls for a
 * growing, jittered time, then is probed again and returns when it answers. Never more than half
 * the endpoints are ejected at once.
 *
 * <p>Thread-safe.
 */
public final class BalancedTransport implements ClientTransport, EndpointResolver.Listener {
  private static final Logger log = LoggerFactory.getLogger(BalancedTransport.class);

  /** The reserved health function of Java servers; Python servers answer "function not found". */
  public static final String HEALTH_FUNCTION = Health.FUNCTION_NAME;

  /**
   * Timings of ejection and connection age.
   *
   * @param policy how a call's endpoint is picked
   * @param maxConnectionAgeMillis an endpoint's transport is replaced after this age (±10 %), so
   *     that long-lived clients rebalance; 0 for never
   * @param ejectionMillis the first ejection's length, doubled at each further one (±20 %)
   * @param maxEjectionMillis the cap of an ejection's length
   * @param probeTimeoutMillis how long a health probe waits for its answer
   * @param healthCheckMillis every endpoint in the set is probed this often (±10 %), so that one
   *     that reports NOT_SERVING (a server draining before it stops) is left before it closes its
   *     connections; 0 for probes only after a failure
   */
  public record Settings(
      LoadBalancing policy, long maxConnectionAgeMillis, long ejectionMillis, long maxEjectionMillis,
      long probeTimeoutMillis, long healthCheckMillis) {
    /** The defaults: 1 s first ejection, 30 s cap, 1 s probe timeout, a health check every second. */
    public static Settings defaults(LoadBalancing policy, long maxConnectionAgeMillis) {
      return new Settings(policy, maxConnectionAgeMillis, 1_000, 30_000, 1_000, 1_000);
    }

    /** These settings without the periodic health checks (probes only after a failure). */
    public Settings withoutHealthChecks() {
      return new Settings(policy, maxConnectionAgeMillis, ejectionMillis, maxEjectionMillis, probeTimeoutMillis, 0);
    }
  }

  private final EndpointResolver resolver;
  private final Function<InetSocketAddress, ClientTransport> factory;
  private final Codec codec;
  private final Settings settings;
  private final String target;
  private final Object lock = new Object();
  private final Map<InetSocketAddress, Endpoint> byAddress = new LinkedHashMap<>(); // guarded by lock
  private volatile Endpoint[] endpoints = new Endpoint[0];
  private final CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
  private final AtomicInteger roundRobin = new AtomicInteger(ThreadLocalRandom.current().nextInt());
  private final AtomicInteger transportsOpened = new AtomicInteger();
  private volatile String lastError;
  private volatile boolean closed;

  /**
   * @param resolver the endpoint source, started here
   * @param factory a transport to one endpoint
   * @param codec the client's codec (to read health answers)
   * @param settings timings
   * @param target the target, for messages
   */
  public BalancedTransport(EndpointResolver resolver, Function<InetSocketAddress, ClientTransport> factory, Codec codec,
      Settings settings, String target) {
    this.resolver = resolver;
    this.factory = factory;
    this.codec = codec;
    this.settings = settings;
    this.target = target;
    try {
      resolver.start(this);
    } catch (RuntimeException e) { // e.g. an API server that cannot be reached: calls fail saying so
      log.warn("{}: the resolver failed to start: {}", target, e.toString());
      onError("the resolver failed to start: " + e.getMessage());
    }
  }

  // ---- endpoint set ----

  @Override
  public void onEndpoints(List<InetSocketAddress> addresses) {
    if (addresses.isEmpty()) {
      onError("the resolver found no endpoint");
      return;
    }
    List<Subchannel> retired = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      Set<InetSocketAddress> wanted = new HashSet<>(addresses);
      for (var it = byAddress.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<InetSocketAddress, Endpoint> entry = it.next();
        if (!wanted.contains(entry.getKey())) {
          it.remove();
          Subchannel s = entry.getValue().remove();
          if (s != null) {
            retired.add(s);
          }
          log.debug("{}: endpoint {} left", target, entry.getKey());
        }
      }
      for (InetSocketAddress address : addresses) {
        if (!byAddress.containsKey(address)) {
          byAddress.put(address, new Endpoint(address));
          log.debug("{}: endpoint {} joined", target, address);
        }
      }
      endpoints = byAddress.values().toArray(new Endpoint[0]);
    }
    for (Subchannel s : retired) {
      s.retire(); // in-flight calls finish first
    }
    firstAnswer.complete(null);
  }

  @Override
  public void onError(String message) {
    lastError = message;
    log.debug("{}: {}", target, message);
    firstAnswer.complete(null); // calls waiting for a first list fail now, saying why
  }

  // ---- calls ----

  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline) {
    return call(function, argument, null, deadline, null);
  }

  /** As the others; each endpoint's transport decides whether it sends the header ({@link io.zeroapi.internal.HeaderNegotiation}). */
  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, byte[] header, Deadline deadline,
      WriteMark unused) {
    if (closed) {
      return CompletableFuture.failedFuture(new ConnectionException("Client closed"));
    }
    CompletableFuture<Reply> result = new CompletableFuture<>();
    if (firstAnswer.isDone()) {
      attempt(function, argument, header, deadline, result, null);
    } else {
      var timer = Scheduler.schedule(() -> result.completeExceptionally(deadline.timedOut(function)),
          Math.max(1, deadline.remainingMillis()));
      firstAnswer.whenComplete((v, e) -> {
        timer.cancel(false);
        if (!result.isDone()) {
          attempt(function, argument, header, deadline, result, null);
        }
      });
    }
    return result;
  }

  private void attempt(String function, byte[] argument, byte[] header, Deadline deadline,
      CompletableFuture<Reply> result, Set<Endpoint> tried) {
    Endpoint endpoint;
    Subchannel channel;
    while (true) {
      if (closed) {
        result.completeExceptionally(new ConnectionException("Client closed"));
        return;
      }
      endpoint = pick(tried);
      if (endpoint == null) {
        result.completeExceptionally(noEndpoint(tried));
        return;
      }
      channel = endpoint.acquire();
      if (channel != null) {
        break;
      }
      tried = with(tried, endpoint); // removed meanwhile
    }
    WriteMark mark = new WriteMark();
    CompletableFuture<Reply> sent;
    try {
      sent = channel.transport.call(function, argument, header, deadline, mark);
    } catch (RuntimeException e) {
      channel.release();
      result.completeExceptionally(e);
      return;
    }
    Endpoint picked = endpoint;
    Subchannel used = channel;
    Set<Endpoint> triedSoFar = tried;
    long start = System.nanoTime();
    sent.whenComplete((reply, failure) -> {
      used.release();
      if (failure == null) {
        long end = System.nanoTime();
        if (used.answered++ > 0) { // the first call of a transport includes connecting
          picked.latency(end - start, end);
        }
        String refusal = refusal(reply);
        if (refusal == null) {
          result.complete(reply);
        } else {
          // The server did not run it (busy, shutting down): safe to send elsewhere.
          picked.suspect();
          retryOrFinish(function, argument, header, deadline, result, with(triedSoFar, picked), reply, null);
        }
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof ConnectionException && !mark.written() && !closed) {
        // Certainly never reached the server: refused, unreachable, or its transport was retired.
        picked.refused(cause.getMessage());
        resolver.refresh();
        retryOrFinish(function, argument, header, deadline, result, with(triedSoFar, picked), null, cause);
        return;
      }
      if (cause instanceof OutboundBufferFullException && !closed) {
        // Refused unsent (that endpoint's connection is backed up): another endpoint may take it.
        retryOrFinish(function, argument, header, deadline, result, with(triedSoFar, picked), null, cause);
        return;
      }
      if (cause instanceof ConnectionException || cause instanceof CallTimeoutException) {
        picked.suspect(); // may have run: never retried; the endpoint is checked
      }
      result.completeExceptionally(cause);
    });
  }

  private void retryOrFinish(String function, byte[] argument, byte[] header, Deadline deadline,
      CompletableFuture<Reply> result, Set<Endpoint> tried, Reply reply, Throwable failure) {
    if (!deadline.expired() && tried.size() < endpoints.length && !result.isDone()) {
      attempt(function, argument, header, deadline, result, tried);
    } else if (failure != null) {
      result.completeExceptionally(failure);
    } else {
      result.complete(reply);
    }
  }

  private static Set<Endpoint> with(Set<Endpoint> tried, Endpoint endpoint) {
    Set<Endpoint> next = tried == null ? new HashSet<>() : tried;
    next.add(endpoint);
    return next;
  }

  /** The refusal text of a reply that says the server did not run the call, or null. */
  private String refusal(Reply reply) {
    byte[] payload = reply.payload();
    if (payload.length == 0 || (payload[0] & 0xff) != 0x81) {
      return null; // fast path: not a one-entry map, so not an error reply
    }
    ErrorReplies.ErrorReply error = ErrorReplies.parse(payload, codec);
    return error != null && ErrorKeys.SERVER_EXCEPTION.equals(error.key()) && ErrorKeys.isRefusal(error.message())
        ? error.message() : null;
  }

  private ConnectionException noEndpoint(Set<Endpoint> tried) {
    String error = lastError;
    return new ConnectionException("No endpoint of " + target + " to call"
        + (tried != null ? " (" + tried.size() + " tried)" : "") + (error != null ? ": " + error : ""));
  }

  /**
   * The endpoint of the next call, not among {@code tried}; ejected endpoints only when no other is
   * left (an ejection is a guess; failing a call that could have been tried would be worse).
   */
  Endpoint pick(Set<Endpoint> tried) {
    Endpoint[] all = endpoints;
    int n = all.length;
    if (n == 0) {
      return null;
    }
    if (n == 1) {
      return tried != null && tried.contains(all[0]) ? null : all[0];
    }
    long now = System.nanoTime();
    if (tried == null) { // fast path: two random distinct endpoints, or the next one
      if (settings.policy() == LoadBalancing.ROUND_ROBIN) {
        int start = roundRobin.getAndIncrement();
        for (int i = 0; i < n; i++) {
          Endpoint e = all[Math.floorMod(start + i, n)];
          if (!e.ejected(now)) {
            return e;
          }
        }
        return all[Math.floorMod(start, n)];
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int i = random.nextInt(n);
      int j = random.nextInt(n - 1);
      if (j >= i) {
        j++;
      }
      Endpoint a = all[i];
      Endpoint b = all[j];
      boolean aOk = !a.ejected(now);
      boolean bOk = !b.ejected(now);
      if (aOk && bOk) {
        return lessLoaded(a, b);
      }
      if (aOk || bOk) {
        return aOk ? a : b;
      }
    }
    List<Endpoint> usable = new ArrayList<>(n);
    List<Endpoint> ejected = new ArrayList<>(n);
    for (Endpoint e : all) {
      if (tried == null || !tried.contains(e)) {
        (e.ejected(now) ? ejected : usable).add(e);
      }
    }
    List<Endpoint> from = usable.isEmpty() ? ejected : usable;
    if (from.isEmpty()) {
      return null;
    }
    if (settings.policy() == LoadBalancing.ROUND_ROBIN || from.size() == 1) {
      return from.get(Math.floorMod(roundRobin.getAndIncrement(), from.size()));
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int i = random.nextInt(from.size());
    int j = random.nextInt(from.size() - 1);
    if (j >= i) {
      j++;
    }
    return lessLoaded(from.get(i), from.get(j));
  }

  /**
   * The endpoint with the lower expected wait: its calls in flight plus this one, times its recent
   * answer time (as Finagle's peak-EWMA balancer). Calls in flight alone would let an idle slow
   * endpoint take a call from a busy fast one, which a lightly loaded client does all the time; an
   * endpoint whose answer time is unknown (new, or not called for {@link #LATENCY_MEMORY_NANOS})
   * costs nothing, so it is tried. Ties go to fewer calls in flight.
   */
  static Endpoint lessLoaded(Endpoint a, Endpoint b) {
    long now = System.nanoTime();
    int fa = a.inFlight();
    int fb = b.inFlight();
    long ca = (fa + 1L) * a.latency(now);
    long cb = (fb + 1L) * b.latency(now);
    if (ca != cb) {
      return ca < cb ? a : b;
    }
    return fa <= fb ? a : b;
  }

  /** An endpoint's answer time halves every this long without an answer. */
  static final long LATENCY_HALVING_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  // ---- ejection ----

  /** Whether one more endpoint may be ejected: never more than half of them at once. */
  private boolean mayEject() {
    Endpoint[] all = endpoints;
    long now = System.nanoTime();
    int ejected = 0;
    for (Endpoint e : all) {
      if (e.ejected(now)) {
        ejected++;
      }
    }
    return (ejected + 1) * 2 <= all.length;
  }

  /** The length of the {@code n}th ejection in a row (1-based): doubling, capped, ±20 %. */
  long ejectionMillis(int n) {
    long base = settings.ejectionMillis() << Math.min(n - 1, 20);
    long capped = Math.min(base, settings.maxEjectionMillis());
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Math.max(1, (long) (capped * jitter));
  }

  /**
   * Whether a health answer says serving: anything but a {@code status} (in a map, or as the whole
   * answer) of {@code NOT_SERVING} or {@code DRAINING}, or a refusal. "Function not found" (a
   * Python server, which has no health function) counts as serving: it answered.
   */
  boolean serving(Reply reply) {
    byte[] payload = reply.payload();
    ErrorReplies.ErrorReply error = ErrorReplies.parse(payload, codec);
    if (error != null) {
      return !(ErrorKeys.SERVER_EXCEPTION.equals(error.key()) && ErrorKeys.isRefusal(error.message()));
    }
    if (reply.errorFlag() || payload.length == 0) {
      return true; // it answered
    }
    Object status;
    try {
      Object decoded = codec.decode(payload, 0, payload.length, Object.class);
      status = decoded instanceof Map<?, ?> map ? map.get(Health.STATUS_KEY) : decoded;
    } catch (RuntimeException e) {
      return true; // it answered, with something else
    }
    // Only a clear "no" ejects: SERVING, or an answer of another shape, counts as serving.
    return !(status instanceof String text) || !(text.equals(Health.NOT_SERVING) || text.equals("DRAINING"));
  }

  /** Endpoints ejected now (for tests). */
  public List<InetSocketAddress> ejectedEndpoints() {
    long now = System.nanoTime();
    List<InetSocketAddress> out = new ArrayList<>();
    for (Endpoint e : endpoints) {
      if (e.ejected(now)) {
        out.add(e.address);
      }
    }
    return out;
  }

  /** Each endpoint's state in a line: calls in flight, answer time, ejected (for logs and tests). */
  public String describe() {
    StringBuilder out = new StringBuilder();
    long now = System.nanoTime();
    for (Endpoint e : endpoints) {
      out.append(e.address).append(" in flight ").append(e.inFlight()).append(", answer time ")
          .append(e.latency(now) / 1_000).append(" us").append(e.ejected(now) ? ", ejected" : "").append("; ");
    }
    return out.toString();
  }

  // --- outbound buffer bound: the endpoints' own ---

  /** Completes when any endpoint's transport has room again; null when none can say. */
  @Override
  public CompletableFuture<Void> outboundRoom() {
    List<CompletableFuture<Void>> rooms = new ArrayList<>();
    for (Endpoint e : endpoints) {
      Subchannel s = e.current;
      CompletableFuture<Void> room = s == null ? null : s.transport.outboundRoom();
      if (room != null) {
        rooms.add(room);
      }
    }
    return rooms.isEmpty() ? null : CompletableFuture.anyOf(rooms.toArray(CompletableFuture[]::new)).thenApply(x -> null);
  }

  @Override
  public long outboundBytes() {
    long n = 0;
    for (Endpoint e : endpoints) {
      Subchannel s = e.current;
      n += s == null ? 0 : s.transport.outboundBytes();
    }
    return n;
  }

  /** Per-endpoint transports made so far, renewals included (for tests). */
  public int transportsOpened() {
    return transportsOpened.get();
  }

  /** The current endpoints (for tests). */
  public List<InetSocketAddress> currentEndpoints() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (Endpoint e : endpoints) {
      out.add(e.address);
    }
    return out;
  }

  @Override
  public void close() {
    List<Subchannel> open = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (Endpoint e : byAddress.values()) {
        Subchannel s = e.remove();
        if (s != null) {
          open.add(s);
        }
      }
      byAddress.clear();
      endpoints = new Endpoint[0];
    }
    try {
      resolver.close();
    } catch (RuntimeException e) {
      log.debug("{}: closing the resolver failed", target, e);
    }
    for (Subchannel s : open) {
      s.transport.close(); // fails their calls in flight
    }
    firstAnswer.complete(null);
  }

  /** One endpoint: its current transport, and its ejection state. */
  final class Endpoint {
    final InetSocketAddress address;
    private volatile Subchannel current; // null once removed
    private volatile long ejectedUntil; // System.nanoTime(); meaningful while ejected
    private volatile boolean ejected;
    /** Moving average of answer times (weight 1/8 per answer); 0 until the first. Racy updates are fine. */
    private volatile long latencyNanos;
    private volatile long latencyAt; // System.nanoTime() of the last answer
    // guarded by the balancer's lock
    private int ejections;
    private long returnedAt;
    private boolean probing;

    Endpoint(InetSocketAddress address) {
      this.address = address;
      this.current = newSubchannel();
      scheduleHealthCheck();
    }

    /** The next periodic health check, unless they are off, the endpoint left or the client closed. */
    private void scheduleHealthCheck() {
      long every = settings.healthCheckMillis();
      if (every > 0 && current != null && !closed) {
        Scheduler.schedule(this::healthCheck, Math.max(1, (long) (every * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()))));
      }
    }

    private void healthCheck() {
      if (current == null || closed) {
        return;
      }
      suspect(); // probes unless a probe is under way or the endpoint is ejected (its own probe is scheduled)
      scheduleHealthCheck();
    }

    private Subchannel newSubchannel() {
      long age = settings.maxConnectionAgeMillis();
      long expires = Long.MAX_VALUE;
      if (age > 0) {
        double jitter = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
        expires = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, (long) (age * jitter)));
      }
      transportsOpened.incrementAndGet();
      return new Subchannel(factory.apply(address), expires);
    }

    int inFlight() {
      Subchannel s = current;
      return s == null ? Integer.MAX_VALUE : s.inFlight.get();
    }

    boolean ejected(long now) {
      return ejected; // until a probe says it answers
    }

    /** The transport for one call, counted in flight; a fresh one past the maximum age; null once removed. */
    Subchannel acquire() {
      while (true) {
        Subchannel s = current;
        if (s == null) {
          return null;
        }
        if (s.expires != Long.MAX_VALUE && System.nanoTime() - s.expires > 0) {
          renew(s);
          continue;
        }
        s.inFlight.incrementAndGet();
        if (!s.retired) {
          return s;
        }
        s.release();
      }
    }

    private void renew(Subchannel old) {
      Subchannel fresh = null;
      synchronized (this) {
        if (current == old && !closed) {
          fresh = newSubchannel();
          current = fresh;
        }
      }
      if (fresh != null) {
        log.debug("{}: connection to {} reached its maximum age; a new one takes over", target, address);
        old.retire();
      }
    }

    /** Takes the endpoint out of the set; returns its transport to retire. */
    Subchannel remove() {
      synchronized (this) {
        Subchannel s = current;
        current = null;
        return s;
      }
    }

    /** Records the answer time of a call. */
    void latency(long nanos, long now) {
      long average = latency(now);
      latencyNanos = Math.max(1, average == 0 ? nanos : average + ((nanos - average) >> 3));
      latencyAt = now;
    }

    /** The recent answer time, decayed since the last answer; 0 when unknown. */
    long latency(long now) {
      long halvings = (now - latencyAt) / LATENCY_HALVING_NANOS;
      return halvings <= 0 ? latencyNanos : latencyNanos >> Math.min(62, halvings);
    }

    /** A connection was refused (the call never reached it): eject now. */
    void refused(String why) {
      eject(why);
    }

    /** A call failed in a way that may mean the endpoint is gone: check it with a health probe. */
    void suspect() {
      synchronized (lock) {
        if (probing || ejected || current == null) {
          return;
        }
        probing = true;
      }
      probe(false);
    }

    private void eject(String why) {
      long millis;
      synchronized (lock) {
        if (current == null || closed) {
          return;
        }
        if (!ejected && !mayEject()) {
          log.debug("{}: {} not ejected ({}): half the endpoints are ejected already", target, address, why);
          return;
        }
        long now = System.nanoTime();
        if (!ejected && returnedAt != 0 && now - returnedAt > TimeUnit.MILLISECONDS.toNanos(settings.maxEjectionMillis())) {
          ejections = 0; // it has been fine for a while: start again from the first length
        }
        ejections++;
        millis = ejectionMillis(ejections);
        ejectedUntil = now + TimeUnit.MILLISECONDS.toNanos(millis);
        ejected = true;
        probing = true; // the scheduled probe below
      }
      log.info("{}: endpoint {} ejected for {} ms: {}", target, address, millis, why);
      Scheduler.schedule(() -> probe(true), millis);
    }

    /** Calls the health function; serving ends an ejection, anything else (re)ejects. */
    private void probe(boolean afterEjection) {
      Subchannel s = acquire();
      if (s == null || closed) {
        synchronized (lock) {
          probing = false;
        }
        return;
      }
      CompletableFuture<Reply> answer;
      try {
        answer = s.transport.call(HEALTH_FUNCTION, null, Deadline.after(settings.probeTimeoutMillis()), new WriteMark());
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.whenComplete((reply, failure) -> {
        s.release();
        boolean ok = failure == null && serving(reply);
        synchronized (lock) {
          probing = false;
          if (ok) {
            if (ejected) {
              ejected = false;
              returnedAt = System.nanoTime();
            }
          }
        }
        if (ok) {
          if (afterEjection) {
            log.info("{}: endpoint {} answers again", target, address);
          }
          return;
        }
        String why = failure != null ? "health probe failed: " + describe(failure) : "health probe: not serving";
        resolver.refresh(); // the name may point elsewhere by now
        if (ejected) {
          synchronized (lock) {
            ejected = false; // eject() counts it anew, and schedules the next probe
          }
        }
        eject(why);
      });
    }

    @Override
    public String toString() {
      return address.toString();
    }
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof ZeroException ? cause.getMessage() : cause.toString();
  }

  /** One transport to an endpoint, and its calls in flight; retired transports close when idle. */
  static final class Subchannel {
    final ClientTransport transport;
    final AtomicInteger inFlight = new AtomicInteger();
    final long expires;
    volatile boolean retired;
    /** Calls answered (racy: only compared with 0). */
    volatile int answered;
    private final AtomicBoolean closing = new AtomicBoolean();

    Subchannel(ClientTransport transport, long expires) {
      this.transport = transport;
      this.expires = expires;
    }

    void release() {
      if (inFlight.decrementAndGet() == 0 && retired) {
        closeOnce();
      }
    }

    /** No new calls; closes once the calls in flight are done. */
    void retire() {
      retired = true;
      if (inFlight.get() == 0) {
        closeOnce();
      }
    }

    private void closeOnce() {
      if (closing.compareAndSet(false, true)) {
        // Not on the caller's thread: it may be the transport's own I/O thread, which close() waits for.
        Thread.ofVirtual().name("zero-balancer-close").start(transport::close);
      }
    }
  }
}
