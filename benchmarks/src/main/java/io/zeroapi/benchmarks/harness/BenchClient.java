package io.zeroapi.benchmarks.harness;

/**
 * One system's client side as the load driver sees it. Async clients implement {@link #call};
 * blocking ones implement {@link #callBlocking} and the driver gives each call in flight its own
 * (virtual) thread.
 */
interface BenchClient extends AutoCloseable {
  /** Called once per finished call, on whatever thread the client completes it. */
  interface Done {
    void done(boolean ok);
  }

  /** Starts one call on connection {@code conn}; {@code done} runs exactly once. Thread-safe. */
  void call(int conn, Done done);

  /** True when calls block the caller ({@link #callBlocking}). */
  default boolean blocking() {
    return false;
  }

  /** One call, blocking; throws when it fails. */
  default void callBlocking(int conn) throws Exception {
    throw new UnsupportedOperationException();
  }

  @Override
  void close();
}
