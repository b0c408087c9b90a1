package io.zeroapi.internal.balance;

import io.zeroapi.EndpointResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code dns:///name:port}: every A and AAAA record of {@code name}, looked up at start, every
 * {@code interval}, and soon after a {@link #refresh()} hint (at most one lookup per {@link
 * #MIN_GAP_MILLIS}). A list is pushed only when it changed; an empty or failed answer keeps the
 * last good list. Lookups go through the JVM's resolver (the hosts file, then DNS), whose cache
 * ({@code networkaddress.cache.ttl}, 30 s by default) adds to the delay before a change is seen.
 */
public final class DnsResolver implements EndpointResolver {
  /** The shortest gap between two lookups that a refresh hint may cause. */
  static final long MIN_GAP_MILLIS = 2_000;

  /** Looks a name up; the JVM's {@link InetAddress#getAllByName} by default. */
  @FunctionalInterface
  public interface Lookup {
    InetAddress[] lookup(String name) throws UnknownHostException;
  }

  private final String name;
  private final int port;
  private final long intervalMillis;
  private final Lookup lookup;
  private final Object lock = new Object();
  private Listener listener; // guarded by lock
  private Set<InetSocketAddress> last = Set.of(); // guarded by lock
  private boolean running; // guarded by lock: a lookup is under way
  private boolean closed; // guarded by lock
  private long lastLookupNanos; // guarded by lock
  private ScheduledFuture<?> next; // guarded by lock

  /**
   * @param name the name to look up
   * @param port the port of every endpoint
   * @param intervalMillis time between two lookups
   * @param lookup how names are looked up
   */
  public DnsResolver(String name, int port, long intervalMillis, Lookup lookup) {
    this.name = name;
    this.port = port;
    this.intervalMillis = Math.max(1, intervalMillis);
    this.lookup = lookup;
  }

  /** A resolver on the JVM's lookup. */
  public DnsResolver(String name, int port, long intervalMillis) {
    this(name, port, intervalMillis, InetAddress::getAllByName);
  }

  @Override
  public void start(Listener listener) {
    synchronized (lock) {
      this.listener = listener;
    }
    lookupNow();
  }

  @Override
  public void refresh() {
    synchronized (lock) {
      if (closed || running || listener == null) {
        return;
      }
      long sinceMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastLookupNanos);
      long wait = MIN_GAP_MILLIS - sinceMillis;
      if (next != null && next.getDelay(TimeUnit.MILLISECONDS) <= Math.max(0, wait)) {
        return; // the next lookup comes soon enough
      }
      if (next != null) {
        next.cancel(false);
      }
      next = Scheduler.schedule(this::lookupNow, Math.max(0, wait));
    }
  }

  private void lookupNow() {
    synchronized (lock) {
      if (closed || running) {
        return;
      }
      running = true;
      if (next != null) {
        next.cancel(false);
        next = null;
      }
    }
    Thread.ofVirtual().name("zero-dns-" + name).start(this::lookupAndPush);
  }

  private void lookupAndPush() {
    List<InetSocketAddress> found = new ArrayList<>();
    String error = null;
    try {
      for (InetAddress address : lookup.lookup(name)) {
        found.add(new InetSocketAddress(address, port));
      }
      if (found.isEmpty()) {
        error = "no address for " + name;
      }
    } catch (UnknownHostException e) {
      error = "unknown host " + name;
    } catch (RuntimeException e) {
      error = "cannot look " + name + " up: " + e;
    }
    Listener to;
    boolean changed;
    synchronized (lock) {
      if (closed) {
        running = false;
        return;
      }
      to = listener;
      Set<InetSocketAddress> now = new LinkedHashSet<>(found);
      changed = error == null && !now.equals(last);
      if (changed) {
        last = now;
      }
    }
    try { // still 'running': lists are pushed one at a time, in order
      if (error != null) {
        to.onError(error);
      } else if (changed) {
        to.onEndpoints(List.copyOf(found));
      }
    } finally {
      synchronized (lock) {
        running = false;
        lastLookupNanos = System.nanoTime();
        if (!closed) {
          next = Scheduler.schedule(this::lookupNow, intervalMillis);
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (next != null) {
        next.cancel(false);
      }
    }
  }

  @Override
  public String toString() {
    return "dns:///" + name + ":" + port;
  }
}
