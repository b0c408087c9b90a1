package io.zeroapi.benchmarks.harness;

import org.slf4j.LoggerFactory;

/** Logback without a configuration file logs everything at DEBUG to stdout; the harness wants warnings only. */
final class Logging {
  private Logging() {}

  static void quiet() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}
