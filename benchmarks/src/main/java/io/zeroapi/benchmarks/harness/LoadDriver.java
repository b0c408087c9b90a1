package io.zeroapi.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The one load driver used for every system. Closed loop: {@code connections × perConnection}
 * calls in flight, each finished call starts the next one on the same connection. Open loop: calls
 * start at a fixed rate on a precomputed schedule and latency is measured from the intended start
 * time, so a stalled system is charged for the calls it delayed (coordinated omission corrected).
 * Latencies go to an HdrHistogram in nanoseconds (3 significant digits, up to 60 s).
 */
final class LoadDriver {
  static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);
  /** Open loop: calls in flight beyond this are not started but counted as errors (keeps memory bounded). */
  static final int OPEN_LOOP_MAX_OUTSTANDING = 100_000;

  /** Taken at the start and at the end of the measurement window. */
  interface Window {
    void atStart();

    void atEnd();
  }

  /** What one run measured. */
  record Measurement(Histogram histogram, long calls, long errors, long elapsedNanos, double intendedRate) {
    double throughput() {
      return elapsedNanos <= 0 ? 0 : calls * 1e9 / elapsedNanos;
    }
  }

  private static final ScheduledExecutorService RETRY = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "driver-retry");
    t.setDaemon(true);
    return t;
  });

  private LoadDriver() {}

  // ---------------------------------------------------------------------------------------------

  private static final class Closed {
    final BenchClient client;
    final Recorder recorder = new Recorder(MAX_LATENCY_NS, 3);
    final LongAdder errors = new LongAdder();
    final AtomicInteger outstanding = new AtomicInteger();
    volatile boolean running = true;

    Closed(BenchClient client) {
      this.client = client;
    }

    final class Slot implements BenchClient.Done {
      final int conn;
      long start;

      Slot(int conn) {
        this.conn = conn;
      }

      void issue() {
        start = System.nanoTime();
        try {
          client.call(conn, this);
        } catch (RuntimeException e) {
          done(false);
        }
      }

      @Override
      public void done(boolean ok) {
        long latency = System.nanoTime() - start;
        if (ok) {
          recorder.recordValue(Math.min(latency, MAX_LATENCY_NS));
        } else {
          errors.increment();
        }
        if (!running) {
          outstanding.decrementAndGet();
        } else if (ok) {
          issue();
        } else {
          RETRY.schedule(this::issue, 1, TimeUnit.MILLISECONDS); // never spin on a failing system
        }
      }
    }
  }

  static Measurement closedLoop(BenchClient client, int connections, int perConnection,
      long warmupNanos, long measureNanos, Window window) throws InterruptedException {
    Closed state = new Closed(client);
    int total = connections * perConnection;
    List<Thread> threads = new ArrayList<>();
    if (client.blocking()) {
      for (int i = 0; i < total; i++) {
        int conn = i % connections;
        state.outstanding.incrementAndGet();
        threads.add(Thread.ofVirtual().name("driver-", i).start(() -> {
          try {
            while (state.running) {
              long start = System.nanoTime();
              try {
                client.callBlocking(conn);
                state.recorder.recordValue(Math.min(System.nanoTime() - start, MAX_LATENCY_NS));
              } catch (Exception e) {
                state.errors.increment();
                LockSupport.parkNanos(1_000_000);
              }
            }
          } finally {
            state.outstanding.decrementAndGet();
          }
        }));
      }
    } else {
      for (int i = 0; i < total; i++) {
        state.outstanding.incrementAndGet();
        state.new Slot(i % connections).issue();
      }
    }
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(warmupNanos));
    window.atStart();
    state.recorder.getIntervalHistogram(); // drop the warm-up
    long errorsBefore = state.errors.sum();
    long t0 = System.nanoTime();
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(measureNanos));
    Histogram histogram = state.recorder.getIntervalHistogram();
    long t1 = System.nanoTime();
    long errors = state.errors.sum() - errorsBefore;
    window.atEnd();
    state.running = false;
    drain(state.outstanding);
    for (Thread t : threads) {
      t.join(1_000);
    }
    return new Measurement(histogram, histogram.getTotalCount(), errors, t1 - t0, Double.NaN);
  }

  /** Waits (bounded) until the calls still in flight have ended. */
  private static void drain(AtomicInteger outstanding) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  // ---------------------------------------------------------------------------------------------

  static Measurement openLoop(BenchClient client, int connections, double ratePerSecond,
      long warmupNanos, long measureNanos, Window window) throws InterruptedException {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive");
    }
    Recorder recorder = new Recorder(MAX_LATENCY_NS, 3);
    LongAdder errors = new LongAdder();
    LongAdder measuredErrors = new LongAdder();
    AtomicInteger outstanding = new AtomicInteger();
    double period = 1e9 / ratePerSecond;
    long t0 = System.nanoTime() + 1_000_000;
    long measureStart = t0 + warmupNanos;
    long end = measureStart + measureNanos;
    long total = (long) Math.floor((end - t0) / period);
    boolean started = false;
    var blockingPool = client.blocking() ? Executors.newVirtualThreadPerTaskExecutor() : null;
    try {
      for (long i = 0; i < total; i++) {
        long intended = t0 + (long) (i * period);
        if (!started && intended >= measureStart) {
          window.atStart();
          recorder.getIntervalHistogram();
          started = true;
        }
        long wait;
        while ((wait = intended - System.nanoTime()) > 0) {
          if (wait > 200_000) {
            LockSupport.parkNanos(wait - 100_000);
          } else {
            Thread.onSpinWait();
          }
        }
        boolean measured = intended >= measureStart;
        if (outstanding.get() >= OPEN_LOOP_MAX_OUTSTANDING) {
          errors.increment();
          if (measured) {
            measuredErrors.increment();
          }
          continue;
        }
        outstanding.incrementAndGet();
        int conn = (int) (i % connections);
        BenchClient.Done done = ok -> {
          if (ok) {
            if (measured) {
              recorder.recordValue(Math.min(System.nanoTime() - intended, MAX_LATENCY_NS));
            }
          } else {
            errors.increment();
            if (measured) {
              measuredErrors.increment();
            }
          }
          outstanding.decrementAndGet();
        };
        if (blockingPool != null) {
          blockingPool.execute(() -> {
            boolean ok;
            try {
              client.callBlocking(conn);
              ok = true;
            } catch (Exception e) {
              ok = false;
            }
            done.done(ok);
          });
        } else {
          try {
            client.call(conn, done);
          } catch (RuntimeException e) {
            done.done(false);
          }
        }
      }
      if (!started) {
        window.atStart();
      }
      // the calls scheduled within the window may still be in flight: their latency counts
      drain(outstanding);
      Histogram histogram = recorder.getIntervalHistogram();
      window.atEnd();
      return new Measurement(histogram, histogram.getTotalCount(), measuredErrors.sum(), measureNanos, ratePerSecond);
    } finally {
      if (blockingPool != null) {
        blockingPool.shutdownNow();
      }
    }
  }
}
