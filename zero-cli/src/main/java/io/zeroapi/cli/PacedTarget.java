package io.zeroapi.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link LoadTarget} that starts at most {@code callsPerSecond} calls a second, evenly spaced. */
final class PacedTarget implements LoadTarget {
  private final LoadTarget target;
  private final long intervalNanos;
  private final AtomicLong next = new AtomicLong(System.nanoTime());

  PacedTarget(LoadTarget target, double callsPerSecond) {
    this.target = target;
    this.intervalNanos = Math.max(1, (long) (1e9 / callsPerSecond));
  }

  @Override
  public CompletableFuture<String> echo(String value) {
    long now = System.nanoTime();
    long due = next.getAndUpdate(n -> Math.max(n, now) + intervalNanos);
    long wait = Math.max(due, now) - now;
    if (wait <= 0) {
      return target.echo(value);
    }
    Executor later = CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS);
    return CompletableFuture.supplyAsync(() -> value, later).thenCompose(target::echo);
  }

  @Override
  public void close() {
    target.close();
  }
}
