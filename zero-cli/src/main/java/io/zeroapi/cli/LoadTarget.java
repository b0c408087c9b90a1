package io.zeroapi.cli;

import java.util.concurrent.CompletableFuture;

/**
 * What the load runs on: one client over several servers ({@link BalancedTarget}, the
 * multi-endpoint client).
 */
interface LoadTarget extends AutoCloseable {
  /** Calls {@code echo(value)} on one of the servers; completes with the reply or the call's failure. */
  CompletableFuture<String> echo(String value);

  @Override
  void close();
}
