package io.zeroapi.internal;

import java.time.Duration;

/** Argument checks and defaults shared by the server and client builders. */
public final class Checks {
  private Checks() {}

  /** The default largest frame or message, both transports: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  /** The smallest accepted frame limit. */
  private static final int MIN_FRAME_BYTES = 64;

  /** {@code value}, if it is at least {@code min}; else IllegalArgumentException naming it. */
  public static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
    }
    return value;
  }

  /** {@code value}, if it is a frame limit of at least 64 bytes. */
  public static int frameLimit(int value, String name) {
    return atLeast(value, MIN_FRAME_BYTES, name);
  }

  /** {@code value}, if it is longer than zero. */
  public static Duration positive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /** {@code value}, if it is not negative. */
  public static Duration notNegative(Duration value, String name) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }
}
