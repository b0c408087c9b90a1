package io.zeroapi.internal;

import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's default worker executor: a new virtual thread per call, scheduled on the I/O thread
 * that read the call when the transport offers one ({@link IncomingCall#ioThread()}) and the JDK
 * lets us, on the JDK's default scheduler otherwise.
 *
 * <p>The TCP transport offers the event loop of the call's connection, the ZeroMQ transport its one
 * I/O thread (a task queue served between reads).
 *
 * <p>Why: with one call in flight per connection, handing every call to the default scheduler wakes
 * a parked carrier thread for the call and the I/O thread again for its reply, which costs about
 * half the throughput on small machines (docs/performance.md, "Many connections × 1"). A virtual
 * thread whose scheduler is the I/O thread runs right after the read, on that thread, and replies
 * without a wake-up; when its function blocks (sleep, socket I/O, a lock, a nested call) it unmounts
 * and the I/O thread goes on with other connections, so a blocking function stalls nobody else.
 * What a virtual thread cannot give up is a long computation, or a block while pinned (a native
 * call, file I/O, and on JDK 21–23 a {@code synchronized} block): a function whose calls take
 * longer than {@link #HOLD_LIMIT_NANOS} is therefore moved to the default scheduler for a while (the
 * {@link Dispatcher} measures, {@link IoThreadPlacement} decides, {@link #offIoThread} moves).
 *
 * <p>The JDK has no public API for a virtual thread's scheduler: this uses the JDK's own
 * package-private {@code ThreadBuilders.VirtualThreadBuilder(Executor)} constructor (JDK 21–25),
 * which needs {@code --add-opens java.base/java.lang=io.zeroapi} ({@code ALL-UNNAMED} on the class
 * path). Without the flag, or on a JDK without that constructor, every call runs on the default
 * scheduler, as it did before, and the server says so once in its start-up log.
 *
 * <p>Tracks its threads so that {@link #shutdownNow()} can interrupt calls still running after the
 * grace period. Thread-safe.
 */
public final class CallThreads implements Executor {
  private static final Logger log = LoggerFactory.getLogger(CallThreads.class);

  /** Calls running longer than this on an I/O thread move their function off the I/O threads (see {@link IoThreadPlacement}). */
  public static final long HOLD_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /**
   * A request up to this size may run on the I/O thread that read it (see {@link
   * IncomingCall#ioThread()}): reading and decoding a larger one takes time in proportion to its
   * size, which the I/O thread's other calls would wait.
   */
  public static final int MAX_IO_THREAD_REQUEST_BYTES = 16 * 1024;

  private static final String NAME = "zero-worker";
  private static final Constructor<?> SCHEDULED_BUILDER;
  private static final String UNAVAILABLE;
  /** The JDK's default virtual-thread scheduler, when {@link #SCHEDULED_BUILDER} is available. */
  private static final Executor DEFAULT_SCHEDULER;

  static {
    Constructor<?> constructor = null;
    String reason = null;
    try {
      constructor = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder").getDeclaredConstructor(Executor.class);
      constructor.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // InaccessibleObjectException without --add-opens; NoSuchMethodException on a JDK that changed it
      constructor = null;
      reason = e instanceof ReflectiveOperationException
          ? "this JDK has no virtual-thread builder with a scheduler (" + e + ")"
          : "java.lang is not open to Zero: start the JVM with --add-opens java.base/java.lang="
              + (CallThreads.class.getModule().isNamed() ? CallThreads.class.getModule().getName() : "ALL-UNNAMED");
    }
    Executor defaultScheduler = null;
    if (constructor != null) {
      try {
        java.lang.reflect.Method method = Class.forName("java.lang.VirtualThread").getDeclaredMethod("defaultScheduler");
        method.setAccessible(true);
        defaultScheduler = (Executor) method.invoke(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        constructor = null;
        reason = "this JDK does not name its default virtual-thread scheduler (" + e + ")";
      }
    }
    SCHEDULED_BUILDER = constructor;
    UNAVAILABLE = reason;
    DEFAULT_SCHEDULER = defaultScheduler;
  }

  private final ThreadFactory defaultThreads;
  private final Map<Executor, ThreadFactory> ioThreadFactories = new ConcurrentHashMap<>();
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private final boolean onIoThreads;
  private volatile boolean shutdown;

  /**
   * @param onIoThreads whether to schedule calls on the I/O thread that read them when possible;
   *     {@code false} puts every call on the JDK's default scheduler
   */
  public CallThreads(boolean onIoThreads) {
    this.onIoThreads = onIoThreads && SCHEDULED_BUILDER != null;
    // A virtual thread started by another one takes its scheduler (JDK behaviour): the threads of
    // offIoThread(), started from a call's thread on an I/O thread, name the default one explicitly.
    this.defaultThreads = this.onIoThreads ? scheduledOn(DEFAULT_SCHEDULER) : Thread.ofVirtual().name(NAME).factory();
  }

  /** Why calls cannot run on I/O threads in this JVM, or {@code null} when they can. */
  public static String ioThreadSchedulingUnavailable() {
    return UNAVAILABLE;
  }

  /** Where calls run, for the server's start-up log line. */
  public String description() {
    return onIoThreads
        ? "a virtual thread per call, scheduled on the I/O thread that read it"
        : "a virtual thread per call, on the JDK's default scheduler";
  }

  /** Whether calls with an I/O thread start on it. */
  public boolean onIoThreads() {
    return onIoThreads;
  }

  /**
   * Starts a virtual thread for the task: on the I/O thread of an {@link IncomingCall} that offers
   * one (and the call is marked so, see {@link IncomingCall#onIoThread()}), else on the default
   * scheduler. Called on the transport's I/O thread.
   */
  @Override
  public void execute(Runnable task) {
    ThreadFactory factory = defaultThreads;
    if (onIoThreads && task instanceof IncomingCall call) {
      Executor ioThread = call.ioThread();
      if (ioThread != null) {
        factory = ioThreadFactories.computeIfAbsent(ioThread, loop -> scheduledOn(new IoThreadScheduler(loop)));
        call.onIoThread(true);
      }
    }
    start(factory, task);
  }

  /** Runs a task on a virtual thread of the default scheduler, never on an I/O thread. */
  public void offIoThread(Runnable task) {
    start(defaultThreads, task);
  }

  private void start(ThreadFactory factory, Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    Thread thread = factory.newThread(() -> {
      try {
        task.run();
      } finally {
        running.remove(Thread.currentThread());
      }
    });
    running.add(thread);
    thread.start();
  }

  /** Interrupts every call still running; new tasks are rejected. */
  public void shutdownNow() {
    shutdown = true;
    running.forEach(Thread::interrupt);
  }

  /** Waits until every call thread has ended, at most {@code timeout}; returns whether they have. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (Thread thread : running) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(java.time.Duration.ofNanos(left))) {
        return running.isEmpty();
      }
    }
    return running.isEmpty();
  }

  private static ThreadFactory scheduledOn(Executor scheduler) {
    try {
      Thread.Builder.OfVirtual builder = (Thread.Builder.OfVirtual) SCHEDULED_BUILDER.newInstance(scheduler);
      return builder.name(NAME).factory();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a virtual thread scheduled on an I/O thread", e);
    }
  }

  /**
   * Runs a virtual thread's continuation on its I/O thread; once that thread has shut down (the
   * server is closing while a call sleeps), on a pool thread, so that the call still ends.
   */
  private record IoThreadScheduler(Executor ioThread) implements Executor {
    @Override
    public void execute(Runnable continuation) {
      try {
        ioThread.execute(continuation);
      } catch (RejectedExecutionException closing) {
        log.debug("I/O thread closed; a call's virtual thread continues on a pool thread");
        ForkJoinPool.commonPool().execute(continuation);
      }
    }
  }
}
