package io.zeroapi.benchmarks.jmh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Without a logback.xml, logback logs everything at DEBUG: benchmarks keep WARN and above. */
public final class QuietLogs {
  private QuietLogs() {}

  public static void apply() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.WARN);
    }
  }
}
