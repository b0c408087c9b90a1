package io.zeroapi;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a call ended, in a few kinds that metrics and traces can name: one per kind of {@link
 * ZeroException} (the optional {@code zero-micrometer} and {@code zero-opentelemetry} modules tag
 * calls with {@link #tag()}). Interceptors get it from the failure their stage completes with.
 */
public enum CallOutcome {
  /** The call returned a result. */
  OK("ok"),
  /** Anything else: the function threw ({@link RemoteException}), the connection failed, ... */
  ERROR("error"),
  /** The argument did not decode into the function's type ({@link ValidationException}). */
  INVALID("invalid"),
  /** No such function ({@link FunctionNotFoundException}). */
  NOT_FOUND("not_found"),
  /** Refused by an authentication interceptor ({@link UnauthenticatedException}). */
  UNAUTHENTICATED("unauthenticated"),
  /**
   * Refused for load: the server was busy or shutting down ({@link ServerUnavailableException}),
   * or the client had too many calls pending ({@link TooManyPendingCallsException}).
   */
  REFUSED("refused"),
  /** The caller stopped waiting ({@link CallTimeoutException}). */
  TIMEOUT("timeout");

  private final String tag;

  CallOutcome(String tag) {
    this.tag = tag;
  }

  /**
   * The outcome as a metric tag or span attribute: {@code ok}, {@code error}, {@code invalid},
   * {@code not_found}, {@code unauthenticated}, {@code refused}, {@code timeout}.
   *
   * @return the tag value
   */
  public String tag() {
    return tag;
  }

  /**
   * The outcome of a call that completed with {@code failure} ({@link java.util.concurrent.CompletionException}s
   * and the like are looked through).
   *
   * @param failure what the call failed with, or {@code null} for a result
   * @return the outcome
   */
  public static CallOutcome of(Throwable failure) {
    if (failure == null) {
      return OK;
    }
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof InvocationTargetException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ValidationException) {
      return INVALID;
    }
    if (t instanceof FunctionNotFoundException) {
      return NOT_FOUND;
    }
    if (t instanceof UnauthenticatedException) {
      return UNAUTHENTICATED;
    }
    if (t instanceof ServerUnavailableException || t instanceof TooManyPendingCallsException) {
      return REFUSED;
    }
    if (t instanceof CallTimeoutException) {
      return TIMEOUT;
    }
    return ERROR;
  }
}
