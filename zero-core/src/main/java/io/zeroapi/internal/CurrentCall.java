package io.zeroapi.internal;

import io.zeroapi.ServerCall;

/** The call a thread runs, for {@link ServerCall#current()}; set by the {@link Dispatcher}. */
public final class CurrentCall {
  private static final ThreadLocal<ServerCall> CURRENT = new ThreadLocal<>();

  private CurrentCall() {}

  /** The call this thread runs, or {@code null}. */
  public static ServerCall get() {
    return CURRENT.get();
  }

  /** Sets the call this thread runs; returns the one it ran before (restored with {@link #set} again). */
  static ServerCall set(ServerCall call) {
    ServerCall before = CURRENT.get();
    CURRENT.set(call);
    return before;
  }
}
