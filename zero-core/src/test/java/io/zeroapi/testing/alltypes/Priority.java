package io.zeroapi.testing.alltypes;

import io.zeroapi.codec.WireValue;

/** An enum whose wire values are integers ({@link WireValue}), like a Python {@code IntEnum}. */
public enum Priority {
  /** Low. */
  LOW(1),
  /** High. */
  HIGH(10);

  private final int code;

  Priority(int code) {
    this.code = code;
  }

  /** The value on the wire. */
  @WireValue
  public int code() {
    return code;
  }
}
