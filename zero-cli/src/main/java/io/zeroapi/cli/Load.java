package io.zeroapi.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** A fixed number of echo calls in flight, each slot sending its next call when the last completes. */
final class Load {
  static final int WARMUP = 0;
  static final int BEFORE = 1;
  static final int DURING = 2;
  static final int AFTER = 3;

  private final LoadTarget target;
  private final Slot[] slots;
  private volatile int phase = WARMUP;
  private volatile boolean running = true;
  private final CountDownLatch stopped;
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong wrong = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, LongAdder> failuresByType = new ConcurrentSkipListMap<>();
  private final LongAdder calls = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final AtomicLong maxNanos = new AtomicLong();
  private final long lateNanos;
  private volatile long recoveryMark = Long.MAX_VALUE;
  private final AtomicLong firstSuccessAfterMark = new AtomicLong();

  Load(LoadTarget target, int inFlight) {
    this(target, inFlight, Long.MAX_VALUE);
  }

  /** @param lateNanos a call that takes longer than this counts as {@linkplain #late() late} */
  Load(LoadTarget target, int inFlight, long lateNanos) {
    this.target = target;
    this.lateNanos = lateNanos;
    this.slots = new Slot[inFlight];
    this.stopped = new CountDownLatch(inFlight);
    for (int i = 0; i < inFlight; i++) {
      slots[i] = new Slot(i);
    }
  }

  /** Runs {@code inFlight} calls for {@code warmup} (not measured) then {@code measured}; stops and reports. */
  static Report run(LoadTarget target, int inFlight, Duration warmup, Duration measured) throws InterruptedException {
    Load load = new Load(target, inFlight);
    load.start();
    Thread.sleep(warmup);
    load.phase(BEFORE);
    Thread.sleep(measured);
    load.phase(AFTER);
    load.stop(Duration.ofSeconds(30));
    return load.report();
  }

  void start() {
    for (Slot slot : slots) {
      slot.send();
    }
  }

  void phase(int phase) {
    this.phase = phase;
  }

  void stop(Duration limit) throws InterruptedException {
    running = false;
    if (!stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      failures.add(stopped.getCount() + " calls still in flight " + limit.toSeconds() + " s after the load stopped");
      failed.addAndGet(stopped.getCount());
    }
  }

  /** Calls completed so far, however. */
  long calls() {
    return calls.sum();
  }

  /** Failed calls by the simple name of their exception (unwrapped from the future's wrapper). */
  Map<String, Long> failuresByType() {
    Map<String, Long> copy = new TreeMap<>();
    failuresByType.forEach((type, n) -> copy.put(type, n.sum()));
    return copy;
  }

  /** Calls, failed or not, that took longer than the {@code lateNanos} given to the constructor. */
  long late() {
    return late.sum();
  }

  /** The longest call so far. */
  double maxMillis() {
    return maxNanos.get() / 1e6;
  }

  /** From now on, remembers when the first call succeeds ({@link #firstSuccessNanos()}). */
  void markRecovery() {
    firstSuccessAfterMark.set(0);
    recoveryMark = System.nanoTime();
  }

  /** {@link System#nanoTime()} when the first call completed successfully after {@link #markRecovery()}, or 0. */
  long firstSuccessNanos() {
    return firstSuccessAfterMark.get();
  }

  Report report() {
    return new Report(latencies(BEFORE), latencies(DURING), failed.get(), duplicates.get(), wrong.get(),
        List.copyOf(failures.subList(0, Math.min(5, failures.size()))));
  }

  private Latencies latencies(int phase) {
    int total = 0;
    for (Slot slot : slots) {
      total += slot.count[phase];
    }
    long[] all = new long[total];
    int at = 0;
    for (Slot slot : slots) {
      System.arraycopy(slot.nanos[phase], 0, all, at, slot.count[phase]);
      at += slot.count[phase];
    }
    Arrays.sort(all);
    return new Latencies(all);
  }

  /** One call in flight at a time; its arrays are touched by one completion at a time. */
  private final class Slot {
    private final int id;
    private long sequence;
    private final BitSet answered = new BitSet();
    private final long[][] nanos = new long[4][1024];
    private final int[] count = new int[4];

    Slot(int id) {
      this.id = id;
    }

    void send() {
      if (!running) {
        stopped.countDown();
        return;
      }
      long seq = sequence++;
      String value = id + "-" + seq;
      int callPhase = phase;
      long start = System.nanoTime();
      AtomicReference<Boolean> sync = new AtomicReference<>(Boolean.TRUE);
      target.echo(value).whenComplete((reply, failure) -> {
        record(callPhase, System.nanoTime() - start, seq, value, reply, failure);
        if (sync.get()) {
          // completed inside echo(): continue on another thread rather than deepen this stack
          Thread.ofVirtual().start(this::send);
        } else {
          send();
        }
      });
      sync.set(Boolean.FALSE);
    }

    private void record(int callPhase, long latency, long seq, String value, String reply, Throwable failure) {
      calls.increment();
      maxNanos.accumulateAndGet(latency, Math::max);
      if (latency > lateNanos) {
        late.increment();
      }
      if (failure != null) {
        failed.incrementAndGet();
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        failuresByType.computeIfAbsent(cause.getClass().getSimpleName(), k -> new LongAdder()).increment();
        if (failures.size() < 5) {
          failures.add(value + ": " + failure);
        }
        return;
      }
      if (!value.equals(reply)) {
        wrong.incrementAndGet();
        return;
      }
      if (answered.get((int) seq)) {
        duplicates.incrementAndGet();
      }
      answered.set((int) seq);
      long now = System.nanoTime();
      if (now > recoveryMark) {
        firstSuccessAfterMark.compareAndSet(0, now);
      }
      if (callPhase == WARMUP) {
        return; // not measured: not kept (a long warm-up or soak would fill the heap)
      }
      if (nanos[callPhase].length == count[callPhase]) {
        nanos[callPhase] = Arrays.copyOf(nanos[callPhase], count[callPhase] * 2);
      }
      nanos[callPhase][count[callPhase]++] = latency;
    }
  }

  /** The figures of a run: latencies before and during, and what went wrong (the first failures as examples). */
  record Report(Latencies before, Latencies during, long failed, long duplicates, long wrong, List<String> failures) {
    /** No call failed, and each was answered once with its own value. */
    boolean ok() {
      return failed == 0 && duplicates == 0 && wrong == 0;
    }
  }

  /** Sorted call latencies of one phase. */
  record Latencies(long[] sortedNanos) {
    double percentileMillis(double p) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100 * sortedNanos.length) - 1);
      return sortedNanos[Math.max(0, index)] / 1e6;
    }

    String describe(double seconds) {
      return String.format("%d calls in %.1f s (%.0f calls/s), p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
          sortedNanos.length, seconds, sortedNanos.length / seconds, percentileMillis(50), percentileMillis(99),
          percentileMillis(99.9), percentileMillis(100));
    }
  }
}
