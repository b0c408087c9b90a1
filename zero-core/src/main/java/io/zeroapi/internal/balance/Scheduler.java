package io.zeroapi.internal.balance;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of every client over several endpoints: re-resolution, health probes after
 * an ejection, deadlines of calls waiting for a first endpoint list. Tasks are short; blocking work
 * (a DNS lookup) runs on a virtual thread of its own. A daemon, never stopped.
 */
final class Scheduler {
  private Scheduler() {}

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "zero-balancer-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** Runs {@code task} after {@code millis} on the timer thread. */
  static ScheduledFuture<?> schedule(Runnable task, long millis) {
    return TIMER.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Scheduler.class).warn("A balancer task failed", e);
      }
    }, millis, TimeUnit.MILLISECONDS);
  }
}
