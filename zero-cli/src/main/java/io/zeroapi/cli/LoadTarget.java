package io.zeroapi.cli;

import java.util.concurrent.CompletableFuture;

/**
 * What the load runs on: one client over several servers. Today {@link RoundRobinTarget}; the
 * multi-endpoint client (issue 10 sections 1-2) takes its place by implementing these two methods.
 */
interface LoadTarget extends AutoCloseable {
  /** Calls {@code echo(value)} on one of the servers; completes with the reply or the call's failure. */
  CompletableFuture<String> echo(String value);

  /** Calls sent again to another server because the first one certainly did not run them. */
  long retries();

  @Override
  void close();
}
