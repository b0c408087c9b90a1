package io.zeroapi.benchmarks.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Every process the harness spawned, killed by pid when it ends, even on failure (shutdown hook). */
final class Processes {
  private static final Set<Process> SPAWNED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Processes::stopAll, "bench-cleanup"));
  }

  private Processes() {}

  static void track(Process process) {
    SPAWNED.add(process);
  }

  /** SIGTERM, up to 3 s, then SIGKILL. */
  static void stop(Process process) {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(3, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      SPAWNED.remove(process);
    }
  }

  static void stopAll() {
    for (Process p : SPAWNED) {
      p.destroyForcibly();
    }
    SPAWNED.clear();
  }
}
